from django.urls import path

from walks import owner_views

app_name = "walks_owner"
urlpatterns = [
    path("<str:token>/", owner_views.answer, name="answer"),
]

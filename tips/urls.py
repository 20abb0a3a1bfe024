from django.urls import path

from tips import views

app_name = "tips"
urlpatterns = [
    path("svar/<str:token>/", views.reopen, name="reopen"),
    path("<str:code>/", views.form, name="form"),
]

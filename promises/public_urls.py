from django.urls import path

from promises import public_views

app_name = "public_promises"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<str:code>/", public_views.municipality, name="municipality"),
]

from django.urls import path  # noqa: F401

from policedata import views  # noqa: F401

app_name = "policedata"
urlpatterns = []

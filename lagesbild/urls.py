from django.urls import path  # noqa: F401

from lagesbild import views  # noqa: F401

app_name = "lagesbild"
urlpatterns = []

from django.urls import path  # noqa: F401

from policedata import counts_views, views  # noqa: F401

app_name = "policedata"
urlpatterns = [
    path("polisdata/", views.index, name="index"),
    path("polisdata/anmalda-brott/", counts_views.report_counts, name="counts"),
]

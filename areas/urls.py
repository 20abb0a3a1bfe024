from django.urls import path

from areas import views

app_name = "areas"
urlpatterns = [
    path("omraden/", views.index, name="index"),
    path("omraden/omraden.geojson", views.areas_geojson, name="geojson"),
    path("omraden/<int:area_id>/", views.area, name="area"),
    path("omraden/<int:area_id>/ta-bort/", views.delete_area, name="delete_area"),
    path("platser/<int:place_id>/ta-bort/", views.delete_place, name="delete_place"),
]

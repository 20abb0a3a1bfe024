from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("rapportera/", views.report, name="report"),
    path("rapportera/personuppgifter/", views.pii_check, name="pii_check"),
    path("rapportera/dubbletter/", views.duplicates, name="duplicates"),
    path("mina-rapporter/", views.mine, name="mine"),
    path("handelser/", views.incident_list, name="list"),
    path("handelser/karta/", views.incident_map, name="map"),
    path("handelser/export.<str:fmt>", views.export, name="export"),
    path("handelser/<int:incident_id>/", views.detail, name="detail"),
    path("kategorier/", views.categories, name="categories"),
]

from django.urls import path

from focusareas import views

app_name = "focusareas"
urlpatterns = [
    path("fokusomraden/", views.index, name="index"),
    path("fokusomraden/nytt/", views.create, name="create"),
    path("fokusomraden/<int:focus_area_id>/andra/", views.edit, name="edit"),
    path("fokusomraden/<int:focus_area_id>/ta-bort/", views.delete, name="delete"),
]

from django.urls import path

from yearcycle import views

app_name = "yearcycle"
urlpatterns = [
    path("arshjul/", views.index, name="index"),
    path("arshjul/skapa-fran-mall/", views.generate, name="generate"),
    path("arshjul/ny/", views.create, name="create"),
    path("arshjul/<int:item_id>/andra/", views.edit, name="edit"),
    path("arshjul/<int:item_id>/ta-bort/", views.delete, name="delete"),
    path("arshjul/<int:item_id>/klar/", views.done, name="done"),
    path("arshjul/<int:item_id>/angra-klar/", views.undo, name="undo"),
]

from django.urls import path

from promises import views

app_name = "promises"
urlpatterns = [
    path("medborgarloften/", views.index, name="index"),
    path("medborgarloften/nytt/", views.create, name="create"),
    path("medborgarloften/<int:promise_id>/", views.detail, name="detail"),
    path("medborgarloften/<int:promise_id>/andra/", views.edit, name="edit"),
    path("medborgarloften/<int:promise_id>/ta-bort/", views.delete, name="delete"),
    path("medborgarloften/<int:promise_id>/publicera/", views.publish, name="publish"),
    path("medborgarloften/<int:promise_id>/avpublicera/", views.unpublish, name="unpublish"),
    path("medborgarloften/<int:promise_id>/uppdateringar/", views.add_update, name="add_update"),
    path(
        "medborgarloften/<int:promise_id>/uppdateringar/<int:update_id>/andra/", views.edit_update, name="edit_update"
    ),
    path(
        "medborgarloften/<int:promise_id>/uppdateringar/<int:update_id>/ta-bort/",
        views.delete_update,
        name="delete_update",
    ),
]

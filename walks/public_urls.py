from django.urls import path

from walks import public_views

app_name = "public_walks"
urlpatterns = [
    path("prenumeration/<str:token>/bekrafta/", public_views.confirm, name="confirm"),
    path("prenumeration/<str:token>/avsluta/", public_views.unsubscribe, name="unsubscribe"),
    path("<str:code>/", public_views.municipality, name="municipality"),
    path("<str:code>/karta/", public_views.proposals_map, name="map"),
    path("<str:code>/prenumerera/", public_views.subscribe, name="subscribe"),
    path("<str:code>/foto/<int:photo_id>/", public_views.photo, name="photo"),
    path("<str:code>/<int:walk_id>/", public_views.walk, name="walk"),
    path("<str:code>/<int:walk_id>/aterkoppling.pdf", public_views.walk_pdf, name="walk_pdf"),
    path("<str:code>/<int:walk_id>/aterkoppling.docx", public_views.walk_word, name="walk_word"),
]

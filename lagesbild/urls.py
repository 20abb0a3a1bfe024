from django.urls import path

from lagesbild import settings_views, views, weekly_views

app_name = "lagesbild"
urlpatterns = [
    path("lagesbild/", views.index, name="index"),
    path("lagesbild/ny/", views.create, name="create"),
    path("lagesbild/prenumeration/", weekly_views.subscription, name="subscription"),
    path("lagesbild/installningar/", settings_views.settings, name="settings"),
    path("lagesbild/<int:picture_id>/", views.detail, name="detail"),
    path("lagesbild/<int:picture_id>/faststall/", views.freeze, name="freeze"),
    path("lagesbild/<int:picture_id>/lagesbild.pdf", views.download_pdf, name="pdf"),
    path("lagesbild/<int:picture_id>/lagesbild.docx", views.download_docx, name="docx"),
]

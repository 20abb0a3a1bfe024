from django.urls import path

from agreements import part_views, version_views, views

app_name = "agreements"
A = "overenskommelser/<int:agreement_id>/"
urlpatterns = [
    path("overenskommelser/", views.index, name="index"),
    path("overenskommelser/ny/", views.create, name="create"),
    path(A, views.detail, name="detail"),
    path(A + "andra/", views.edit, name="edit"),
    path(A + "status/", views.change_status, name="status"),
    path(A + "bilagor/", views.annexes, name="annexes"),
    path(A + "overenskommelse.pdf", views.download_pdf, name="pdf"),
    path(A + "overenskommelse.docx", views.download_docx, name="docx"),
    path(A + "versioner/", version_views.versions, name="versions"),
    path(A + "versioner/<int:number>/", version_views.version, name="version"),
    path(A + "avsnitt/nytt/", part_views.section_create, name="section_create"),
    path(A + "avsnitt/<int:section_id>/", part_views.section_edit, name="section_edit"),
    path(A + "avsnitt/<int:section_id>/flytta/", part_views.section_move, name="section_move"),
    path(A + "avsnitt/<int:section_id>/ta-bort/", part_views.section_delete, name="section_delete"),
    path(A + "beslut/nytt/", part_views.decision_create, name="decision_create"),
    path(A + "beslut/<int:decision_id>/", part_views.decision_edit, name="decision_edit"),
    path(A + "beslut/<int:decision_id>/ta-bort/", part_views.decision_delete, name="decision_delete"),
    path(A + "undertecknare/ny/", part_views.signatory_create, name="signatory_create"),
    path(A + "undertecknare/<int:signatory_id>/", part_views.signatory_edit, name="signatory_edit"),
    path(A + "undertecknare/<int:signatory_id>/ta-bort/", part_views.signatory_delete, name="signatory_delete"),
]

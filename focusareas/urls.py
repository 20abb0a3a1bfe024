from django.urls import path

from focusareas import views, views_analysis, views_evidence

app_name = "focusareas"
urlpatterns = [
    path("fokusomraden/", views.index, name="index"),
    path("fokusomraden/nytt/", views.create, name="create"),
    path("fokusomraden/ur-lagesbild/<int:picture_id>/", views_evidence.propose, name="propose"),
    path("fokusomraden/<int:focus_area_id>/", views.detail, name="detail"),
    path("fokusomraden/<int:focus_area_id>/andra/", views.edit, name="edit"),
    path("fokusomraden/<int:focus_area_id>/ta-bort/", views.delete, name="delete"),
    path("fokusomraden/<int:focus_area_id>/beslut/", views.decide, name="decide"),
    path("fokusomraden/<int:focus_area_id>/flytta/", views.move, name="move"),
    path("fokusomraden/<int:focus_area_id>/underlag/", views_evidence.add_evidence, name="add_evidence"),
    path("fokusomraden/<int:focus_area_id>/underlag/siffra/", views_evidence.add_figure, name="add_figure"),
    path(
        "fokusomraden/<int:focus_area_id>/underlag/<int:evidence_id>/ta-bort/",
        views_evidence.remove_evidence,
        name="remove_evidence",
    ),
    path("fokusomraden/<int:focus_area_id>/underlag/koppla/", views_evidence.attach_evidence, name="attach_evidence"),
    path("fokusomraden/<int:focus_area_id>/orsaker/", views_analysis.causes, name="causes"),
    path("fokusomraden/<int:focus_area_id>/orsaker/problem/", views_analysis.save_analysis, name="save_analysis"),
    path("fokusomraden/<int:focus_area_id>/orsaker/ny/", views_analysis.add_cause, name="add_cause"),
    path(
        "fokusomraden/<int:focus_area_id>/orsaker/<int:cause_id>/andra/", views_analysis.edit_cause, name="edit_cause"
    ),
    path(
        "fokusomraden/<int:focus_area_id>/orsaker/<int:cause_id>/ta-bort/",
        views_analysis.delete_cause,
        name="delete_cause",
    ),
]

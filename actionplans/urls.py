from django.urls import path

from actionplans import followup_views, part_views, views

app_name = "actionplans"
P = "handlingsplaner/<int:plan_id>/"
urlpatterns = [
    path("handlingsplaner/", views.index, name="index"),
    path("handlingsplaner/forsenade/", views.late, name="late"),
    path("handlingsplaner/ny/", views.create, name="create"),
    path(P, views.detail, name="detail"),
    path(P + "andra/", views.edit, name="edit"),
    path(P + "ta-bort/", views.delete, name="delete"),
    path(P + "status/", views.transition, name="transition"),
    path(P + "barnkonsekvensanalys/", views.child_impact, name="child_impact"),
    path(P + "uppfoljning/", followup_views.follow_up, name="follow_up"),
    path(P + "utvardering/", followup_views.evaluation, name="evaluation"),
    path(P + "mal/nytt/", part_views.goal_create, name="goal_create"),
    path(P + "mal/<int:goal_id>/andra/", part_views.goal_edit, name="goal_edit"),
    path(P + "mal/<int:goal_id>/ta-bort/", part_views.goal_delete, name="goal_delete"),
    path(P + "aktiviteter/ny/", part_views.activity_create, name="activity_create"),
    path(P + "aktiviteter/<int:activity_id>/andra/", part_views.activity_edit, name="activity_edit"),
    path(P + "aktiviteter/<int:activity_id>/ta-bort/", part_views.activity_delete, name="activity_delete"),
]

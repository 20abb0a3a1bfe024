from django.urls import path

from walks import views

app_name = "walks"
urlpatterns = [
    path("trygghetsvandringar/", views.index, name="index"),
    path("trygghetsvandringar/ny/", views.new, name="new"),
    path("trygghetsvandringar/mina-forslag/", views.mine, name="mine"),
    path("trygghetsvandringar/<int:walk_id>/", views.detail, name="detail"),
    path("trygghetsvandringar/<int:walk_id>/observera/", views.record, name="record"),
    path("trygghetsvandringar/<int:walk_id>/deltagare/", views.participant_add, name="participant_add"),
    path("trygghetsvandringar/<int:walk_id>/inbjudan/", views.invite, name="invite"),
    path("trygghetsvandringar/<int:walk_id>/status/", views.status, name="status"),
    path("trygghetsvandringar/<int:walk_id>/forslag/", views.proposal_add, name="proposal_add"),
    path("trygghetsvandringar/<int:walk_id>/forslag/skicka/", views.proposals_send, name="proposals_send"),
    path("trygghetsvandringar/svarslank/<int:link_id>/aterkalla/", views.revoke_link, name="revoke_link"),
    path("trygghetsvandringar/foto/<int:photo_id>/", views.photo, name="photo"),
    path("trygghetsvandringar/foto/<int:photo_id>/godkann/", views.photo_approve, name="photo_approve"),
]

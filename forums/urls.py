from django.urls import path

from forums import meeting_views as m
from forums import record_views as r
from forums import views

app_name = "forums"
urlpatterns = [
    path("forum/", views.index, name="index"),
    path("forum/nytt/", views.create, name="create"),
    path("forum/kalender/", views.calendar, name="calendar"),
    path("forum/<int:forum_id>/", views.detail, name="detail"),
    path("forum/<int:forum_id>/andra/", views.edit, name="edit"),
    path("forum/<int:forum_id>/medlemmar/", views.member_add, name="member_add"),
    path("forum/<int:forum_id>/medlemmar/<int:member_id>/ta-bort/", views.member_remove, name="member_remove"),
    path("forum/<int:forum_id>/skapa-moten/", views.generate, name="generate"),
    path("forum/<int:forum_id>/nytt-mote/", views.meeting_add, name="meeting_add"),
    path("forum/mote/<int:meeting_id>/", m.meeting, name="meeting"),
    path("forum/mote/<int:meeting_id>/flytta/", m.move, name="meeting_move"),
    path("forum/mote/<int:meeting_id>/stall-in/", m.cancel, name="meeting_cancel"),
    path("forum/mote/<int:meeting_id>/genomfort/", m.held, name="meeting_held"),
    path("forum/mote/<int:meeting_id>/kallelse/", m.invite, name="meeting_invite"),
    path("forum/mote/<int:meeting_id>/dagordning/", m.agenda_add, name="agenda_add"),
    path("forum/dagordning/<int:item_id>/", m.agenda_edit, name="agenda_edit"),
    path("forum/dagordning/<int:item_id>/ta-bort/", m.agenda_delete, name="agenda_delete"),
    path("forum/dagordning/<int:item_id>/flytta/", m.agenda_move, name="agenda_move"),
    path("forum/mote/<int:meeting_id>/lagesbild/", m.picture, name="meeting_picture"),
    path("forum/mote/<int:meeting_id>/handlingar/", m.paper_upload, name="paper_upload"),
    path("forum/handlingar/<int:paper_id>/", m.paper, name="paper"),
    path("forum/handlingar/<int:paper_id>/ta-bort/", m.paper_delete, name="paper_delete"),
    path("forum/mote/<int:meeting_id>/anteckningar/", r.minutes, name="minutes"),
    path("forum/mote/<int:meeting_id>/beslut/", r.decision_add, name="decision_add"),
    path("forum/beslut/<int:decision_id>/ta-bort/", r.decision_delete, name="decision_delete"),
    path("forum/mote/<int:meeting_id>/uppdrag/", r.action_add, name="action_add"),
    path("forum/uppdrag/<int:item_id>/klart/", r.action_done, name="action_done"),
    path("forum/uppdrag/<int:item_id>/ta-bort/", r.action_delete, name="action_delete"),
    path("forum/mote/<int:meeting_id>/narvaro/", r.attendance, name="attendance"),
]

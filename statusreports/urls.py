from django.urls import path

from statusreports import submit_views, views

app_name = "statusreports"
urlpatterns = [
    path("lagesrapporter/", submit_views.mine, name="mine"),
    path("lagesrapporter/<int:report_id>/", submit_views.submit, name="submit"),
    path("lagesrapporter/mote/<int:meeting_id>/", views.meeting, name="meeting"),
    path("lagesrapporter/mote/<int:meeting_id>/begar/", views.request_reports, name="request"),
    path("lagesrapporter/mote/<int:meeting_id>/paminn/", views.remind, name="remind"),
    path("lagesrapporter/mote/<int:meeting_id>/moteshandlingar.pdf", views.papers_pdf, name="papers_pdf"),
]

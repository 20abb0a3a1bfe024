from django.urls import path

from majorevents import views

app_name = "majorevents"
urlpatterns = [
    path("sarskilda-handelser/", views.index, name="index"),
    path("sarskilda-handelser/ny/", views.create, name="create"),
    path("sarskilda-handelser/beredskapslista/", views.on_call, name="on_call"),
    path("sarskilda-handelser/beredskapslista/<int:contact_id>/ta-bort/", views.on_call_delete, name="on_call_delete"),
    path("sarskilda-handelser/<int:event_id>/", views.detail, name="detail"),
    path("sarskilda-handelser/<int:event_id>/lage/", views.live, name="live"),
    path("sarskilda-handelser/<int:event_id>/logg/", views.add_entry, name="add_entry"),
    path("sarskilda-handelser/<int:event_id>/kvittera/", views.acknowledge, name="acknowledge"),
    path("sarskilda-handelser/<int:event_id>/logg/<int:entry_id>/svar/", views.answer, name="answer"),
    path("sarskilda-handelser/<int:event_id>/avsluta/", views.close, name="close"),
    path("sarskilda-handelser/<int:event_id>/utskick/<int:notification_id>/", views.retry, name="retry"),
    path("sarskilda-handelser/<int:event_id>/sammanfattning.<str:fmt>", views.summary_file, name="summary"),
]

"""Major events: opening (e-mail to the on-call list, the first-contact clock), the immutable log,
requests and answers, the personal-data check, scoping, the summaries and the yearly follow-up."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEntry
from majorevents import services, summary
from majorevents.models import Entry, ImmutableEntry, MajorEvent, Notification, OnCallContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(lomma, coordinator):
    OnCallContact.objects.create(municipality=lomma, email="tib@lomma.example", label="TIB")
    return services.open_event(
        lomma, coordinator, title="Stor folksamling vid hamnen", kind="gathering", lat=55.675, lon=13.06
    )


def test_it_mails_the_on_call_list_after_commit(lomma, coordinator, django_capture_on_commit_callbacks):
    OnCallContact.objects.create(municipality=lomma, email="tib@lomma.example", label="TIB")
    OnCallContact.objects.create(municipality=lomma, email="TIB@lomma.example", label="dubblett")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = services.open_event(lomma, coordinator, title="Brand i skolan", kind="fire")
    assert len(mail.outbox) == 0 and len(callbacks) == 1  # one per address, sent only after commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["tib@lomma.example"]]
    assert "Brand i skolan" in mail.outbox[0].subject
    assert f"/k/1262/sarskilda-handelser/{event.pk}/" in mail.outbox[0].body
    assert event.notifications.get().status == Notification.Status.SENT
    assert AuditEntry.objects.filter(object_type="majorevents.majorevent", object_id=str(event.pk)).exists()


def test_a_failed_send_is_retried_and_shown(event, monkeypatch, login):
    from django.core.mail import EmailMessage

    from majorevents import mail as me_mail

    notification = Notification.objects.create(event=event, address="x@lomma.example")
    monkeypatch.setattr(EmailMessage, "send", lambda self: (_ for _ in ()).throw(OSError("SMTP nere")))
    assert me_mail.send_notification(notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and notification.attempts == me_mail.ATTEMPTS
    page = login("coordinator.lomma").get(f"/k/1262/sarskilda-handelser/{event.pk}/")
    assert "SMTP nere" in page.content.decode() and "Skicka igen" in page.content.decode()


def test_the_clock_runs_until_the_police_acknowledge(event, user, coordinator):
    clock = services.first_contact(event, event.opened_at + datetime.timedelta(minutes=12))
    assert clock["minutes"] == 12 and clock["waiting_for"] == "police" and not clock["acknowledged"]
    with pytest.raises(services.MajorEventError):  # the municipality cannot acknowledge its own event
        services.acknowledge(event, coordinator)
    entry = services.acknowledge(event, user("police.kavlinge"))
    event.refresh_from_db()
    assert entry.kind == "acknowledgement" and entry.side == "police"
    clock = services.first_contact(event)
    assert clock["acknowledged"] and clock["within_target"] and event.first_contact_missed_at is None


@override_settings(MAJOR_EVENT_FIRST_CONTACT_MINUTES=10)
def test_a_missed_target_is_logged_once(lomma, coordinator):
    event = services.open_event(lomma, coordinator, title="Hot mot skola", kind="threat")
    assert event.first_contact_target_minutes == 10
    later = event.opened_at + datetime.timedelta(minutes=11)
    assert services.check_first_contact(event, later) is True
    assert services.check_first_contact(event, later) is False
    logged = event.entries.get()
    assert "10 minuter" in logged.text and logged.internal_only
    assert AuditEntry.objects.filter(object_id=str(event.pk), changes__has_key="first_contact_missed").exists()


def test_entries_are_never_changed_nor_deleted(event, coordinator, api):
    entry = services.add_entry(event, coordinator, kind="observation", text="Mycket folk, lugnt.")
    entry.text = "Ändrat"
    with pytest.raises(ImmutableEntry):
        entry.save()
    with pytest.raises(ImmutableEntry):
        entry.delete()
    client = api("coordinator.lomma")
    url = f"/api/v1/major-events/{event.pk}/entries/{entry.pk}"
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(url, {"text": "x"}, content_type="application/json")
        assert response.status_code == 405
    correction = services.add_entry(
        event, coordinator, kind="observation", text="Rättelse: oroligt.", corrects=entry.pk
    )
    assert correction.corrects == entry
    assert Entry.objects.get(pk=entry.pk).text == "Mycket folk, lugnt."


def test_the_api_contract(api, user):
    client = api("police.kavlinge")
    created = client.post(
        "/api/v1/major-events",
        {"municipality": "1262", "title": "Demonstration på torget", "kind": "gathering", "lat": 55.67, "lon": 13.07},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    assert created.json()["opened_by_side"] == "police"
    assert (
        client.post(
            "/api/v1/major-events",
            {"municipality": "1262", "title": "x", "kind": "riot"},
            content_type="application/json",
        ).status_code
        == 422
    )
    url = f"/api/v1/major-events/{event_id}/entries"
    first = client.post(url, {"kind": "observation", "text": "Cirka 300 deltagare."}, content_type="application/json")
    assert first.status_code == 201
    decision = client.post(
        url, {"kind": "decision", "text": "Avspärrning av Hamngatan."}, content_type="application/json"
    )
    assert decision.status_code == 422 and "decided_by" in decision.json()["errors"]
    request = client.post(
        url,
        {
            "kind": "request",
            "text": "Kan kommunen stänga hamnplanen?",
            "assignee": "Kommunen",
            "due_at": (timezone.now() + datetime.timedelta(hours=1)).isoformat(),
            "tags": ["trafik", "egen"],
            "internal_only": True,
        },
        content_type="application/json",
    )
    assert request.status_code == 201 and request.json()["answered"] is False
    request_id = request.json()["id"]
    kommun = api("coordinator.lomma")
    ack = kommun.post(f"/api/v1/major-events/{event_id}/acknowledge", {}, content_type="application/json")
    assert ack.status_code == 200 and ack.json()["kind"] == "acknowledgement"
    answer = kommun.post(
        f"{url}/{request_id}/answer", {"text": "Ja, stängd från 14.00."}, content_type="application/json"
    )
    assert answer.status_code == 201 and answer.json()["answers"] == request_id
    again = kommun.post(f"{url}/{request_id}/answer", {"text": "Igen"}, content_type="application/json")
    assert again.status_code == 409
    detail = kommun.get(f"/api/v1/major-events/{event_id}").json()
    assert [e["kind"] for e in detail["entries"]] == ["observation", "request", "acknowledgement", "information"]
    assert detail["open_requests"] == [] and detail["first_contact"]["acknowledged"] is True
    assert detail["entries"][1]["tags"] == ["trafik", "egen"]
    closed = kommun.post(
        f"/api/v1/major-events/{event_id}/close",
        {"worked": "Snabb kontakt.", "did_not_work": ""},
        content_type="application/json",
    )
    assert closed.status_code == 422 and "did_not_work" in closed.json()["errors"]
    closed = kommun.post(
        f"/api/v1/major-events/{event_id}/close",
        {"worked": "Snabb kontakt.", "did_not_work": "Sen information ut."},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = client.post(url, {"kind": "observation", "text": "Efteråt"}, content_type="application/json")
    assert late.status_code == 409
    text = kommun.get(f"/api/v1/major-events/{event_id}/summary.txt")
    assert text.status_code == 200 and "Kan kommunen stänga hamnplanen?" in text.content.decode()
    public = kommun.get(f"/api/v1/major-events/{event_id}/summary.txt?public=true").content.decode()
    assert "Kan kommunen stänga hamnplanen?" not in public and "Cirka 300 deltagare." in public


def test_personal_data_is_refused_until_confirmed(event, api):
    client = api("coordinator.lomma")
    url = f"/api/v1/major-events/{event.pk}/entries"
    text = "Anna Svensson, 19850101-1234, ringde in."
    refused = client.post(url, {"kind": "observation", "text": text}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["pii_findings"]
    assert not event.entries.exists()


def test_police_liaison_sees_every_municipality_of_the_area_and_nobody_else(event, api, login):
    assert api("police.kavlinge").get(f"/api/v1/major-events/{event.pk}").status_code == 200
    assert api("coordinator.hoor").get(f"/api/v1/major-events/{event.pk}").status_code == 404
    assert api("coordinator.hoor").get("/api/v1/major-events").json() == []
    assert login("coordinator.hoor").get(f"/k/1262/sarskilda-handelser/{event.pk}/").status_code == 404
    assert login("coordinator.hoor").get(f"/k/1267/sarskilda-handelser/{event.pk}/").status_code == 404


def test_the_page_and_its_live_fragment(event, login, user):
    services.add_entry(event, user("coordinator.lomma"), kind="observation", text="Köer vid Lomma hamn.")
    client = login("tib.lomma")
    page = client.get(f"/k/1262/sarskilda-handelser/{event.pk}/").content.decode()
    assert 'hx-trigger="every 5s' in page and "Gruppnivå" in page and 'id="entry-form"' in page
    fragment = client.get(f"/k/1262/sarskilda-handelser/{event.pk}/lage/").content.decode()
    assert "Köer vid Lomma hamn." in fragment and "entry-form" not in fragment
    posted = client.post(
        f"/k/1262/sarskilda-handelser/{event.pk}/logg/",
        {"kind": "decision", "text": "Extra bussar.", "decided_by": "TIB", "tags": ["trafik"], "free_tags": "buss"},
    )
    assert posted.status_code == 302
    assert event.entries.last().tags == ["trafik", "buss"]
    missing = client.post(f"/k/1262/sarskilda-handelser/{event.pk}/logg/", {"kind": "request", "text": "Hjälp?"})
    assert missing.status_code == 422 and "Fyll i vem som ska svara." in missing.content.decode()


def test_the_on_call_list_page(login, lomma):
    client = login("coordinator.lomma")
    assert client.post("/k/1262/sarskilda-handelser/beredskapslista/", {"label": "TIB"}).status_code == 422
    assert (
        client.post(
            "/k/1262/sarskilda-handelser/beredskapslista/", {"label": "TIB", "email": "tib@lomma.example"}
        ).status_code
        == 302
    )
    assert OnCallContact.objects.filter(municipality=lomma, email="tib@lomma.example").exists()
    assert login("tib.lomma").get("/k/1262/sarskilda-handelser/beredskapslista/").status_code == 403


def test_the_summaries(event, coordinator):
    services.add_entry(event, coordinator, kind="decision", text="Hamnplanen stängs.", decided_by="TIB")
    services.add_entry(event, coordinator, kind="information", text="Info på webben.", recipients="Allmänheten")
    pdf = summary.render(event, "pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.filename.endswith(".pdf")
    docx = summary.render(event, "docx")
    assert docx.content.startswith(b"PK")
    text = summary.text(event)
    assert "Hamnplanen stängs. (beslutat av TIB)" in text and "Allmänheten: Info på webben." in text


def test_it_shows_est_reports_near_the_place_since_the_start(event, report):
    near = report(lat=55.6755, lon=13.061, occurred_at=timezone.now())
    far = report(lat=55.70, lon=13.20, occurred_at=timezone.now())
    before = report(lat=55.6755, lon=13.061, occurred_at=event.started_at - datetime.timedelta(days=1))
    shown = services.nearby_reports(event)
    assert near in shown and far not in shown and before not in shown


def test_closed_events_are_in_the_yearly_follow_up(event, coordinator):
    from majorevents import reporting as majorevents_section

    services.close(event, coordinator, worked="Snabb första kontakt.", did_not_work="Listan var gammal.")
    rows = majorevents_section.closed_events(event.municipality, timezone.localdate(event.closed_at).year)
    assert [r["title"] for r in rows] == ["Stor folksamling vid hamnen"]
    assert rows[0]["did_not_work"] == "Listan var gammal."
    assert MajorEvent.objects.get(pk=event.pk).status == "closed"


def test_the_demo_event_is_closed_with_its_log(lomma):
    from demo import major_events

    today = datetime.date(2026, 12, 3)
    major_events.load(today)
    major_events.load(today)  # idempotent
    event = MajorEvent.objects.get(municipality=lomma, title=major_events.TITLE)
    assert event.status == "closed" and event.evaluation_did_not_work
    assert timezone.localtime(event.started_at).date() == datetime.date(2026, 7, 11)
    clock = services.first_contact(event)
    assert clock["minutes"] == 25 and clock["within_target"]
    kinds = list(event.entries.values_list("kind", flat=True))
    assert kinds.count("decision") == 1 and kinds.count("acknowledgement") == 1
    assert not services.open_requests(event).exists()
    assert event.entries.filter(corrects__isnull=False).exists()
    assert len(mail.outbox) == 0


def test_the_public_summary_page_leaves_out_internal_entries(event, coordinator, login):
    services.add_entry(event, coordinator, kind="observation", text="Bråk vid kiosken.", internal_only=True)
    services.add_entry(event, coordinator, kind="observation", text="Lugnt vid bryggan.")
    client = login("coordinator.lomma")
    full = client.get(f"/k/1262/sarskilda-handelser/{event.pk}/sammanfattning.txt").content.decode()
    public = client.get(f"/k/1262/sarskilda-handelser/{event.pk}/sammanfattning.txt?offentlig=1").content.decode()
    assert "Bråk vid kiosken." in full and "Bråk vid kiosken." not in public and "Lugnt vid bryggan." in public
    assert client.get(f"/k/1262/sarskilda-handelser/{event.pk}/sammanfattning.xls").status_code == 404

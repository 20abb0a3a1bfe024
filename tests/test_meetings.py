"""The meeting page and its actions: move, cancel, held, agenda, papers, minutes, decisions,
action items, attendance, the invitation and the reminders."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from forums import mail, meetings, services
from forums.models import AgendaItem, Attendance, Forum, Meeting, MeetingPaper

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(lomma, coordinator, user):
    forum = services.create_forum(
        lomma, coordinator, name="Lägesbildsgruppen", cadence=Forum.Cadence.WEEKLY, location="Polisstationen"
    )
    reader = user("reader.lomma")
    reader.email = "reader@lomma.example"
    reader.save(update_fields=["email"])
    services.add_member(forum, coordinator, user=reader, role_title="Fältsekreterare")
    services.add_member(forum, coordinator, name="Kim Polis", email="kim@polisen.example", role_title="Kommunpolis")
    services.add_member(forum, coordinator, name="Utan Adress", role_title="Rektor", kind="adjunct")
    return forum


@pytest.fixture
def meeting(forum, coordinator):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    return meetings.add_meeting(forum, coordinator, starts_at=start)


def url(meeting, tail=""):
    return f"/k/1262/forum/mote/{meeting.pk}/{tail}"


def attachment(message) -> Calendar:
    part = message.attachments[0]
    assert part.get_filename() == "mote.ics" and part.get_content_type() == "text/calendar"
    assert part.get_param("method") in ("REQUEST", "CANCEL")
    return Calendar.from_ical(part.get_payload(decode=True))


def test_it_shows_the_meeting_page(login, meeting):
    response = login("reader.lomma").get(url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lägesbildsgruppen" in html and "Dagordning" in html and "Skicka kallelse" not in html


def test_it_moves_a_meeting_and_tells_the_members(login, meeting, mailoutbox, django_capture_on_commit_callbacks):
    original = meeting.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        response = login("coordinator.lomma").post(url(meeting, "flytta/"), {"date": "2027-01-12", "time": "13:00"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.moved_from == original and meeting.sequence == 1
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2027-01-12 13:00"
    assert sorted(m.to[0] for m in mailoutbox) == ["kim@polisen.example", "reader@lomma.example"]
    assert "Ny tid" in mailoutbox[0].subject
    event = attachment(mailoutbox[0]).events[0]
    assert event.get("sequence") == 1 and event.get("status") == "CONFIRMED"


def test_a_second_move_keeps_the_first_original_time(meeting, coordinator):
    original = meeting.starts_at
    meetings.move_meeting(meeting, coordinator, original + datetime.timedelta(days=1), notify=False)
    moved = meetings.move_meeting(meeting, coordinator, original + datetime.timedelta(days=2), notify=False)
    assert moved.moved_from == original and moved.sequence == 2


def test_it_cancels_with_a_reason_and_tells_the_members(login, meeting, mailoutbox, django_capture_on_commit_callbacks):
    client = login("coordinator.lomma")
    assert client.post(url(meeting, "stall-in/"), {"reason": ""}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(meeting, "stall-in/"), {"reason": "Krockar med kommunfullmäktige"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "Krockar med kommunfullmäktige"
    assert meeting.sequence == 1 and len(mailoutbox) == 2
    assert "Krockar med kommunfullmäktige" in mailoutbox[0].body
    cal = attachment(mailoutbox[0])
    assert cal.get("method") == "CANCEL" and cal.events[0].get("status") == "CANCELLED"


def test_it_marks_a_past_meeting_held(meeting, coordinator):
    with pytest.raises(meetings.MeetingError):
        meetings.mark_held(meeting, coordinator)
    past = meetings.add_meeting(meeting.forum, coordinator, starts_at=timezone.now() - datetime.timedelta(days=1))
    assert meetings.mark_held(past, coordinator).status == "held"


def test_it_sends_the_invitation_with_the_agenda(
    login, meeting, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    meetings.add_agenda_item(meeting, coordinator, title="Läget i Bjärred", presenter="Kommunpolisen")
    with django_capture_on_commit_callbacks(execute=True):
        response = login("coordinator.lomma").post(url(meeting, "kallelse/"), follow=True)
    assert "Kallelsen är skickad till 2 personer." in response.content.decode()
    assert len(mailoutbox) == 2  # the adjunct without an address gets nothing
    message = mailoutbox[0]
    assert message.subject.startswith("Kallelse: Lägesbildsgruppen")
    assert "1. Läget i Bjärred (Kommunpolisen)" in message.body and url(meeting) in message.body
    cal = attachment(message)
    assert cal.get("method") == "REQUEST"
    assert len(cal.events[0].get("attendee")) == 2
    meeting.refresh_from_db()
    assert meeting.invited_at is not None


def test_the_invitation_leaves_only_when_the_transaction_commits(meeting, coordinator, mailoutbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        meetings.send_invitation(meeting, coordinator)
        raise RuntimeError("a later step fails")
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.invited_at is None


def test_agenda_items_are_added_edited_reordered_and_deleted(login, meeting):
    client = login("coordinator.lomma")
    for title in ("Inledning", "Lägesbild", "Övrigt"):
        assert client.post(url(meeting, "dagordning/"), {"title": title, "presenter": "Ordf."}).status_code == 302
    assert client.post(url(meeting, "dagordning/"), {"title": ""}).status_code == 422
    items = list(meeting.agenda.all())
    assert [i.title for i in items] == ["Inledning", "Lägesbild", "Övrigt"]
    client.post(f"/k/1262/forum/dagordning/{items[2].pk}/flytta/", {"direction": "up"})
    assert [i.title for i in meeting.agenda.all()] == ["Inledning", "Övrigt", "Lägesbild"]
    assert client.get(f"/k/1262/forum/dagordning/{items[0].pk}/").status_code == 200
    client.post(f"/k/1262/forum/dagordning/{items[0].pk}/", {"title": "Välkommen", "presenter": "Samordnaren"})
    assert AgendaItem.objects.get(pk=items[0].pk).title == "Välkommen"
    client.post(f"/k/1262/forum/dagordning/{items[1].pk}/ta-bort/")
    assert [i.title for i in meeting.agenda.all()] == ["Välkommen", "Övrigt"]


def test_it_attaches_only_a_frozen_situation_picture(login, meeting, lomma, coordinator):
    from lagesbild import services as lagesbild

    picture = lagesbild.create_picture(
        lomma, coordinator, date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 31)
    )
    client = login("coordinator.lomma")
    assert client.post(url(meeting, "lagesbild/"), {"picture": picture.pk}).status_code == 422
    lagesbild.freeze(picture, coordinator)
    client.post(url(meeting, "lagesbild/"), {"picture": picture.pk})
    meeting.refresh_from_db()
    assert meeting.situation_picture == picture
    assert f"/k/1262/lagesbild/{picture.pk}/" in client.get(url(meeting)).content.decode()


def test_papers_are_uploaded_and_downloaded_only_with_permission(login, meeting):
    client = login("coordinator.lomma")
    upload = SimpleUploadedFile("handling.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert (
        client.post(url(meeting, "handlingar/"), {"paper-title": "Underlag", "paper-file": upload}).status_code == 302
    )
    paper = MeetingPaper.objects.get(meeting=meeting)
    response = login("reader.lomma").get(f"/k/1262/forum/handlingar/{paper.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in response["Content-Disposition"]
    assert login("coordinator.hoor").get(f"/k/1262/forum/handlingar/{paper.pk}/").status_code == 404
    assert login("coordinator.hoor").get(f"/k/1267/forum/handlingar/{paper.pk}/").status_code == 404
    assert login("reporter.lomma").get(f"/k/1262/forum/handlingar/{paper.pk}/").status_code == 403
    assert "/media/" not in client.get(url(meeting)).content.decode()


def test_it_refuses_other_file_types_and_big_files(login, meeting, monkeypatch):
    client = login("coordinator.lomma")
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url(meeting, "handlingar/"), {"paper-title": "X", "paper-file": exe})
    assert response.status_code == 422 and "Filtypen är inte tillåten" in response.content.decode()
    monkeypatch.setattr(meetings, "MAX_PAPER_BYTES", 10)
    big = SimpleUploadedFile("stor.txt", b"x" * 11, content_type="text/plain")
    response = client.post(url(meeting, "handlingar/"), {"paper-title": "X", "paper-file": big})
    assert response.status_code == 422 and "högst 20 MB" in response.content.decode()
    assert not MeetingPaper.objects.exists()


def test_minutes_with_personal_data_are_stored_with_a_warning(login, meeting):
    client = login("coordinator.lomma")
    response = client.post(
        url(meeting, "anteckningar/"), {"minutes": "Ring Anna Andersson på 070-123 45 67."}, follow=True
    )
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("Ring Anna")
    assert {f["kind"] for f in meeting.minutes_pii} >= {"name", "phone"}
    assert "kan innehålla personuppgifter" in response.content.decode()
    client.post(url(meeting, "anteckningar/"), {"minutes": "Lugnt i centrum."})
    meeting.refresh_from_db()
    assert meeting.minutes_pii == []


def test_it_keeps_the_minutes_masked_in_the_audit_log(login, meeting):
    from audit.models import AuditEntry

    client = login("coordinator.lomma")
    client.post(url(meeting, "anteckningar/"), {"minutes": "Ring Anna Andersson på 070-123 45 67."})
    client.post(url(meeting, "anteckningar/"), {"minutes": "Lugnt i centrum."})
    entries = AuditEntry.objects.filter(object_type="forums.meeting", object_id=str(meeting.pk), action="update")
    logged = str([e.changes for e in entries])
    assert "Lugnt i centrum." in logged
    assert "Anna" not in logged and "070-123 45 67" not in logged


def test_decisions_and_action_items(login, meeting):
    client = login("coordinator.lomma")
    client.post(url(meeting, "beslut/"), {"decision-text": "Trygghetsvandring i maj."})
    decision = meeting.decisions.get()
    client.post(url(meeting, "uppdrag/"), {"text": "Boka lokal", "owner": "Samordnaren", "due_date": "2020-02-01"})
    item = meeting.action_items.get()
    assert "Försenat" in client.get(url(meeting)).content.decode()
    client.post(f"/k/1262/forum/uppdrag/{item.pk}/klart/", {"done": "1"})
    item.refresh_from_db()
    assert item.done_at == timezone.localdate()
    assert client.post(url(meeting, "uppdrag/"), {"text": "", "owner": ""}).status_code == 422
    client.post(f"/k/1262/forum/beslut/{decision.pk}/ta-bort/")
    client.post(f"/k/1262/forum/uppdrag/{item.pk}/ta-bort/")
    assert not meeting.decisions.exists() and not meeting.action_items.exists()


def test_attendance_is_recorded_per_member(login, meeting):
    members = list(meeting.forum.members.all())
    client = login("coordinator.lomma")
    client.post(url(meeting, "narvaro/"), {f"member-{members[0].pk}": "present", f"member-{members[1].pk}": "excused"})
    assert dict(Attendance.objects.values_list("member_id", "status")) == {
        members[0].pk: "present",
        members[1].pk: "excused",
    }
    client.post(url(meeting, "narvaro/"), {f"member-{members[0].pk}": "absent", f"member-{members[1].pk}": ""})
    assert dict(Attendance.objects.values_list("member_id", "status")) == {members[0].pk: "absent"}


def test_reminders_are_sent_once_within_reminder_days(forum, coordinator, mailoutbox):
    now = timezone.now()
    soon = meetings.add_meeting(forum, coordinator, starts_at=now + datetime.timedelta(days=1))
    later = meetings.add_meeting(forum, coordinator, starts_at=now + datetime.timedelta(days=5))
    cancelled = meetings.add_meeting(forum, coordinator, starts_at=now + datetime.timedelta(hours=5))
    meetings.cancel_meeting(cancelled, coordinator, "Sjukdom", notify=False)
    call_command("send_meeting_reminders", verbosity=0)
    assert len(mailoutbox) == 2 and all(m.subject.startswith("Påminnelse") for m in mailoutbox)
    call_command("send_meeting_reminders", verbosity=0)
    assert len(mailoutbox) == 2
    assert Meeting.objects.get(pk=soon.pk).reminded_at is not None
    assert Meeting.objects.get(pk=later.pk).reminded_at is None
    assert mail.send_reminders(now + datetime.timedelta(days=4)) == 1  # the later one, once it is close
    # a moved meeting is reminded again, of its new time
    meetings.move_meeting(soon, coordinator, soon.starts_at + datetime.timedelta(hours=2), notify=False)
    assert mail.send_reminders() == 1 and len(mailoutbox) == 6


def test_meeting_writes_are_audited(meeting, coordinator):
    from audit.models import AuditEntry

    meetings.move_meeting(meeting, coordinator, meeting.starts_at + datetime.timedelta(hours=1), notify=False)
    entry = AuditEntry.objects.filter(object_type="forums.meeting", action="update").latest("id")
    assert set(entry.changes) >= {"starts_at", "sequence", "moved_from"}
    assert entry.municipality_id == meeting.forum.municipality_id

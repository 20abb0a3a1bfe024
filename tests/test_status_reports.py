"""Status reports (lägesrapporter): asking the forum's organisations, who gets the e-mail, who may
answer, personal data in the answers, the lock at the meeting's start, and the overview page."""

import datetime

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AuditEntry
from forums.models import Forum, ForumMember, Meeting
from statusreports import services
from statusreports.models import StatusReport
from tenancy.models import Membership, Municipality, Organisation

pytestmark = pytest.mark.django_db

FRITIDS = "Fritidsgårdarna i Lomma"
SKOLOR = "Skolorna i Lomma"


def organisation(lomma, name) -> Organisation:
    return Organisation.objects.get(municipality=lomma, name=name)


def make_meeting(municipality, *, days: float = 10, orgs=(FRITIDS, SKOLOR), report_days: int = 3, name="") -> Meeting:
    """A forum with one seat per organisation and a meeting `days` from now."""
    forum = Forum.objects.create(
        municipality=municipality,
        name=name or f"Samverkansgrupp {Forum.objects.count() + 1}",
        status_report_days=report_days,
        location="Lomma kommunhus",
    )
    for org in orgs:
        ForumMember.objects.create(
            forum=forum,
            role_title="Representant",
            organisation=Organisation.objects.get(municipality=municipality, name=org),
        )
    starts = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(forum=forum, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


def with_email(user, username):
    u = user(username)
    u.email = f"{username}@example.se"
    u.save()
    return u


def report_of(meeting, name) -> StatusReport:
    return meeting.status_reports.get(organisation__name=name)


# ---- requesting ----------------------------------------------------------------------------------


def test_it_asks_each_organisation_once(lomma, user):
    meeting = make_meeting(lomma)
    # a second seat of the same organisation, and a seat without organisation
    ForumMember.objects.create(forum=meeting.forum, role_title="Ersättare", organisation=organisation(lomma, FRITIDS))
    ForumMember.objects.create(forum=meeting.forum, role_title="Ordförande", name="Ordförande")
    coordinator = user("coordinator.lomma")
    created = services.request_reports(meeting, coordinator)
    assert sorted(r.organisation.name for r in created) == [FRITIDS, SKOLOR]
    assert services.request_reports(meeting, coordinator) == []
    ForumMember.objects.create(
        forum=meeting.forum, role_title="Chef", organisation=organisation(lomma, "Socialtjänsten")
    )
    assert [r.organisation.name for r in services.request_reports(meeting, coordinator)] == ["Socialtjänsten"]
    assert meeting.status_reports.count() == 3
    assert AuditEntry.objects.filter(object_type="statusreports.statusreport", action="create").count() == 3


def test_the_due_date_is_days_before_the_meeting_but_never_in_the_past(lomma, user):
    meeting = make_meeting(lomma, days=10, report_days=3)
    report = services.request_reports(meeting, user("coordinator.lomma"))[0]
    assert report.due_date == timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=3)
    soon = make_meeting(lomma, days=1, report_days=3)
    assert services.request_reports(soon, user("coordinator.lomma"))[0].due_date == timezone.localdate()


def test_a_due_date_in_the_past_or_after_the_meeting_is_refused(lomma, user, login):
    meeting = make_meeting(lomma)
    with pytest.raises(services.StatusReportError):
        services.request_reports(meeting, user("coordinator.lomma"), timezone.localdate() - datetime.timedelta(days=1))
    url = f"/k/1262/lagesrapporter/mote/{meeting.pk}/begar/"
    late = (timezone.localtime(meeting.starts_at) + datetime.timedelta(days=2)).date()
    response = login("coordinator.lomma").post(url, {"due_date": late.isoformat()})
    assert response.status_code == 422
    assert "Sista dag måste vara senast mötesdagen." in response.content.decode()
    assert not meeting.status_reports.exists()


def test_no_reports_can_be_requested_for_a_meeting_that_started(lomma, user):
    meeting = make_meeting(lomma, days=-1)
    with pytest.raises(services.StatusReportError):
        services.request_reports(meeting, user("coordinator.lomma"))


def test_the_email_goes_to_the_organisations_people(lomma, user, django_user_model):
    meeting = make_meeting(lomma, name="Trygghetsrådets samverkansgrupp")
    fritids = organisation(lomma, FRITIDS)
    ForumMember.objects.create(
        forum=meeting.forum,
        role_title="Fritidschef",
        name="Fritidschefen",
        email="fritid@lomma.example",
        organisation=fritids,
    )
    with_email(user, "reporter.lomma")  # reporter for Fritidsgårdarna: may answer
    with_email(user, "reader.lomma")  # no organisation
    other = django_user_model.objects.create_user("reader.fritids", email="reader.fritids@example.se")
    Membership.objects.create(user=other, municipality=lomma, role="reader", organisation=fritids)  # may not answer
    services.request_reports(meeting, user("coordinator.lomma"))
    to_fritids = [m for m in mail.outbox if FRITIDS in m.body]
    assert sorted(m.to[0] for m in to_fritids) == ["fritid@lomma.example", "reporter.lomma@example.se"]
    message = to_fritids[0]
    report = report_of(meeting, FRITIDS)
    assert "Trygghetsrådets samverkansgrupp" in message.subject
    assert f"http://127.0.0.1:8000/k/1262/lagesrapporter/{report.pk}/" in message.body
    due = report.due_date
    assert f"{due.day} " in message.body and str(due.year) in message.body
    assert "inga namn" in message.body


def test_only_coordinators_police_and_admins_request(lomma, login):
    meeting = make_meeting(lomma)
    url = f"/k/1262/lagesrapporter/mote/{meeting.pk}/begar/"
    for name in ("reader.lomma", "reporter.lomma"):
        assert login(name).post(url).status_code == 403
    assert login("coordinator.hoor").post(url).status_code == 404
    assert not meeting.status_reports.exists()
    assert login("police.kavlinge").post(url).status_code == 302
    assert meeting.status_reports.count() == 2


def test_a_meeting_of_another_municipality_is_not_found(login, user):
    hoor = Municipality.objects.get(code="1267")
    Organisation.objects.get_or_create(municipality=hoor, name="Höörs skolor")
    meeting = make_meeting(hoor, orgs=("Höörs skolor",))
    assert login("coordinator.lomma").get(f"/k/1262/lagesrapporter/mote/{meeting.pk}/").status_code == 404
    assert login("coordinator.lomma").get(f"/k/1267/lagesrapporter/mote/{meeting.pk}/").status_code == 404


# ---- answering -----------------------------------------------------------------------------------

TEXTS = {
    "situation": "Lugnt på fritidsgårdarna, fler besökare på fredagar.",
    "observations": "Samlingar vid stationen sena kvällar.",
    "measures": "Nattvandring fredagar.",
    "needs": "",
}


def test_the_own_organisation_answers_others_get_403_and_outsiders_404(lomma, user, login):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    own, other = report_of(meeting, FRITIDS), report_of(meeting, SKOLOR)
    reporter = login("reporter.lomma")
    assert reporter.get(f"/k/1262/lagesrapporter/{own.pk}/").status_code == 200
    response = reporter.post(f"/k/1262/lagesrapporter/{own.pk}/", TEXTS)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.submitted_by == user("reporter.lomma") and own.submitted_at is not None
    assert own.situation == TEXTS["situation"]
    assert reporter.get(f"/k/1262/lagesrapporter/{other.pk}/").status_code == 403
    assert reporter.post(f"/k/1262/lagesrapporter/{other.pk}/", TEXTS).status_code == 403
    assert login("reader.lomma").get(f"/k/1262/lagesrapporter/{own.pk}/").status_code == 403
    assert login("coordinator.hoor").get(f"/k/1262/lagesrapporter/{own.pk}/").status_code == 404
    assert login("coordinator.hoor").get(f"/k/1267/lagesrapporter/{own.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.submitted_at is None


def test_a_forum_seat_lets_a_user_answer_for_that_organisation(lomma, user, login, django_user_model):
    meeting = make_meeting(lomma)
    rektor = django_user_model.objects.create_user("rektor", password="x")
    Membership.objects.create(user=rektor, municipality=lomma, role="member")
    ForumMember.objects.create(
        forum=meeting.forum, user=rektor, role_title="Rektor", organisation=organisation(lomma, SKOLOR)
    )
    services.request_reports(meeting, user("coordinator.lomma"))
    client = login("rektor")
    assert client.post(f"/k/1262/lagesrapporter/{report_of(meeting, SKOLOR).pk}/", TEXTS).status_code == 302
    assert client.get(f"/k/1262/lagesrapporter/{report_of(meeting, FRITIDS).pk}/").status_code == 403
    mine = client.get("/k/1262/lagesrapporter/").content.decode()
    assert meeting.forum.name in mine and SKOLOR in mine and FRITIDS not in mine


def test_a_coordinator_answers_on_behalf(lomma, user, login):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, SKOLOR)
    client = login("coordinator.lomma")
    assert (
        "Du svarar på uppdrag av Skolorna i Lomma."
        in client.get(f"/k/1262/lagesrapporter/{report.pk}/").content.decode()
    )
    assert client.post(f"/k/1262/lagesrapporter/{report.pk}/", TEXTS).status_code == 302
    report.refresh_from_db()
    assert report.submitted_by == user("coordinator.lomma")


def test_an_empty_answer_is_refused_with_a_message(lomma, user, login):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, FRITIDS)
    response = login("reporter.lomma").post(f"/k/1262/lagesrapporter/{report.pk}/", {"situation": "  "})
    assert response.status_code == 422
    assert "Skriv något i minst en av de fyra delarna." in response.content.decode()
    report.refresh_from_db()
    assert report.submitted_at is None


def test_personal_data_is_shown_then_kept_as_flags_or_masked(lomma, user, login):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, FRITIDS)
    url = f"/k/1262/lagesrapporter/{report.pk}/"
    client = login("reporter.lomma")
    texts = dict(TEXTS, observations="Emma Svensson, 070-123 45 67, brukar samla ungdomar vid stationen.")
    response = client.post(url, texts)
    page = response.content.decode()
    assert response.status_code == 200 and "Möjliga personuppgifter: namn, telefonnummer" in page
    assert "Emma Svensson, 070-123 45 67" in page  # nothing typed is lost
    report.refresh_from_db()
    assert report.submitted_at is None  # not saved until the reporter decides

    client.post(url, dict(texts, keep_pii="1"))
    report.refresh_from_db()
    assert report.submitted_at is not None and "Emma Svensson" in report.observations
    assert {(f["field"], f["kind"]) for f in report.pii_flags} == {("observations", "name"), ("observations", "phone")}
    assert "Emma" not in str(report.pii_flags)
    entries = AuditEntry.objects.filter(object_type="statusreports.statusreport", object_id=str(report.pk))
    assert entries.count() == 2
    assert "Emma" not in str([e.changes for e in entries]) and "070-123" not in str([e.changes for e in entries])
    overview = login("coordinator.lomma").get(f"/k/1262/lagesrapporter/mote/{meeting.pk}/").content.decode()
    assert "Möjliga personuppgifter:" in overview and "namn (Händelser och tendenser sedan förra mötet)" in overview

    client.post(url, dict(texts, mask_pii="on"))
    report.refresh_from_db()
    assert report.observations == "[namn], [telefonnummer], brukar samla ungdomar vid stationen."
    assert report.pii_flags == []


def test_the_report_locks_when_the_meeting_starts(lomma, user, login):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, FRITIDS)
    services.submit(report, user("reporter.lomma"), situation="Lugnt.")
    services.submit(report, user("reporter.lomma"), situation="Lugnt, men fler samlingar.")  # resubmitting updates
    report.refresh_from_db()
    assert report.situation == "Lugnt, men fler samlingar."
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(services.ReportLocked):
        services.submit(report, user("reporter.lomma"), situation="För sent.")
    client = login("reporter.lomma")
    url = f"/k/1262/lagesrapporter/{report.pk}/"
    assert client.post(url, {"situation": "För sent."}).status_code == 302
    page = client.get(url).content.decode()
    assert "kan inte längre ändras" in page and "Lugnt, men fler samlingar." in page and "<textarea" not in page
    report.refresh_from_db()
    assert report.situation == "Lugnt, men fler samlingar."
    mine = client.get("/k/1262/lagesrapporter/").content.decode()
    assert "Inga öppna förfrågningar just nu." in mine and meeting.forum.name in mine


# ---- the overview, reminders by hand, the meeting page's panel ------------------------------------


def test_the_overview_shows_who_answered_who_is_late_and_the_texts(lomma, user, login):
    meeting = make_meeting(lomma, orgs=(FRITIDS, SKOLOR, "Socialtjänsten"))
    services.request_reports(meeting, user("coordinator.lomma"))
    services.submit(report_of(meeting, FRITIDS), user("reporter.lomma"), **TEXTS)
    StatusReport.objects.filter(organisation__name=SKOLOR).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    ForumMember.objects.create(
        forum=meeting.forum, role_title="Brandchef", organisation=organisation(lomma, "Räddningstjänsten Syd")
    )
    page = login("reader.lomma").get(f"/k/1262/lagesrapporter/mote/{meeting.pk}/").content.decode()
    assert "Inte inskickad" in page and "Försenad" in page and "Inte begärd" in page
    assert TEXTS["observations"] in page
    assert "Påminn" not in page  # readers only read
    coordinator_page = login("coordinator.lomma").get(f"/k/1262/lagesrapporter/mote/{meeting.pk}/").content.decode()
    assert "Påminn alla som inte svarat" in coordinator_page
    assert page.count("Försenad") == 1


def test_reminding_one_or_all_mails_again_and_notes_when(lomma, user, login):
    with_email(user, "reporter.lomma")
    meeting = make_meeting(lomma, orgs=(FRITIDS, SKOLOR))
    ForumMember.objects.create(
        forum=meeting.forum, role_title="Rektor", email="rektor@lomma.example", organisation=organisation(lomma, SKOLOR)
    )
    services.request_reports(meeting, user("coordinator.lomma"))
    mail.outbox.clear()
    client = login("coordinator.lomma")
    url = f"/k/1262/lagesrapporter/mote/{meeting.pk}/paminn/"
    assert client.post(url, {"report": report_of(meeting, SKOLOR).pk}).status_code == 302
    assert [m.to for m in mail.outbox] == [["rektor@lomma.example"]]
    assert mail.outbox[0].subject.startswith("Påminnelse")
    assert report_of(meeting, SKOLOR).reminded_at is not None and report_of(meeting, FRITIDS).reminded_at is None
    services.submit(report_of(meeting, FRITIDS), user("reporter.lomma"), situation="Lugnt.")
    mail.outbox.clear()
    client.post(url)  # all who have not answered: only the schools
    assert [m.to for m in mail.outbox] == [["rektor@lomma.example"]]
    assert report_of(meeting, FRITIDS).reminded_at is None
    assert login("reader.lomma").post(url).status_code == 403


def test_the_meeting_panel_counts_and_offers_the_request(lomma, user):
    meeting = make_meeting(lomma)
    editor = {"edit_collaboration": True}
    html = render_to_string(
        "statusreports/_meeting_panel.html", {"meeting": meeting, "municipality": lomma, "can": editor}
    )
    assert "Lägesrapporter" in html and "Inga lägesrapporter begärda ännu." in html and "Begär lägesrapporter" in html
    services.request_reports(meeting, user("coordinator.lomma"))
    services.submit(report_of(meeting, FRITIDS), user("reporter.lomma"), situation="Lugnt.")
    html = render_to_string("statusreports/_meeting_panel.html", {"meeting": meeting, "municipality": lomma, "can": {}})
    assert "1 av 2 inskickade." in html and "Begär lägesrapporter" not in html
    assert f"/k/1262/lagesrapporter/mote/{meeting.pk}/" in html


def test_the_forums_meeting_page_shows_the_panel(lomma, user, login):
    from django.urls import reverse

    meeting = make_meeting(lomma)
    url = reverse("forums:meeting", kwargs={"code": "1262", "meeting_id": meeting.pk})
    page = login("coordinator.lomma").get(url).content.decode()
    assert "Inga lägesrapporter begärda ännu." in page
    services.request_reports(meeting, user("coordinator.lomma"))
    page = login("reader.lomma").get(url).content.decode()
    assert "0 av 2 inskickade." in page and "Begär lägesrapporter" not in page

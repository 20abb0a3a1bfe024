"""The status report API: the list per meeting, the request, and the answer."""

import pytest
from django.core import mail

from forums.models import ForumMember
from statusreports import services
from tenancy.models import Municipality, Organisation
from tests.test_status_reports import FRITIDS, SKOLOR, make_meeting, report_of

pytestmark = pytest.mark.django_db


def test_the_list_has_one_entry_per_member_organisation(api, lomma, user):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    services.submit(report_of(meeting, FRITIDS), user("reporter.lomma"), situation="Lugnt.")
    social = Organisation.objects.get(municipality=lomma, name="Socialtjänsten")
    ForumMember.objects.create(forum=meeting.forum, role_title="Chef", organisation=social)
    response = api("reader.lomma").get(f"/api/v1/meetings/{meeting.pk}/status-reports")
    assert response.status_code == 200
    entries = {e["organisation"]: e for e in response.json()}
    assert set(entries) == {FRITIDS, SKOLOR, "Socialtjänsten"}
    fritids = entries[FRITIDS]
    assert fritids["organisation_id"] == report_of(meeting, FRITIDS).organisation_id
    assert fritids["requested"] is True and fritids["requested_at"] and fritids["submitted_at"]
    assert fritids["due_date"] == report_of(meeting, FRITIDS).due_date.isoformat()
    assert entries[SKOLOR]["requested"] is True and entries[SKOLOR]["submitted_at"] is None
    assert entries["Socialtjänsten"] == {
        "organisation": "Socialtjänsten",
        "organisation_id": social.pk,
        "requested": False,
        "requested_at": None,
        "due_date": None,
        "submitted_at": None,
        "report_id": None,
    }


def test_request_asks_the_rest_and_answers_the_list(api, lomma):
    meeting = make_meeting(lomma)
    client = api("coordinator.lomma")
    response = client.post(f"/api/v1/meetings/{meeting.pk}/status-reports/request")
    assert response.status_code == 200
    assert [e["requested"] for e in response.json()] == [True, True]
    assert meeting.status_reports.count() == 2
    assert client.post(f"/api/v1/meetings/{meeting.pk}/status-reports/request").status_code == 200
    assert meeting.status_reports.count() == 2  # idempotent
    assert api("reader.lomma").post(f"/api/v1/meetings/{meeting.pk}/status-reports/request").status_code == 403


def test_request_with_a_past_due_date_is_422(api, lomma):
    meeting = make_meeting(lomma)
    response = api("coordinator.lomma").post(
        f"/api/v1/meetings/{meeting.pk}/status-reports/request",
        {"due_date": "2001-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["due_date"] == ["Sista dag kan inte ligga i det förflutna."]
    assert mail.outbox == []


def test_submit_answers_the_report(api, lomma, user):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, FRITIDS)
    body = {"situation": "Lugnt.", "observations": "Ring Emma Svensson.", "measures": "", "needs": "Fler vuxna."}
    response = api("reporter.lomma").post(f"/api/v1/status-reports/{report.pk}", body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == report.pk and data["organisation"] == FRITIDS and data["submitted_at"]
    assert data["needs"] == "Fler vuxna." and data["pii_flags"] == [
        {"field": "observations", "kind": "name", "count": 1}
    ]
    other = report_of(meeting, SKOLOR)
    assert (
        api("reporter.lomma")
        .post(f"/api/v1/status-reports/{other.pk}", body, content_type="application/json")
        .status_code
        == 403
    )


def test_an_empty_answer_is_422_in_swedish(api, lomma, user):
    meeting = make_meeting(lomma)
    services.request_reports(meeting, user("coordinator.lomma"))
    report = report_of(meeting, FRITIDS)
    empty = {"situation": "", "observations": " ", "measures": "", "needs": ""}
    response = api("reporter.lomma").post(f"/api/v1/status-reports/{report.pk}", empty, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"errors": {"__all__": ["Skriv något i minst en av de fyra delarna."]}}


def test_unknown_and_foreign_meetings_are_404(api, lomma):
    hoor = Municipality.objects.get(code="1267")
    Organisation.objects.get_or_create(municipality=hoor, name="Höörs skolor")
    foreign = make_meeting(hoor, orgs=("Höörs skolor",))
    services.request_reports(foreign, None)
    client = api("coordinator.lomma")
    assert client.get(f"/api/v1/meetings/{foreign.pk}/status-reports").status_code == 404
    assert client.get("/api/v1/meetings/999999/status-reports").status_code == 404
    assert client.post(f"/api/v1/meetings/{foreign.pk}/status-reports/request").status_code == 404
    report = foreign.status_reports.get()
    response = client.post(f"/api/v1/status-reports/{report.pk}", {"situation": "x"}, content_type="application/json")
    assert response.status_code == 404

"""The demo's collaboration data from the seeds, read back through the API contract of issue 4."""

import pytest
from django.utils import timezone
from icalendar import Calendar

from agreements.models import Agreement
from audit.models import AuditEntry
from demo import collaboration
from focusareas.models import FocusArea
from forums.models import Forum, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    collaboration.load(timezone.localdate())


def test_it_models_lommas_agreement_with_its_forums_and_focus_areas(demo, api):
    answer = api("coordinator.lomma").get("/api/v1/agreements?municipality=1262").json()
    (agreement,) = answer
    assert agreement["kind"] == "strategic"
    assert (agreement["valid_from"], agreement["valid_to"]) == ("2023-01-01", "2027-12-31")
    assert agreement["status"] == "in_force"
    assert {"Trygghetsrådet", "Trygghetsrådets samverkansgrupp", "Trygghetsrådets styrgrupp", "Veckolägesbild"} <= set(
        agreement["forums"]
    )
    assert "Barn och unga" in agreement["focus_areas"]
    detail = api("coordinator.lomma").get(f"/api/v1/agreements/{agreement['id']}").json()
    assert [s["name"] for s in detail["signatories"]] == ["Robert Wenglén", "Freddy Nilsson"]


def test_it_gives_the_forums_with_cadence_and_members(demo, api):
    forums = {f["name"]: f for f in api("reader.lomma").get("/api/v1/forums?municipality=1262").json()}
    assert forums["Veckolägesbild"]["cadence"] == "weekly_except_summer"
    assert forums["Trygghetsrådet"]["cadence"] == "four_times_a_year"
    roles = {m["role"]: m["kind"] for m in forums["Trygghetsrådet"]["members"]}
    assert roles["Kommunpolis"] == "full"
    assert roles["Räddningschef"] == "adjunct"


def test_it_has_the_next_council_meeting_with_status_reports_asked_for(demo, api):
    council = Forum.objects.get(municipality__code="1262", name="Trygghetsrådet")
    meeting = council.meetings.filter(starts_at__gt=timezone.now()).exclude(agenda=None).get()
    rows = api("coordinator.lomma").get(f"/api/v1/meetings/{meeting.pk}/status-reports").json()
    assert len(rows) == 6 and all(r["requested"] for r in rows)
    assert [r["organisation"] for r in rows if r["submitted_at"]] == ["Fritidsgårdarna i Lomma"]
    feed = api("coordinator.lomma").get(f"/api/v1/forums/{council.pk}/calendar.ics")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert len(events) >= 4


def test_it_publishes_lommas_promises(demo, client):
    page = client.get("/medborgarloften/1262/").content.decode()
    assert "Tryggare kvällar vid Lomma hamn" in page
    assert "Det här ska vi göra" in page


def test_it_models_bromolla_and_hoor(demo):
    assert FocusArea.objects.filter(municipality__code="1272").count() == 10
    assert Forum.objects.filter(municipality__code="1272").count() == 5
    bra = Forum.objects.get(municipality__code="1267", name="Lokala BRÅ")
    assert (bra.reports_per_year, bra.cadence) == (4, "four_times_a_year")
    kinds = sorted(Agreement.objects.filter(municipality__code="1267").values_list("kind", flat=True))
    assert kinds == ["operative", "strategic"]


def test_it_loads_twice_without_change(demo):
    counts = (Meeting.objects.count(), AuditEntry.objects.count(), Agreement.objects.count())
    collaboration.load(timezone.localdate())
    assert (Meeting.objects.count(), AuditEntry.objects.count(), Agreement.objects.count()) == counts

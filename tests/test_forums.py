"""Forum pages, members and the forums API."""

import datetime

import pytest

from forums import meetings, schedule, services
from forums.models import Forum, ForumMember
from tenancy.models import Municipality, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(lomma, user):
    coordinator = user("coordinator.lomma")
    forum = services.create_forum(
        lomma,
        coordinator,
        name="Trygghetsrådet",
        kind=Forum.Kind.SAFETY_COUNCIL,
        level=Forum.Level.STRATEGIC,
        cadence=Forum.Cadence.FOUR_TIMES_A_YEAR,
        reports_to="KSAU",
        reports_per_year=4,
        location="Lomma rådhus",
    )
    org, _ = Organisation.objects.get_or_create(municipality=lomma, name="Socialtjänsten")
    services.add_member(forum, coordinator, user=user("reader.lomma"), role_title="IFO-chef", organisation=org)
    services.add_member(
        forum, coordinator, name="Kim Polis", email="kim@polisen.example", role_title="Kommunpolis", kind="adjunct"
    )
    return forum


def test_it_creates_a_forum_from_the_form(login, lomma):
    client = login("coordinator.lomma")
    response = client.post(
        "/k/1262/forum/nytt/",
        {
            "name": "Lokala BRÅ",
            "kind": "local_crime_council",
            "level": "strategic",
            "reports_to": "KSAU",
            "reports_per_year": "4",
            "cadence": "four_times_a_year",
            "weekday": "2",
            "start_time": "13:30",
            "duration_minutes": "90",
            "location": "Kommunhuset",
            "status_report_days": "5",
            "reminder_days": "2",
        },
    )
    forum = Forum.objects.get(municipality=lomma, name="Lokala BRÅ")
    assert response.status_code == 302
    assert response["Location"] == f"/k/1262/forum/{forum.pk}/"
    assert forum.start_time == datetime.time(13, 30) and forum.reports_per_year == 4


def test_it_keeps_the_input_and_explains_errors(login):
    response = login("coordinator.lomma").post(
        "/k/1262/forum/nytt/", {"name": "", "location": "Kommunhuset", "duration_minutes": "x"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Det gick inte att spara" in html and 'href="#id_name"' in html
    assert 'value="Kommunhuset"' in html


def test_it_refuses_a_duplicate_name(login, council):
    response = login("coordinator.lomma").post(
        "/k/1262/forum/nytt/",
        {"name": "Trygghetsrådet", "kind": "other", "level": "group", "cadence": "ad_hoc", "weekday": "1",
         "start_time": "09:00", "duration_minutes": "60", "status_report_days": "3", "reminder_days": "2"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Det finns redan ett forum med det namnet." in response.content.decode()


def test_it_links_a_group_to_its_council_and_refuses_a_cycle(council, user):
    coordinator = user("coordinator.lomma")
    group = services.create_forum(council.municipality, coordinator, name="Samverkansgruppen", parent=council)
    assert list(council.children.all()) == [group]
    with pytest.raises(services.ForumError):
        services.update_forum(council, coordinator, parent=group)


def test_it_edits_a_forum(login, council):
    client = login("coordinator.lomma")
    assert client.get(f"/k/1262/forum/{council.pk}/andra/").status_code == 200
    data = {"name": "Trygghetsrådet Lomma", "kind": "safety_council", "level": "strategic", "cadence": "twice_a_year",
            "weekday": "0", "start_time": "10:00", "duration_minutes": "120", "status_report_days": "3",
            "reminder_days": "2"}  # fmt: skip
    assert client.post(f"/k/1262/forum/{council.pk}/andra/", data).status_code == 302
    council.refresh_from_db()
    assert council.name == "Trygghetsrådet Lomma" and council.cadence == "twice_a_year"


def test_it_lists_members_grouped_full_and_adjunct(login, council):
    html = login("reader.lomma").get(f"/k/1262/forum/{council.pk}/").content.decode()
    full, adjunct = html.index("<h3>Ordinarie</h3>"), html.index("<h3>Adjungerade</h3>")
    assert full < html.index("IFO-chef") < adjunct < html.index("Kim Polis")
    assert "Lägg till medlem" not in html  # the reader cannot write


def test_it_adds_and_removes_members_through_the_page(login, council, lomma):
    client = login("coordinator.lomma")
    response = client.post(
        f"/k/1262/forum/{council.pk}/medlemmar/",
        {"name": "Ulla Skola", "email": "ulla@lomma.example", "role_title": "Rektor", "kind": "full"},
    )
    assert response.status_code == 302
    member = council.members.get(role_title="Rektor")
    assert member.address == "ulla@lomma.example"
    assert client.post(f"/k/1262/forum/{council.pk}/medlemmar/{member.pk}/ta-bort/").status_code == 302
    assert not council.members.filter(pk=member.pk).exists()


def test_it_requires_a_user_a_name_or_an_organisation(login, council):
    response = login("coordinator.lomma").post(
        f"/k/1262/forum/{council.pk}/medlemmar/", {"role_title": "Rektor", "kind": "full"}
    )
    assert response.status_code == 422
    assert "Välj en användare, skriv ett namn eller välj en organisation." in response.content.decode()


def test_it_generates_the_years_meetings_from_the_button(login, council):
    client = login("coordinator.lomma")
    next_year = datetime.date.today().year + 1
    response = client.post(f"/k/1262/forum/{council.pk}/skapa-moten/", {"year": str(next_year)}, follow=True)
    assert "4 möten är skapade" in response.content.decode()
    assert council.meetings.count() == 4
    response = client.post(f"/k/1262/forum/{council.pk}/skapa-moten/", {"year": str(next_year)}, follow=True)
    assert "finns redan" in response.content.decode()
    assert council.meetings.count() == 4


def test_it_adds_an_extra_meeting(login, council):
    response = login("coordinator.lomma").post(
        f"/k/1262/forum/{council.pk}/nytt-mote/", {"date": "2027-03-10", "time": "14:00", "location": "Bjärred"}
    )
    meeting = council.meetings.get()
    assert response["Location"] == f"/k/1262/forum/mote/{meeting.pk}/"
    assert meeting.slot == "" and meeting.location == "Bjärred"


def test_the_index_shows_upcoming_meetings_and_open_action_items(login, council, user):
    coordinator = user("coordinator.lomma")
    meeting = schedule.generate_meetings(council, datetime.date.today().year + 1, coordinator)[0]
    meetings.add_action_item(
        meeting, coordinator, text="Kartlägg belysningen", owner="Gatuchefen", due_date=datetime.date(2020, 1, 1)
    )
    html = login("reader.lomma").get("/k/1262/forum/").content.decode()
    assert "Trygghetsrådet" in html and "Kartlägg belysningen" in html and "Försenat" in html


def test_a_foreign_forum_is_not_found(login, council):
    assert login("coordinator.hoor").get(f"/k/1262/forum/{council.pk}/").status_code == 404
    hoor = Municipality.objects.get(code="1267")
    # Lomma's coordinator cannot reach Lomma's forum through Höör's URL either
    assert login("coordinator.lomma").get(f"/k/{hoor.code}/forum/{council.pk}/").status_code == 404


# ---- API --------------------------------------------------------------------------------------


def test_the_api_lists_forums_with_members(api, council):
    response = api("reader.lomma").get("/api/v1/forums?municipality=1262")
    assert response.status_code == 200
    forum = next(f for f in response.json() if f["id"] == council.pk)
    assert forum["name"] == "Trygghetsrådet" and forum["cadence"] == "four_times_a_year"
    assert forum["kind"] == "safety_council" and forum["level"] == "strategic"
    assert forum["parent_id"] is None and forum["reports_to"] == "KSAU"
    assert {"name": "Kim Polis", "role": "Kommunpolis", "organisation": None, "kind": "adjunct"} in forum["members"]
    ifo = next(m for m in forum["members"] if m["role"] == "IFO-chef")
    assert ifo["organisation"] == "Socialtjänsten" and ifo["kind"] == "full"


def test_the_api_answers_one_forum_and_its_meetings(api, council, user):
    schedule.generate_meetings(council, 2026, user("coordinator.lomma"))
    schedule.generate_meetings(council, 2027, user("coordinator.lomma"))
    client = api("reader.lomma")
    assert client.get(f"/api/v1/forums/{council.pk}").json()["name"] == "Trygghetsrådet"
    rows = client.get(f"/api/v1/forums/{council.pk}/meetings?year=2026").json()
    assert [r["slot"] for r in rows] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert rows[0]["status"] == "planned" and rows[0]["location"] == "Lomma rådhus"
    assert len(client.get(f"/api/v1/forums/{council.pk}/meetings").json()) == 8


def test_the_api_answers_a_meeting_with_its_contents(api, council, user):
    coordinator = user("coordinator.lomma")
    meeting = schedule.generate_meetings(council, 2026, coordinator)[0]
    meetings.add_agenda_item(meeting, coordinator, title="Lägesbild", presenter="Kommunpolisen")
    meetings.add_decision(meeting, coordinator, "Trygghetsvandring i Bjärred i maj.")
    meetings.add_action_item(
        meeting, coordinator, text="Boka lokal", owner="Samordnaren", due_date=datetime.date(2026, 3, 1)
    )
    member = council.members.get(kind="adjunct")
    meetings.record_attendance(meeting, coordinator, {member.pk: "excused"})
    data = api("reader.lomma").get(f"/api/v1/meetings/{meeting.pk}").json()
    assert data["agenda"][0]["title"] == "Lägesbild" and data["agenda"][0]["presenter"] == "Kommunpolisen"
    assert data["decisions"][0]["text"].startswith("Trygghetsvandring")
    assert data["action_items"][0]["owner"] == "Samordnaren" and data["action_items"][0]["overdue"] is True
    assert {"member": "Kim Polis", "role": "Kommunpolis", "kind": "adjunct", "status": "excused"} in data["attendance"]


def test_attendance_with_an_unknown_member_saves_nothing(council, user):
    from forums.models import Attendance

    coordinator = user("coordinator.lomma")
    meeting = schedule.generate_meetings(council, 2026, coordinator)[0]
    member = council.members.get(kind="adjunct")
    with pytest.raises(meetings.MeetingError):
        meetings.record_attendance(meeting, coordinator, {member.pk: "present", 999999: "present"})
    with pytest.raises(meetings.MeetingError):
        meetings.record_attendance(meeting, coordinator, {member.pk: "maybe"})
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_the_api_hides_foreign_and_unknown_objects(api, council, user):
    meeting = schedule.generate_meetings(council, 2026, user("coordinator.lomma"))[0]
    outsider = api("coordinator.hoor")
    assert outsider.get(f"/api/v1/forums/{council.pk}").status_code == 404
    assert outsider.get(f"/api/v1/meetings/{meeting.pk}").status_code == 404
    assert outsider.get("/api/v1/forums?municipality=1262").status_code == 404
    assert api("reader.lomma").get("/api/v1/forums/999999").status_code == 404
    assert api("reporter.lomma").get(f"/api/v1/forums/{council.pk}").status_code == 403


def test_members_are_audited(council):
    from audit.models import AuditEntry

    entries = AuditEntry.objects.filter(object_type="forums.forummember", action="create")
    assert entries.count() == 2
    assert ForumMember.objects.filter(forum=council).count() == 2

"""Walks in the coordinator's other views: overdue and unanswered proposals on the start page, a
section per walk with its measures in the quarterly KSAU report and the yearly follow-up (page,
JSON and Word), and the walk in the årshjul and the forum calendars."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from reports import content
from tenancy.models import Organisation
from walks import proposals as proposal_services
from walks import services
from walks.models import Walk


@pytest.fixture
def late(lomma, coordinator):
    """A walk done last month with one proposal past its answer-by date and one still waiting."""
    walk = services.create_walk(
        municipality=lomma,
        actor=coordinator,
        title="Vandring i Borgeby",
        starts_at=timezone.now() - datetime.timedelta(days=35),
    )
    services.update_walk(walk=walk, actor=coordinator, status=Walk.Status.DONE)
    owner = Organisation.objects.get(municipality=lomma, name="Fastighetsavdelningen")
    made = []
    for title, days in (("Röj slyet vid Borgeby slott", -3), ("Laga staketet vid bollplanen", 10)):
        proposal = proposal_services.create_proposal(
            municipality=lomma,
            actor=coordinator,
            walk=walk,
            title=title,
            owner_organisation=owner,
            owner_email="f@lomma.se",
            answer_by=timezone.localdate() + datetime.timedelta(days=days),
        )
        made.append(proposal)
    proposal_services.send_proposals(proposals=made, actor=coordinator)
    return walk


def test_it_shows_overdue_and_unanswered_proposals_on_the_start_page(late, login):
    body = login("coordinator.lomma").get("/").content.decode()
    assert "1 åtgärdsförslag från trygghetsvandringar är försenat" in body
    assert "Röj slyet vid Borgeby slott" in body
    assert "1 åtgärdsförslag väntar på svar från sin ägare" in body
    # a reader plans no walks and is not asked to chase owners
    assert "försenat" not in login("reader.lomma").get("/").content.decode()


def test_it_puts_the_walk_in_the_quarterly_ksau_report(late, lomma, login):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    report = content.quarterly(lomma, today.year, quarter)
    overdue = report["walks"]["overdue"]
    assert [o["title"] for o in overdue] == ["Röj slyet vid Borgeby slott"] and overdue[0]["days_late"] == 3
    assert report["walks"]["unanswered"] == 1


def test_it_gives_the_yearly_follow_up_a_section_per_walk(late, lomma, api):
    year = timezone.localdate(late.starts_at).year
    report = content.yearly(lomma, year)
    (walk,) = report["walks"]["walks"]
    assert walk["title"] == "Vandring i Borgeby" and walk["measures"]["sent"] == 2 and walk["measures"]["open"] == 2
    answer = api("coordinator.lomma").get(f"/api/v1/reports/yearly-follow-up.docx?municipality=1262&year={year}")
    assert answer.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
    assert "Trygghetsvandringar" in text and "Vandring i Borgeby" in text


def test_it_lists_the_walks_of_the_year_in_the_arshjul(late, login):
    year = timezone.localdate(late.starts_at).year
    body = login("reader.lomma").get(f"/k/1262/arshjul/?ar={year}").content.decode()
    assert f"Trygghetsvandringar {year}" in body and "Vandring i Borgeby" in body


def test_it_puts_the_walk_in_the_forum_calendars(late, lomma, user, api):
    from icalendar import Calendar

    from forums import services as forum_services

    forum = forum_services.create_forum(lomma, user("coordinator.lomma"), name="Trygghetsrådet", cadence="monthly")
    forum_services.add_member(forum, user("coordinator.lomma"), user=user("reader.lomma"), role_title="Ledamot")
    for path in (f"/api/v1/forums/{forum.pk}/calendar.ics", "/api/v1/calendar.ics"):
        events = Calendar.from_ical(api("reader.lomma").get(path).content).events
        (walk,) = [e for e in events if str(e.get("uid")).startswith(f"walk-{late.pk}@")]
        assert str(walk.get("summary")) == "Trygghetsvandring: Vandring i Borgeby"

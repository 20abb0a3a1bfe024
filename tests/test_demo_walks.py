"""The demo's safety walks and tips, read back through the API (issue 12)."""

import pytest
from django.utils import timezone

from demo import walks as demo_walks
from tips.models import Tip
from walks.models import Proposal, Walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_walks.load(timezone.localdate())


def test_it_publishes_the_bjarred_walk_with_proposals_in_every_state(demo, api):
    (walk,) = api("reader.lomma").get("/api/v1/public/walks?municipality=1262").json()
    assert walk["title"] == demo_walks.TITLE
    report = api("reader.lomma").get(f"/api/v1/public/walks/{walk['id']}").json()
    assert len(report["observations"]) == 12
    statuses = {(p["owner_organisation"], p["status"]) for p in report["proposals"]}
    assert {s for _o, s in statuses} == {"done", "accepted", "sent", "declined", "rerouted"}
    owners = {o for o, _s in statuses}
    assert owners == {demo_walks.STREETS[0], demo_walks.HOUSING[0], demo_walks.TRAFIKVERKET[0]}
    declined = next(p for p in report["proposals"] if p["status"] == "declined")
    assert declined["answer"]["reason"]
    rerouted = next(p for p in report["proposals"] if p["status"] == "rerouted")
    copy = next(p for p in report["proposals"] if p["rerouted_from"] == rerouted["id"])
    assert copy["owner_organisation"] == demo_walks.STREETS[0]
    overdue = [p for p in report["proposals"] if p["status"] == "sent" and p["answer_by"] < str(timezone.localdate())]
    assert len(overdue) == 2
    assert any(o["photos"] for o in report["observations"])


def test_it_lists_the_proposals_by_status_for_the_coordinator(demo, api):
    done = api("coordinator.lomma").get("/api/v1/proposals?municipality=1262&status=done").json()
    assert {p["title"] for p in done} >= {
        "Laga belysningen längs gångvägen bakom centrum",
        "Byt gatlyktan vid Borgeby slott",
    }


def test_it_plans_a_walk_next_month_and_has_tips_in_several_states(demo, api):
    planned = Walk.objects.get(title="Trygghetsvandring i Lomma hamn")
    assert planned.status == Walk.Status.PLANNED and planned.starts_at > timezone.now()
    tips = api("coordinator.lomma").get("/api/v1/tips?municipality=1262").json()
    assert {t["status"] for t in tips} == {"new", "rejected", "routed", "done"}
    assert not Tip.objects.filter(status__in=Tip.CLOSED_STATUSES).exclude(email="").exists()


def test_it_is_idempotent(demo):
    before = (Walk.objects.count(), Proposal.objects.count(), Tip.objects.count())
    demo_walks.load(timezone.localdate())
    assert (Walk.objects.count(), Proposal.objects.count(), Tip.objects.count()) == before

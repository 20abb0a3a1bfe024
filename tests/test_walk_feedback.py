"""The walk's public feedback report: what it shows (and what it never shows), publishing refused
on unresolved personal data, downloads and JSON, the public map, subscriptions with double opt-in
and the mails on publishing and on a proposal's new status, and the proposed follow-up walk."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from privacy import services as privacy
from tenancy.models import Organisation
from tips import subscriptions
from tips.models import Subscription
from walks import feedback, followup, services
from walks import proposals as proposal_services
from walks.categories import categories
from walks.models import ProposalAnswer, Walk, WalkParticipant
from walks.services import WalkError


def jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 20, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def fresh_limits():
    """The subscription form shares the tips' rate limit, counted in the cache across tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def walk(lomma, coordinator):
    walk = services.create_walk(
        municipality=lomma,
        actor=coordinator,
        title="Bjärred centrum",
        starts_at=timezone.now() - datetime.timedelta(days=40),
        area=lomma.areas.first(),
    )
    cats = list(categories(lomma))
    shown = services.record_observation(
        walk=walk,
        actor=coordinator,
        lat=55.72,
        lon=13.02,
        category=cats[0],
        text="Mörk gångväg vid skolan.",
        client_id="a",
    )[0]
    services.record_observation(
        walk=walk,
        actor=coordinator,
        lat=55.721,
        lon=13.021,
        category=cats[1],
        text="Buskar skymmer tunneln.",
        client_id="b",
    )
    approved = services.add_photo(observation=shown, actor=coordinator, upload=SimpleUploadedFile("a.jpg", jpeg()))
    services.approve_photo(photo=approved, actor=coordinator, approved=True)
    services.add_photo(observation=shown, actor=coordinator, upload=SimpleUploadedFile("b.jpg", jpeg()))
    owner = Organisation.objects.get(municipality=lomma, name="Fastighetsavdelningen")
    proposal = proposal_services.create_proposal(
        municipality=lomma,
        actor=coordinator,
        walk=walk,
        title="Ny belysning på gångvägen",
        owner_organisation=owner,
        owner_email="fastighet@lomma.se",
        observations=[shown],
        answer_by=timezone.localdate() + datetime.timedelta(days=14),
    )
    proposal_services.send_proposals(proposals=[proposal], actor=coordinator)
    proposal_services.answer_proposal(
        proposal=proposal,
        actor=coordinator,
        decision=ProposalAnswer.Decision.ACCEPT,
        planned_date=timezone.localdate() + datetime.timedelta(days=30),
        comment="Beställt.",
    )
    services.add_participant(walk=walk, actor=coordinator, name="Gunnel", email="gunnel@example.se")
    services.update_walk(walk=walk, actor=coordinator, status=Walk.Status.DONE)
    walk.refresh_from_db()
    walk.test_proposal = proposal
    walk.test_photos = (approved, shown.photos.exclude(pk=approved.pk).get())
    return walk


def test_it_refuses_publishing_while_a_text_holds_personal_data(walk, coordinator, login):
    with pytest.raises(privacy.UnresolvedPersonalData) as refused:
        feedback.publish(walk=walk, actor=coordinator, summary="Tack till Kalle Andersson som ledde vandringen.")
    assert "Kalle Andersson" in str(refused.value) and "Sammanfattning" in str(refused.value)
    walk.refresh_from_db()
    assert walk.published_at is None
    response = login("coordinator.lomma").post(
        f"/k/1262/trygghetsvandringar/{walk.pk}/aterkoppling/",
        {"action": "publish", "feedback_summary": "Tack till Kalle Andersson."},
    )
    assert response.status_code == 409 and "Kalle Andersson" in response.content.decode()
    assert Client().get(f"/trygghetsvandringar/1262/{walk.pk}/").status_code == 404


def test_it_refuses_publishing_a_planned_walk(lomma, coordinator):
    planned = services.create_walk(municipality=lomma, actor=coordinator, title="Snart", starts_at=timezone.now())
    with pytest.raises(WalkError):
        feedback.publish(walk=planned, actor=coordinator)


def test_it_shows_the_published_report_without_login(walk, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        feedback.publish(walk=walk, actor=coordinator, summary="Vi gick tolv personer en kväll i oktober.")
    body = Client().get(f"/trygghetsvandringar/1262/{walk.pk}/").content.decode()
    assert "Vi gick tolv personer" in body and "Mörk gångväg vid skolan." in body
    assert "Ny belysning på gångvägen" in body and "Fastighetsavdelningen" in body and "Planerad" in body
    assert "Beställt." in body
    approved, unapproved = walk.test_photos
    assert f"/foto/{approved.pk}/" in body and f"/foto/{unapproved.pk}/" not in body
    assert Client().get(f"/trygghetsvandringar/1262/foto/{approved.pk}/").status_code == 200
    assert Client().get(f"/trygghetsvandringar/1262/foto/{unapproved.pk}/").status_code == 404
    # the participant hears that it is published
    assert (
        mail.outbox[-1].to == ["gunnel@example.se"] and f"/trygghetsvandringar/1262/{walk.pk}/" in mail.outbox[-1].body
    )


def test_it_downloads_pdf_and_word_and_gives_json(walk, coordinator):
    feedback.publish(walk=walk, actor=coordinator)
    client = Client()
    pdf = client.get(f"/trygghetsvandringar/1262/{walk.pk}/aterkoppling.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "aterkoppling-bjarred-centrum.pdf" in pdf["Content-Disposition"]
    docx = client.get(f"/trygghetsvandringar/1262/{walk.pk}/aterkoppling.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    data = client.get(f"/api/v1/public/walks/{walk.pk}").json()
    assert data["title"] == "Bjärred centrum" and len(data["observations"]) == 2
    proposal = data["proposals"][0]
    assert proposal["owner_organisation"] == "Fastighetsavdelningen" and proposal["status"] == "accepted"
    assert proposal["answer"]["decision"] == "accept" and proposal["observations"] == [1]
    listed = client.get("/api/v1/public/walks?municipality=1262").json()
    assert [w["id"] for w in listed] == [walk.pk]
    on_map = client.get("/api/v1/public/proposals?municipality=1262").json()
    assert on_map[0]["status"] == "accepted" and on_map[0]["lat"] == pytest.approx(55.72)


def test_it_hides_an_unpublished_walk_everywhere(walk):
    client = Client()
    assert client.get(f"/api/v1/public/walks/{walk.pk}").status_code == 404
    assert client.get("/api/v1/public/proposals?municipality=1262").json() == []
    assert client.get(f"/trygghetsvandringar/1262/{walk.pk}/aterkoppling.pdf").status_code == 404
    assert "Ny belysning" not in client.get("/trygghetsvandringar/1262/karta/").content.decode()


def test_it_shows_the_proposals_on_the_public_map(walk, coordinator):
    feedback.publish(walk=walk, actor=coordinator)
    body = Client().get("/trygghetsvandringar/1262/karta/").content.decode()
    assert "Ny belysning på gångvägen" in body and "wstatus-accepted" in body and "walk-map-data" in body


def test_it_subscribes_with_double_opt_in_and_unsubscribes(walk, coordinator, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/trygghetsvandringar/1262/prenumerera/", {"email": "Boende@Example.se"})
    assert response.status_code == 200
    subscription = Subscription.objects.get(email="boende@example.se")
    assert subscription.confirmed_at is None and subscription.walk is None
    confirm = re.search(r"http\S+/bekrafta/", mail.outbox[-1].body).group(0).split("8000")[-1]
    # not confirmed: nothing is sent on publishing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        feedback.publish(walk=walk, actor=coordinator)
    assert all("boende@example.se" not in m.to for m in mail.outbox)
    assert client.get(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at
    # a proposal's new status reaches the participant and the subscriber, with an unsubscribe link
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.answer_proposal(
            proposal=walk.test_proposal, actor=coordinator, decision=ProposalAnswer.Decision.DONE
        )
    to = {m.to[0]: m.body for m in mail.outbox}
    assert set(to) == {"gunnel@example.se", "boende@example.se"}
    assert "Åtgärdad" in to["boende@example.se"]
    unsubscribe = re.search(r"http\S+/avsluta/", to["boende@example.se"]).group(0).split("8000")[-1]
    assert client.get(unsubscribe).status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # a GET (a mail scanner) ends nothing
    assert client.post(unsubscribe).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_it_refuses_a_bad_address_and_keeps_it_in_the_form(db):
    response = Client().post("/trygghetsvandringar/1262/prenumerera/", {"email": "inte-en-adress"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ange en giltig e-postadress." in body and "inte-en-adress" in body


def test_it_subscribes_once_per_address(lomma, walk):
    subscriptions.subscribe(municipality=lomma, email="x@example.se", walk=walk)
    subscriptions.subscribe(municipality=lomma, email="X@example.se", walk=walk)
    assert Subscription.objects.filter(walk=walk).count() == 1


def test_it_plans_a_follow_up_walk_from_the_open_proposals(walk, coordinator, login):
    assert followup.suggested_date(walk) == followup.add_months(timezone.localdate(walk.starts_at), 4)
    with pytest.raises(WalkError):
        followup.create_followup(walk=walk, actor=coordinator, day=timezone.localdate(walk.starts_at))
    client = login("coordinator.lomma")
    page = client.get(f"/k/1262/trygghetsvandringar/{walk.pk}/aterkoppling/").content.decode()
    assert "Ny belysning på gångvägen" in page and "Planera uppföljande vandring" in page
    response = client.post(f"/k/1262/trygghetsvandringar/{walk.pk}/uppfoljande-vandring/")
    assert response.status_code == 302
    new = Walk.objects.exclude(pk=walk.pk).get(title__startswith="Uppföljning")
    assert new.status == Walk.Status.PLANNED and new.area == walk.area
    assert "Ny belysning på gångvägen" in new.purpose
    assert list(followup.followups(walk)) == [new]
    assert WalkParticipant.objects.filter(walk=new).count() == 0


def test_it_links_the_feedback_from_the_walk_page_for_those_who_plan(walk, login):
    url = f"/k/1262/trygghetsvandringar/{walk.pk}/"
    assert f"{url}aterkoppling/" in login("coordinator.lomma").get(url).content.decode()
    assert f"{url}aterkoppling/" not in login("reader.lomma").get(url).content.decode()


def test_it_publishes_once_a_finding_is_confirmed_as_not_personal_data(walk, coordinator, api):
    walk.feedback_summary = "Vi gick med Kalle Andersson från föreningen."
    walk.save()
    with pytest.raises(privacy.UnresolvedPersonalData):
        feedback.publish(walk=walk, actor=coordinator)
    response = api("coordinator.lomma").post(
        "/api/v1/privacy/confirmations",
        {"object_type": "walks.walk", "object_id": walk.pk, "field": "feedback_summary", "text": "Kalle Andersson"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["unresolved"] == []
    assert feedback.publish(walk=walk, actor=coordinator).published_at


def test_it_confirms_findings_on_the_feedback_page_and_honours_the_writers_choice(walk, coordinator, login):
    # the walker kept "Lisa Berg" (the name of a mural) as not personal data when recording
    services.record_observation(
        walk=walk,
        actor=coordinator,
        lat=55.72,
        lon=13.02,
        category=categories(walk.municipality).first(),
        text="Muralen Lisa Berg är klottrad.",
        client_id="c",
        not_pii=["Lisa Berg"],
    )
    walk.feedback_summary = "Vi gick med Kalle Andersson från föreningen."
    walk.save()
    client = login("coordinator.lomma")
    url = f"/k/1262/trygghetsvandringar/{walk.pk}/aterkoppling/"
    page = client.get(url).content.decode()
    assert "Kalle Andersson" in page and "Lisa Berg" not in page
    key = f"walks.walk:{walk.pk}:feedback_summary:Kalle Andersson"
    assert client.post(url, {"action": "confirm", "finding": [key]}).status_code == 302
    response = client.post(url, {"action": "publish", "feedback_summary": walk.feedback_summary})
    assert response.status_code == 302
    walk.refresh_from_db()
    assert walk.published_at

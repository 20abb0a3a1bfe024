"""Residents' tips: the public API and form (masking, rate limits, honeypot, kept input), the
coordinator's review (reject, route to an owner), the tipper's updates and the one reopen."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tenancy.models import Organisation
from tips import ratelimit, services
from tips.models import Tip
from walks import proposals as proposal_services
from walks.models import Proposal, ProposalAnswer

TIP = {"municipality": "1262", "lat": 55.7175, "lon": 13.0245, "text": "Trasig belysning vid tunneln."}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def post_tip(client=None, address="203.0.113.7", **data):
    client = client or Client()
    return client.post("/api/v1/public/tips", {**TIP, **data}, content_type="application/json", REMOTE_ADDR=address)


def make_tip(lomma, **kw):
    data = {
        "municipality": lomma,
        "lat": 55.7175,
        "lon": 13.0245,
        "text": "Mörkt vid tunneln.",
        "email": "boende@example.se",
    }
    return services.submit_tip(**(data | kw))


def test_it_answers_201_with_the_text_masked(db):
    response = post_tip(text="Kalle Andersson klottrar vid busskuren, ring 070-123 45 67.", email="a@example.se")
    assert response.status_code == 201
    shown = response.json()["text"]
    assert "Kalle Andersson" not in shown and "070-123 45 67" not in shown
    assert "busskuren" in shown
    tip = Tip.objects.get(pk=response.json()["id"])
    assert tip.text == shown and "Kalle Andersson" in tip.text_original and tip.email == "a@example.se"


def test_it_answers_429_after_five_an_hour_from_one_address(db):
    for _i in range(ratelimit.PER_ADDRESS):
        assert post_tip().status_code == 201
    response = post_tip()
    assert response.status_code == 429
    assert "senaste timmen" in response.json()["detail"]
    # another address on another network is not held back
    assert post_tip(address="198.51.100.9").status_code == 201


def test_it_limits_a_whole_network(db):
    for i in range(ratelimit.PER_NETWORK):
        assert post_tip(address=f"192.0.2.{i + 1}").status_code == 201
    assert post_tip(address="192.0.2.200").status_code == 429


def test_it_refuses_bad_input_in_swedish(db):
    response = post_tip(text="  ", lat=40.0)
    assert response.status_code == 422
    assert response.json()["errors"]["text"] == ["Beskriv platsen eller problemet."]
    assert post_tip(text="x" * 2001).json()["errors"]["text"][0].startswith("Texten är för lång")
    assert post_tip(lat=40.0).json()["errors"]["lat"][0].startswith("Platsen ligger utanför Sverige")
    assert post_tip(email="inte-en-adress").status_code == 422
    assert post_tip(municipality="9999").status_code == 404


def test_it_shows_the_form_with_the_emergency_notice(db):
    response = Client().get("/tips/1262/")
    assert response.status_code == 200
    assert "112" in response.content.decode() and "114 14" in response.content.decode()


def test_it_keeps_what_was_typed_when_the_form_is_refused(db):
    response = Client().post(
        "/tips/1262/", {"text": "Mörk gångväg vid skolan", "lat": "", "lon": "", "email": "b@example.se"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Mörk gångväg vid skolan" in body and "b@example.se" in body and "Markera platsen" in body
    assert not Tip.objects.exists()


def test_it_keeps_the_text_when_rate_limited(db):
    client = Client()
    for _i in range(ratelimit.PER_ADDRESS):
        client.post("/tips/1262/", {"text": "Klotter", "lat": "55.7", "lon": "13.0"}, REMOTE_ADDR="203.0.113.8")
    response = client.post(
        "/tips/1262/", {"text": "Sjätte tipset", "lat": "55.7", "lon": "13.0"}, REMOTE_ADDR="203.0.113.8"
    )
    assert response.status_code == 429
    assert "Sjätte tipset" in response.content.decode()


def test_it_stores_nothing_when_the_honeypot_is_filled(db):
    response = Client().post("/tips/1262/", {"text": "Köp billigt", "lat": "55.7", "lon": "13.0", "website": "x"})
    assert response.status_code == 200
    assert not Tip.objects.exists()


def test_it_stores_a_tip_from_the_form_with_a_photo_without_exif(db, lomma):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Kamera AB"
    image.save(buf, "JPEG", exif=exif)
    upload = SimpleUploadedFile("bild.jpg", buf.getvalue(), content_type="image/jpeg")
    response = Client().post(
        "/tips/1262/", {"text": "Trasig lampa", "lat": "55.7", "lon": "13.0", "kind": "problem", "photo": upload}
    )
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert tip.kind == "problem"
    with tip.photo.open("rb") as f:
        assert not Image.open(f).getexif()


def test_it_rejects_with_a_reason_tells_the_tipper_and_deletes_the_address(
    lomma, coordinator, django_capture_on_commit_callbacks
):
    tip = make_tip(lomma, text="Anna Lindqvist spelar hög musik.")
    with pytest.raises(services.TipError):
        services.reject_tip(tip=tip, actor=coordinator, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_tip(tip=tip, actor=coordinator, reason="Gäller en enskild person, inte en plats.")
    tip.refresh_from_db()
    assert tip.status == Tip.Status.REJECTED and tip.email == "" and tip.text_original == ""
    assert mail.outbox[-1].to == ["boende@example.se"] and "enskild person" in mail.outbox[-1].body


def _route(tip, coordinator, lomma, email="gata@lomma.se"):
    owner = Organisation.objects.get(municipality=lomma, name="Fastighetsavdelningen")
    return services.route_tip(
        tip=tip,
        actor=coordinator,
        title="Byt armatur vid tunneln",
        owner_organisation=owner,
        answer_by=datetime.date.today() + datetime.timedelta(days=30),
        owner_email=email,
    )


def test_it_routes_a_tip_to_its_owner_as_a_proposal(lomma, coordinator, django_capture_on_commit_callbacks):
    tip = make_tip(lomma)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _route(tip, coordinator, lomma)
    tip.refresh_from_db()
    assert proposal.walk is None and proposal.status == Proposal.Status.SENT
    assert tip.status == Tip.Status.ROUTED and tip.proposal == proposal
    assert {tuple(m.to) for m in mail.outbox} == {("gata@lomma.se",), ("boende@example.se",)}
    with pytest.raises(services.TipError):
        services.reject_tip(tip=tip, actor=coordinator, reason="sent")


def test_it_tells_the_tipper_when_answered_and_done_and_reopens_once(
    lomma, coordinator, django_capture_on_commit_callbacks
):
    tip = make_tip(lomma)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _route(tip, coordinator, lomma)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.answer_proposal(
            proposal=proposal,
            actor=coordinator,
            decision=ProposalAnswer.Decision.ACCEPT,
            planned_date=datetime.date.today() + datetime.timedelta(days=10),
        )
    assert mail.outbox[-1].to == ["boende@example.se"] and "Vi åtgärdar" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.answer_proposal(
            proposal=proposal, actor=coordinator, decision=ProposalAnswer.Decision.DONE, comment="Ny armatur."
        )
    tip.refresh_from_db()
    assert tip.status == Tip.Status.DONE and tip.email == ""
    body = mail.outbox[-1].body
    link = re.search(r"http\S+/tips/svar/\S+/", body).group(0)
    path = link.split("127.0.0.1:8000")[-1]
    client = Client()
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    tip.refresh_from_db()
    assert tip.status == Tip.Status.REOPENED and tip.reopened_at
    assert client.post(path).status_code == 409
    # the coordinator sees it again among the tips to handle
    page = Client()
    page.force_login(coordinator)
    assert f"/k/1262/tips/{tip.pk}/" in page.get("/k/1262/tips/").content.decode()


def test_it_follows_a_reroute_to_the_new_owner(lomma, coordinator, django_capture_on_commit_callbacks):
    tip = make_tip(lomma)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _route(tip, coordinator, lomma)
    other = Organisation.objects.get(municipality=lomma, name="Räddningstjänsten Syd")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.answer_proposal(
            proposal=proposal,
            actor=coordinator,
            decision=ProposalAnswer.Decision.DECLINE,
            reason="Inte vår mark.",
            rerouted_to=other,
        )
    tip.refresh_from_db()
    assert tip.proposal.owner_organisation == other and tip.proposal.rerouted_from == proposal


def test_it_reviews_through_the_pages(login, lomma):
    tip = make_tip(lomma, text="Kalle Andersson står vid tunneln.")
    client = login("coordinator.lomma")
    page = client.get(f"/k/1262/tips/{tip.pk}/").content.decode()
    assert "Kalle Andersson" in page  # the original, for the coordinator only
    response = client.post(f"/k/1262/tips/{tip.pk}/hantera/", {"action": "reject", "reason": ""})
    assert response.status_code == 422 and "Ange varför" in response.content.decode()
    response = client.post(f"/k/1262/tips/{tip.pk}/hantera/", {"action": "reject", "reason": "Dubblett."})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == Tip.Status.REJECTED


def test_it_hides_the_original_from_a_reader_and_other_municipalities(login, api, lomma):
    tip = make_tip(lomma)
    assert login("reader.lomma").get(f"/k/1262/tips/{tip.pk}/").status_code == 403
    assert login("coordinator.hoor").get(f"/k/1262/tips/{tip.pk}/").status_code == 404
    assert api("coordinator.hoor").post(f"/api/v1/tips/{tip.pk}/close").status_code == 404
    listed = api("coordinator.lomma").get("/api/v1/tips?municipality=1262").json()
    assert listed[0]["id"] == tip.pk and "text_original" not in listed[0] and listed[0]["has_email"]


def test_it_routes_and_rejects_through_the_api(api, lomma):
    client = api("coordinator.lomma")
    tip = make_tip(lomma)
    owner = Organisation.objects.get(municipality=lomma, name="Fastighetsavdelningen")
    answer_by = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    response = client.post(
        f"/api/v1/tips/{tip.pk}/route",
        {"title": "Röj buskage", "owner_organisation": owner.pk, "answer_by": answer_by},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "routed" and response.json()["proposal"]
    other = make_tip(lomma)
    response = client.post(f"/api/v1/tips/{other.pk}/reject", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422


def test_it_drops_the_original_text_after_thirty_days(lomma):
    tip = make_tip(lomma, text="Kalle Andersson står vid tunneln.")
    assert services.clear_expired_originals(now=timezone.now() + datetime.timedelta(days=29)) == 0
    assert services.clear_expired_originals(now=timezone.now() + datetime.timedelta(days=31)) == 1
    tip.refresh_from_db()
    assert tip.text_original == "" and "Kalle Andersson" not in tip.text


def test_it_rate_limits_subscriptions_too(db):
    client = Client()
    for _i in range(ratelimit.PER_ADDRESS):
        client.post("/trygghetsvandringar/1262/prenumerera/", {"email": "a@example.se"}, REMOTE_ADDR="203.0.113.9")
    response = client.post(
        "/trygghetsvandringar/1262/prenumerera/", {"email": "b@example.se"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 422 and "många förfrågningar" in response.content.decode()


def test_it_reads_the_client_address_from_the_proxy_header_when_configured(db, settings):
    from django.test import RequestFactory

    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert ratelimit.client_address(request) == "10.0.0.1"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert ratelimit.client_address(request) == "198.51.100.7"

"""Safety walks: the API contract, idempotent observations, masking, photos, proposals routed to
their owners through personal links, re-routing, reminders and the measures."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from audit.models import AuditEntry
from samtrygg.dates import local_today
from tenancy.models import Municipality, Organisation
from walks import measures, owner_links, photos, proposals, reminders, services
from walks.categories import categories
from walks.models import Observation, OwnerReminder, Proposal, Walk

pytestmark = pytest.mark.django_db

FRITIDS = "Fritidsgårdarna i Lomma"
FASTIGHET = "Fastighetsavdelningen"


def org(lomma, name):
    return Organisation.objects.get(municipality=lomma, name=name)


@pytest.fixture
def walk(lomma, coordinator):
    return services.create_walk(
        municipality=lomma,
        actor=coordinator,
        title="Bjärred centrum",
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )


def observe(walk, actor, client_id="c1", text="Trasig lampa vid gångtunneln.", slug="belysning"):
    category = categories(walk.municipality).get(slug=slug)
    return services.record_observation(
        walk=walk, actor=actor, lat=55.68, lon=13.0, category=category, text=text, client_id=client_id
    )[0]


def proposal_for(walk, actor, owner, *, email="gata@example.se", answer_by=None, observations=()):
    return proposals.create_proposal(
        municipality=walk.municipality,
        actor=actor,
        walk=walk,
        title="Byt armaturen i gångtunneln",
        observations=list(observations),
        owner_organisation=owner,
        owner_name="Gatuchefen",
        owner_email=email,
        answer_by=answer_by or local_today() + datetime.timedelta(days=30),
    )


def issue(lomma, owner):
    return owner_links.issue_link(municipality=lomma, organisation=owner, email="gata@example.se", name="Gatuchefen")


# --- the API contract -------------------------------------------------------------------------


def test_it_plans_a_walk_over_the_api(api, lomma):
    response = api("coordinator.lomma").post(
        "/api/v1/walks",
        {"municipality": "1262", "title": "Lomma hamn", "starts_at": "2026-12-10T18:00:00+01:00"},
        content_type="application/json",
    )
    assert response.status_code == 201
    walk = Walk.objects.get(pk=response.json()["id"])
    assert walk.municipality == lomma and walk.status == "planned"
    assert AuditEntry.objects.filter(object_type="walks.walk", object_id=str(walk.pk), action="create").exists()


def test_it_refuses_an_area_of_another_municipality(api):
    from areas.models import Area

    foreign = Area.objects.exclude(municipality__code="1262").first()
    response = api("coordinator.lomma").post(
        "/api/v1/walks",
        {"municipality": "1262", "title": "X", "starts_at": "2026-12-10T18:00:00+01:00", "area": foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 422 and "area" in response.json()["errors"]


def test_an_observation_sent_twice_is_stored_once(api, walk):
    client = api("reporter.lomma")
    body = {"lat": 55.68, "lon": 13.0, "category": "belysning", "text": "Mörkt vid tunneln.", "client_id": "abc-1"}
    first = client.post(f"/api/v1/walks/{walk.pk}/observations", body, content_type="application/json")
    again = client.post(f"/api/v1/walks/{walk.pk}/observations", body, content_type="application/json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Observation.objects.filter(walk=walk).count() == 1
    assert first.json()["category"] == "belysning"


def test_an_unknown_category_is_a_422(api, walk):
    body = {"lat": 55.68, "lon": 13.0, "category": "finns-inte", "text": "", "client_id": "x"}
    response = api("reporter.lomma").post(
        f"/api/v1/walks/{walk.pk}/observations", body, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["errors"]["category"]


def test_a_rating_outside_0_to_3_is_refused(api, walk):
    body = {"lat": 55.68, "lon": 13.0, "category": "annat", "client_id": "r", "ratings": {"lighting": 4}}
    response = api("reporter.lomma").post(
        f"/api/v1/walks/{walk.pk}/observations", body, content_type="application/json"
    )
    assert response.status_code == 422


def test_personal_data_in_an_observation_is_masked(api, walk):
    body = {
        "lat": 55.68,
        "lon": 13.0,
        "category": "annat",
        "text": "Anna Svensson ringer 070-123 45 67.",
        "client_id": "p",
    }
    response = api("reporter.lomma").post(
        f"/api/v1/walks/{walk.pk}/observations", body, content_type="application/json"
    )
    stored = Observation.objects.get(pk=response.json()["id"])
    assert "Svensson" not in stored.text and "[namn]" in stored.text and "[telefonnummer]" in stored.text
    assert response.json()["text"] == stored.text and response.json()["text_is_original"] is False
    # the coordinator reads the text as written while it is kept; the reader only the masked one
    coordinator_view = api("coordinator.lomma").get(f"/api/v1/walks/{walk.pk}/observations").json()[0]
    assert "Anna Svensson" in coordinator_view["text"] and coordinator_view["text_is_original"]
    assert "Svensson" not in api("reader.lomma").get(f"/api/v1/walks/{walk.pk}/observations").json()[0]["text"]
    # the audit log never holds the original
    entry = AuditEntry.objects.get(object_type="walks.observation", object_id=str(stored.pk))
    assert "Svensson" not in str(entry.changes)


def test_making_a_proposal_deletes_the_original_text(walk, coordinator, lomma):
    o = observe(walk, coordinator, text="Erik Johansson sover här.")
    assert o.text_original
    proposal_for(walk, coordinator, org(lomma, FASTIGHET), observations=[o])
    o.refresh_from_db()
    assert o.text_original == "" and "Johansson" not in o.text


def test_originals_older_than_30_days_are_deleted(walk, coordinator):
    o = observe(walk, coordinator, text="Erik Johansson sover här.")
    Observation.objects.filter(pk=o.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert services.clear_expired_originals() == 1
    o.refresh_from_db()
    assert o.text_original == ""


def test_it_makes_and_lists_proposals_over_the_api(api, walk, coordinator, lomma):
    o1, o2 = observe(walk, coordinator, "a"), observe(walk, coordinator, "b")
    owner = org(lomma, FASTIGHET)
    response = api("coordinator.lomma").post(
        f"/api/v1/walks/{walk.pk}/proposals",
        {
            "title": "Bättre belysning",
            "observations": [o1.pk, o2.pk],
            "owner_organisation": owner.pk,
            "answer_by": "2027-01-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["observations"] == sorted([o1.pk, o2.pk])
    listed = api("reader.lomma").get("/api/v1/proposals?municipality=1262&status=new").json()
    assert [(p["title"], p["status"], p["owner_organisation"], p["answer_by"], p["answer"]) for p in listed] == [
        ("Bättre belysning", "new", owner.pk, "2027-01-31", None)
    ]


def test_the_owner_may_be_named_instead_of_given_by_id(api, walk):
    response = api("coordinator.lomma").post(
        f"/api/v1/walks/{walk.pk}/proposals",
        {
            "title": "Klipp häcken",
            "observations": [],
            "owner_organisation": FASTIGHET.lower(),
            "answer_by": "2027-01-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["owner_organisation_name"] == FASTIGHET


def test_an_observation_of_another_walk_is_refused(api, walk, coordinator, lomma):
    other = services.create_walk(municipality=lomma, actor=coordinator, title="Annan", starts_at=timezone.now())
    o = observe(other, coordinator)
    response = api("coordinator.lomma").post(
        f"/api/v1/walks/{walk.pk}/proposals",
        {
            "title": "X",
            "observations": [o.pk],
            "owner_organisation": org(lomma, FASTIGHET).pk,
            "answer_by": "2027-01-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 422


def test_another_municipalitys_walk_answers_404(api, walk):
    assert api("coordinator.hoor").get(f"/api/v1/walks/{walk.pk}").status_code == 404
    body = {"lat": 55.68, "lon": 13.0, "category": "annat", "client_id": "h"}
    assert (
        api("coordinator.hoor")
        .post(f"/api/v1/walks/{walk.pk}/observations", body, content_type="application/json")
        .status_code
        == 404
    )
    # A list filtered by a municipality the user has no role in answers 404 like everything else.
    assert api("coordinator.hoor").get("/api/v1/proposals?municipality=1262").status_code == 404


def test_a_reporter_records_but_cannot_read_the_walk(api, walk):
    assert api("reporter.lomma").get(f"/api/v1/walks/{walk.pk}").status_code == 403
    assert api("reader.lomma").get(f"/api/v1/walks/{walk.pk}").status_code == 200


# --- photos -------------------------------------------------------------------------------------


def jpeg_with_gps(size=(2400, 1800)) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kameratillverkare"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (55.0, 41.0, 0.0)
    gps[3], gps[4] = "E", (13.0, 4.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_loses_its_exif_and_gps_and_is_resized():
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the test image does carry GPS
    content, width, height = photos.clean_photo(SimpleUploadedFile("p.jpg", raw, content_type="image/jpeg"))
    cleaned = Image.open(io.BytesIO(content.read()))
    assert not cleaned.getexif() and "exif" not in cleaned.info
    assert max(width, height) == photos.MAX_SIDE and (cleaned.width, cleaned.height) == (width, height)


def test_a_photo_is_added_over_the_api_and_served_only_with_permission(
    api, login, walk, coordinator, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    o = observe(walk, coordinator)
    response = api("reporter.lomma").post(
        f"/api/v1/observations/{o.pk}/photos", {"file": SimpleUploadedFile("p.jpg", jpeg_with_gps(), "image/jpeg")}
    )
    assert response.status_code == 201
    url = response.json()["url"]
    assert login("reader.lomma").get(url).status_code == 200
    assert login("coordinator.hoor").get(url).status_code == 404


def test_a_file_that_is_no_image_is_refused(walk, coordinator):
    o = observe(walk, coordinator)
    with pytest.raises(services.WalkError):
        services.add_photo(observation=o, actor=coordinator, upload=SimpleUploadedFile("x.jpg", b"not an image"))


# --- owners and their links ---------------------------------------------------------------------


def test_sending_mails_each_owner_one_link(walk, coordinator, lomma, django_capture_on_commit_callbacks):
    owner = org(lomma, FASTIGHET)
    a, b = proposal_for(walk, coordinator, owner), proposal_for(walk, coordinator, owner)
    with django_capture_on_commit_callbacks(execute=True):
        links = proposals.send_proposals(proposals=[a, b], actor=coordinator)
    assert len(links) == 1 and len(mail.outbox) == 1
    assert Proposal.objects.filter(pk__in=[a.pk, b.pk], status="sent").count() == 2
    assert "/atgardsforslag/" in mail.outbox[0].body and mail.outbox[0].to == ["gata@example.se"]


def _token_from_mail() -> str:
    body = mail.outbox[-1].body
    return body.split("/atgardsforslag/")[1].split("/")[0]


def test_an_owner_accepts_through_the_link_without_logging_in(
    client, walk, coordinator, lomma, django_capture_on_commit_callbacks
):
    p = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    with django_capture_on_commit_callbacks(execute=True):
        proposals.send_proposals(proposals=[p], actor=coordinator)
    url = f"/atgardsforslag/{_token_from_mail()}/"
    page = client.get(url)
    assert page.status_code == 200 and p.title in page.content.decode()
    prefix = f"p{p.pk}-"
    response = client.post(
        url, {"proposal": p.pk, prefix + "decision": "accept", prefix + "planned_date": "2027-03-01"}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "accepted" and p.planned_date == datetime.date(2027, 3, 1)
    answer = p.answer
    assert answer.via_link and answer.answered_by_name == "Gatuchefen"
    assert AuditEntry.objects.filter(object_type="walks.proposalanswer", object_id=str(answer.pk)).exists()


def test_accepting_without_a_date_keeps_what_was_typed(client, walk, coordinator, lomma):
    p = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    proposals.send_proposals(proposals=[p], actor=coordinator)
    link, token = issue(lomma, org(lomma, FASTIGHET))
    prefix = f"p{p.pk}-"
    response = client.post(
        f"/atgardsforslag/{token}/",
        {"proposal": p.pk, prefix + "decision": "accept", prefix + "comment": "Vi tittar på det"},
    )
    assert response.status_code == 422 and "Vi tittar på det" in response.content.decode()
    assert "Ange när åtgärden är planerad." in response.content.decode()


def test_an_expired_or_revoked_link_opens_nothing(client, lomma, coordinator):
    owner = org(lomma, FASTIGHET)
    link, token = issue(lomma, owner)
    assert client.get(f"/atgardsforslag/{token}/").status_code == 200
    link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    link.save()
    assert client.get(f"/atgardsforslag/{token}/").status_code == 404
    link2, token2 = issue(lomma, owner)
    owner_links.revoke(link=link2, actor=coordinator)
    assert client.get(f"/atgardsforslag/{token2}/").status_code == 404
    assert client.get("/atgardsforslag/gissad-nyckel/").status_code == 404


def test_a_link_never_answers_another_owners_proposal(client, walk, coordinator, lomma):
    mine = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    theirs = proposal_for(walk, coordinator, org(lomma, FRITIDS), email="fritid@example.se")
    proposals.send_proposals(proposals=[mine, theirs], actor=coordinator)
    link, token = issue(lomma, org(lomma, FASTIGHET))
    page = client.get(f"/atgardsforslag/{token}/").content.decode()
    assert f'id="proposal-{mine.pk}"' in page and f'id="proposal-{theirs.pk}"' not in page
    prefix = f"p{theirs.pk}-"
    client.post(f"/atgardsforslag/{token}/", {"proposal": theirs.pk, prefix + "decision": "done"})
    theirs.refresh_from_db()
    assert theirs.status == "sent"
    with pytest.raises(Proposal.DoesNotExist):
        proposals.answer_proposal(proposal=theirs, link=link, decision="done")


def test_declining_requires_a_reason(walk, coordinator, lomma):
    p = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    proposals.send_proposals(proposals=[p], actor=coordinator)
    with pytest.raises(services.WalkError) as err:
        proposals.answer_proposal(proposal=p, actor=coordinator, decision="decline", reason="  ")
    assert err.value.field == "reason"


def test_declining_and_naming_the_owner_routes_a_copy_there(
    walk, coordinator, lomma, django_capture_on_commit_callbacks
):
    first, other = org(lomma, FASTIGHET), org(lomma, FRITIDS)
    o = observe(walk, coordinator)
    p = proposal_for(walk, coordinator, first, observations=[o])
    proposals.send_proposals(proposals=[p], actor=coordinator)
    link, _token = issue(lomma, first)
    with django_capture_on_commit_callbacks(execute=True):
        proposals.answer_proposal(
            proposal=p,
            link=link,
            decision="decline",
            reason="Marken är inte vår.",
            rerouted_to=other,
            rerouted_contact_name="Fritidschefen",
            rerouted_contact_email="fritid@example.se",
        )
    p.refresh_from_db()
    copy = p.rerouted_to
    assert p.status == "rerouted" and p.answer.reason == "Marken är inte vår."
    assert copy.owner_organisation == other and copy.status == "sent" and list(copy.observations.all()) == [o]
    assert copy.answer_by >= local_today() + datetime.timedelta(days=proposals.REROUTE_ANSWER_DAYS)
    assert mail.outbox[-1].to == ["fritid@example.se"] and "/atgardsforslag/" in mail.outbox[-1].body


def test_an_owner_with_an_account_sees_and_answers_their_proposals(api, walk, coordinator, lomma):
    # reporter.lomma works for Fritidsgårdarna
    theirs = proposal_for(walk, coordinator, org(lomma, FRITIDS), email="fritid@example.se")
    other = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    proposals.send_proposals(proposals=[theirs, other], actor=coordinator)
    client = api("reporter.lomma")
    assert [p["id"] for p in client.get("/api/v1/proposals").json()] == [theirs.pk]
    response = client.post(
        f"/api/v1/proposals/{theirs.pk}/answer",
        {"decision": "done", "comment": "Lampan är bytt."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done" and response.json()["answer"]["decision"] == "done"
    assert (
        client.post(
            f"/api/v1/proposals/{other.pk}/answer", {"decision": "done"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_a_reader_cannot_answer(api, walk, coordinator, lomma):
    p = proposal_for(walk, coordinator, org(lomma, FRITIDS))
    proposals.send_proposals(proposals=[p], actor=coordinator)
    response = api("reader.lomma").post(
        f"/api/v1/proposals/{p.pk}/answer", {"decision": "done"}, content_type="application/json"
    )
    assert response.status_code == 403


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_collect_an_owners_proposals_and_come_at_most_weekly(
    walk, coordinator, lomma, django_capture_on_commit_callbacks
):
    owner = org(lomma, FASTIGHET)
    today = local_today()
    soon = proposal_for(walk, coordinator, owner, answer_by=today + datetime.timedelta(days=3))
    late = proposal_for(walk, coordinator, owner, answer_by=today - datetime.timedelta(days=2))
    later = proposal_for(walk, coordinator, owner, answer_by=today + datetime.timedelta(days=60))
    proposals.send_proposals(proposals=[soon, late, later], actor=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count(soon.title) == 2 and "försenat" in body
    # the next day nothing: one e-mail a week per owner
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(now=timezone.now() + datetime.timedelta(days=1)) == 0
        assert reminders.send_reminders(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert OwnerReminder.objects.count() == 2


def test_a_passed_planned_date_without_done_is_reminded(walk, coordinator, lomma):
    p = proposal_for(walk, coordinator, org(lomma, FASTIGHET), answer_by=local_today() + datetime.timedelta(days=60))
    proposals.send_proposals(proposals=[p], actor=coordinator)
    proposals.answer_proposal(
        proposal=p, actor=coordinator, decision="accept", planned_date=local_today() - datetime.timedelta(days=1)
    )
    assert reminders.waiting(local_today()) == {(p.owner_organisation_id, "gata@example.se"): {"planned_passed": [p]}}


def test_the_command_runs(walk):
    from django.core.management import call_command

    call_command("send_proposal_reminders", verbosity=0)


# --- measures -----------------------------------------------------------------------------------


def test_measures_per_walk_and_owner(walk, coordinator, lomma):
    owner, other = org(lomma, FASTIGHET), org(lomma, FRITIDS)
    today = local_today()
    ps = [proposal_for(walk, coordinator, owner, answer_by=today + datetime.timedelta(days=10)) for _ in range(3)]
    late = proposal_for(walk, coordinator, other, email="f@example.se", answer_by=today - datetime.timedelta(days=1))
    proposal_for(walk, coordinator, owner)  # new, not sent: not counted
    proposals.send_proposals(proposals=[*ps, late], actor=coordinator)
    Proposal.objects.filter(pk__in=[p.pk for p in ps]).update(sent_at=timezone.now() - datetime.timedelta(days=4))
    proposals.answer_proposal(proposal=ps[0], actor=coordinator, decision="done")
    proposals.answer_proposal(proposal=ps[1], actor=coordinator, decision="decline", reason="Ingen budget i år.")
    m = measures.for_walk(walk)
    assert m["sent"] == 4 and m["answered"] == 2 and m["due"] == 3
    assert m["share_answered_on_time"] == pytest.approx(2 / 3)
    assert m["median_days_to_answer"] == 4
    assert m["share_done"] == pytest.approx(1 / 4) and m["declined"] == 1 and m["open"] == 2
    by_owner = {row["organisation"]: row for row in measures.by_owner(lomma, today.year)}
    assert by_owner[FRITIDS]["share_answered_on_time"] == 0 and by_owner[FASTIGHET]["sent"] == 3


def test_measures_are_in_the_walk_api(api, walk, coordinator, lomma):
    p = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    proposals.send_proposals(proposals=[p], actor=coordinator)
    body = api("reader.lomma").get(f"/api/v1/walks/{walk.pk}").json()
    assert body["measures"]["sent"] == 1 and body["measures"]["open"] == 1


# --- pages --------------------------------------------------------------------------------------


def test_the_coordinator_plans_a_walk_and_invites_with_an_ics(login, lomma, django_capture_on_commit_callbacks):
    client = login("coordinator.lomma")
    response = client.post(
        "/k/1262/trygghetsvandringar/ny/",
        {"title": "Höstvandring", "starts_at": "2026-12-10T18:00", "stops": "Stationen\nParken"},
    )
    walk = Walk.objects.get(title="Höstvandring")
    assert response.status_code == 302 and walk.route == {"stops": [{"name": "Stationen"}, {"name": "Parken"}]}
    client.post(
        f"/k/1262/trygghetsvandringar/{walk.pk}/deltagare/",
        {"kind": "walker", "name": "Politiker P", "email": "p@example.se"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/k/1262/trygghetsvandringar/{walk.pk}/inbjudan/")
    assert len(mail.outbox) == 1
    ics = mail.outbox[0].attachments[0].get_payload(decode=True).decode()
    assert "BEGIN:VCALENDAR" in ics and "METHOD:REQUEST" in ics and f"walk-{walk.pk}@" in ics
    assert walk.participants.get().invitation_sent_at is not None
    assert client.get(f"/k/1262/trygghetsvandringar/{walk.pk}/").status_code == 200


def test_the_record_page_and_the_list_render(login, walk):
    assert login("reporter.lomma").get(f"/k/1262/trygghetsvandringar/{walk.pk}/observera/").status_code == 200
    assert login("reader.lomma").get("/k/1262/trygghetsvandringar/").status_code == 200


def test_default_categories_are_created_once_per_municipality(lomma):
    assert [c.slug for c in categories(lomma)][:2] == ["belysning", "vaxtlighet"]
    assert categories(lomma).count() == 8
    assert categories(Municipality.objects.get(code="1267")).count() == 8


def test_moving_a_walk_sends_the_invited_an_updated_entry(api, walk, coordinator, django_capture_on_commit_callbacks):
    from walks import mail as walk_mail

    services.add_participant(walk=walk, actor=coordinator, name="Politiker P", email="p@example.se")
    walk_mail.send_invitations(walk.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api("coordinator.lomma").patch(
            f"/api/v1/walks/{walk.pk}", {"starts_at": "2026-12-11T18:00:00+01:00"}, content_type="application/json"
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Ändrad")
    ics = mail.outbox[0].attachments[0].get_payload(decode=True).decode()
    assert "SEQUENCE:1" in ics and f"walk-{walk.pk}@" in ics


def test_an_owner_answers_on_their_list_page(login, walk, coordinator, lomma):
    theirs = proposal_for(walk, coordinator, org(lomma, FRITIDS), email="fritid@example.se")
    other = proposal_for(walk, coordinator, org(lomma, FASTIGHET))
    proposals.send_proposals(proposals=[theirs, other], actor=coordinator)
    client = login("reporter.lomma")  # works for Fritidsgårdarna
    page = client.get("/k/1262/trygghetsvandringar/mina-forslag/").content.decode()
    assert f'id="proposal-{theirs.pk}"' in page and f'id="proposal-{other.pk}"' not in page
    prefix = f"p{theirs.pk}-"
    response = client.post(
        "/k/1262/trygghetsvandringar/mina-forslag/",
        {"proposal": theirs.pk, prefix + "decision": "accept", prefix + "planned_date": "2027-04-01"},
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == "accepted" and theirs.answer.answered_by.username == "reporter.lomma"
    assert not theirs.answer.via_link


def test_several_walkers_record_on_the_same_walk(walk, user):
    observe(walk, user("reporter.lomma"), client_id="phone-a-1")
    observe(walk, user("coordinator.lomma"), client_id="phone-b-1")
    observe(walk, user("reporter.lomma"), client_id="phone-a-1")  # a retry
    assert walk.observations.count() == 2

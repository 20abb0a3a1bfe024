"""Authorization rows for safety walks: read by members, readers and the police liaison, planned
and routed by coordinators, police liaisons and admins, recorded on by reporters too; an owner's
link page opens without login; a user who only answers for an owner organisation sees that
organisation's proposals and nothing else (so other proposals answer 404, not 403)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import (
    API_COLLAB_EDITORS,
    API_COLLAB_VIEWERS,
    API_UNAUTHORISED,
    COLLAB_EDITORS,
    COLLAB_VIEWERS,
    LOGIN,
    REPORTERS,
    expect,
)

ANYONE_SIGNED_IN = dict(anonymous=LOGIN, outsider=404)
API_RECORDERS = dict(anonymous=API_UNAUTHORISED, reader=403, outsider=404)
# the proposal belongs to Fastighetsavdelningen: reporter.lomma (Fritidsgårdarna) cannot see it
API_PROPOSAL_VIEWERS = dict(anonymous=API_UNAUTHORISED, reporter=404, outsider=404)
API_PROPOSAL_EDITORS = dict(anonymous=API_UNAUTHORISED, member=403, reporter=404, reader=403, outsider=404)

PAGES = {
    "walks:index": ("get", expect(200, **ANYONE_SIGNED_IN)),
    "walks:mine": ("get", expect(200, **ANYONE_SIGNED_IN)),
    "walks:new": ("get", expect(200, **COLLAB_EDITORS)),
    "walks:detail": ("get", expect(200, **COLLAB_VIEWERS)),
    "walks:record": ("get", expect(200, **REPORTERS)),
    # empty forms answer 422 with the messages
    "walks:participant_add": ("post", expect(422, **COLLAB_EDITORS)),
    "walks:proposal_add": ("post", expect(422, **COLLAB_EDITORS)),
    "walks:invite": ("post", expect(302, **COLLAB_EDITORS)),
    "walks:status": ("post", expect(302, **COLLAB_EDITORS)),
    "walks:proposals_send": ("post", expect(302, **COLLAB_EDITORS)),
    "walks:photo": ("get", expect(200, **ANYONE_SIGNED_IN)),
    "walks:photo_approve": ("post", expect(302, **COLLAB_EDITORS)),
    "walks:revoke_link": ("post", expect(302, **COLLAB_EDITORS)),
    # the owner's personal link: no login, the secret is the key
    "walks_owner:answer": ("get", expect(200)),
}
API = {
    ("post", "/api/v1/walks"): expect(201, **API_COLLAB_EDITORS),
    ("get", "/api/v1/walks"): expect(200, anonymous=API_UNAUTHORISED),
    ("get", "/api/v1/walks/{walk_id}"): expect(200, **API_COLLAB_VIEWERS),
    ("patch", "/api/v1/walks/{walk_id}"): expect(200, **API_COLLAB_EDITORS),
    ("get", "/api/v1/walks/{walk_id}/observations"): expect(200, **API_COLLAB_VIEWERS),
    ("post", "/api/v1/walks/{walk_id}/observations"): expect(201, **API_RECORDERS),
    ("post", "/api/v1/observations/{observation_id}/photos"): expect(201, **API_RECORDERS),
    ("get", "/api/v1/walk-categories"): expect(200, **API_RECORDERS),
    ("post", "/api/v1/walks/{walk_id}/proposals"): expect(201, **API_COLLAB_EDITORS),
    ("get", "/api/v1/proposals"): expect(200, anonymous=API_UNAUTHORISED),
    ("get", "/api/v1/proposals/{proposal_id}"): expect(200, **API_PROPOSAL_VIEWERS),
    ("post", "/api/v1/proposals/{proposal_id}/send"): expect(200, **API_PROPOSAL_EDITORS),
    ("post", "/api/v1/proposals/{proposal_id}/answer"): expect(200, **API_PROPOSAL_EDITORS),
    ("get", "/api/v1/walk-measures"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/walk-measures/year"): expect(200, **API_COLLAB_VIEWERS),
}

WALK_PAGES = {"detail", "record", "participant_add", "proposal_add", "invite", "status", "proposals_send"}


def tiny_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


def setup(world, user, lomma):
    from django.utils import timezone

    from tenancy.models import Organisation
    from walks import owner_links, proposals, services
    from walks.categories import categories

    coordinator = user("coordinator.lomma")
    walk = services.create_walk(municipality=lomma, actor=coordinator, title="Authz-vandring", starts_at=timezone.now())
    observation = services.record_observation(
        walk=walk,
        actor=coordinator,
        lat=55.68,
        lon=13.0,
        category=categories(lomma).first(),
        text="",
        client_id="authz",
    )[0]
    photo = services.add_photo(
        observation=observation, actor=coordinator, upload=SimpleUploadedFile("a.jpg", tiny_jpeg(), "image/jpeg")
    )
    owner = Organisation.objects.get(municipality=lomma, name="Fastighetsavdelningen")

    def proposal():
        return proposals.create_proposal(
            municipality=lomma,
            actor=coordinator,
            walk=walk,
            title="Authz-förslag",
            owner_organisation=owner,
            owner_email="owner@example.se",
            answer_by=datetime.date(2027, 1, 31),
        )

    sent = proposal()
    proposals.send_proposals(proposals=[sent], actor=coordinator)
    world["walks_walk"] = walk
    world["walks_observation"] = observation
    world["walks_photo"] = photo
    world["walks_proposal_new"] = proposal()
    world["walks_proposal_sent"] = sent
    world["walks_owner"] = owner
    world["walks_link"], world["walks_token"] = owner_links.issue_link(
        municipality=lomma, organisation=owner, email="owner@example.se"
    )


def url_kwargs(name, world):
    app, _, view = name.partition(":")
    if app == "walks_owner":
        return {"token": world["walks_token"]}
    if app != "walks":
        return None
    if view in WALK_PAGES:
        return {"walk_id": world["walks_walk"].pk}
    if view == "revoke_link":
        return {"link_id": world["walks_link"].pk}
    if view in ("photo", "photo_approve"):
        return {"photo_id": world["walks_photo"].pk}
    return {}


def api_request(method, path, world):
    if "walk" not in path and "proposal" not in path and "observation" not in path:
        return None
    filled = (
        path.replace("{walk_id}", str(world["walks_walk"].pk))
        .replace("{observation_id}", str(world["walks_observation"].pk))
        .replace(
            "{proposal_id}",
            str(world["walks_proposal_new" if path.endswith("/send") else "walks_proposal_sent"].pk),
        )
    )
    if path == "/api/v1/walks" and method == "post":
        return filled, {"municipality": "1262", "title": "Ny vandring", "starts_at": "2026-12-10T18:00:00+01:00"}
    if path.endswith("/observations") and method == "post":
        return filled, {"lat": 55.68, "lon": 13.0, "category": "belysning", "text": "", "client_id": "authz-api"}
    if path.endswith("/photos"):
        return filled, {"file": SimpleUploadedFile("b.jpg", tiny_jpeg(), "image/jpeg")}
    if path.endswith("/proposals") and method == "post":
        body = {
            "title": "Nytt",
            "observations": [],
            "owner_organisation": world["walks_owner"].pk,
            "answer_by": "2027-02-01",
        }
        return filled, body
    if path == "/api/v1/walks/{walk_id}" and method == "patch":
        return filled, {"status": "done"}
    if path.endswith("/answer"):
        return filled, {"decision": "accept", "planned_date": "2027-01-15"}
    if path in ("/api/v1/walk-categories",):
        return filled + "?municipality=1262", None
    if path.startswith("/api/v1/walk-measures"):
        return filled + "?municipality=1262&year=2026", None
    return filled, None

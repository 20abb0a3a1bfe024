"""Authorization rows for residents' tips and the public walk feedback: the public pages and API
answer everyone without login (a published walk only); the review of tips, the feedback's
publishing and the follow-up walk are for those who plan walks (coordinators, police liaisons,
admins)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import API_COLLAB_EDITORS, API_UNAUTHORISED, COLLAB_EDITORS, expect

PAGES = {
    "public_walks:municipality": ("get", expect(200)),
    "public_walks:map": ("get", expect(200)),
    "public_walks:walk": ("get", expect(200)),
    "public_walks:walk_pdf": ("get", expect(200)),
    "public_walks:walk_word": ("get", expect(200)),
    "public_walks:photo": ("get", expect(200)),
    # an empty address is refused with the form again
    "public_walks:subscribe": ("post", expect(422)),
    # an unknown token: the page says the link is not valid
    "public_walks:confirm": ("get", expect(404)),
    "public_walks:unsubscribe": ("get", expect(200)),
    "tips:form": ("get", expect(200)),
    "tips:reopen": ("get", expect(404)),
    "tips_review:list": ("get", expect(200, **COLLAB_EDITORS)),
    "tips_review:detail": ("get", expect(200, **COLLAB_EDITORS)),
    # no action chosen: the page again with the message
    "tips_review:action": ("post", expect(422, **COLLAB_EDITORS)),
    "tips_review:photo": ("get", expect(200, **COLLAB_EDITORS)),
    "tips_review:feedback": ("get", expect(200, **COLLAB_EDITORS)),
    "tips_review:followup": ("post", expect(302, **COLLAB_EDITORS)),
}
API_TIP_EDITORS = dict(anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403, outsider=404)
API = {
    ("post", "/api/v1/public/tips"): expect(201),
    ("get", "/api/v1/public/walks"): expect(200),
    ("get", "/api/v1/public/walks/{walk_id}"): expect(200),
    ("get", "/api/v1/public/proposals"): expect(200),
    ("get", "/api/v1/tips"): expect(200, **API_COLLAB_EDITORS),
    # an empty reason is refused (422) once the role may review
    ("post", "/api/v1/tips/{tip_id}/reject"): expect(422, **API_TIP_EDITORS),
    ("post", "/api/v1/tips/{tip_id}/route"): expect(422, **API_TIP_EDITORS),
    ("post", "/api/v1/tips/{tip_id}/close"): expect(200, **API_TIP_EDITORS),
}


def setup(world, user, lomma):
    from django.utils import timezone

    from tests.authz.walks import tiny_jpeg
    from tips import services as tip_services
    from walks import feedback, services
    from walks.categories import categories
    from walks.models import Walk

    coordinator = user("coordinator.lomma")
    walk = services.create_walk(
        municipality=lomma,
        actor=coordinator,
        title="Authz: publicerad vandring",
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )
    observation = services.record_observation(
        walk=walk,
        actor=coordinator,
        lat=55.68,
        lon=13.0,
        category=categories(lomma).first(),
        text="Mörkt.",
        client_id="authz-public",
    )[0]
    photo = services.add_photo(
        observation=observation, actor=coordinator, upload=SimpleUploadedFile("a.jpg", tiny_jpeg(), "image/jpeg")
    )
    services.approve_photo(photo=photo, actor=coordinator, approved=True)
    services.update_walk(walk=walk, actor=coordinator, status=Walk.Status.DONE)
    feedback.publish(walk=walk, actor=coordinator)
    world["tips_walk"] = walk
    world["tips_photo"] = photo
    world["tips_tip"] = tip_services.submit_tip(
        municipality=lomma,
        lat=55.68,
        lon=13.0,
        text="Trasig lampa.",
        photo=SimpleUploadedFile("b.jpg", tiny_jpeg(), "image/jpeg"),
    )


def url_kwargs(name, world):
    app, _, view = name.partition(":")
    if app == "public_walks":
        return {
            "walk": {"walk_id": world["tips_walk"].pk},
            "walk_pdf": {"walk_id": world["tips_walk"].pk},
            "walk_word": {"walk_id": world["tips_walk"].pk},
            "photo": {"photo_id": world["tips_photo"].pk},
            "confirm": {"token": "okand"},
            "unsubscribe": {"token": "okand"},
        }.get(view, {})
    if app == "tips":
        return {"token": "okand"} if view == "reopen" else {}
    if app == "tips_review":
        if view in ("feedback", "followup"):
            return {"walk_id": world["tips_walk"].pk}
        if view != "list":
            return {"tip_id": world["tips_tip"].pk}
        return {}
    return None


def api_request(method, path, world):
    if path == "/api/v1/public/tips":
        from django.core.cache import cache

        cache.clear()  # every role posts from the same test address: the rate limit is tested elsewhere
        return path, {"municipality": "1262", "lat": 55.68, "lon": 13.0, "text": "Mörk gångväg."}
    if path in ("/api/v1/public/walks", "/api/v1/public/proposals", "/api/v1/tips"):
        return path + "?municipality=1262", None
    if path == "/api/v1/public/walks/{walk_id}":
        return path.replace("{walk_id}", str(world["tips_walk"].pk)), None
    if path.startswith("/api/v1/tips/"):
        filled = path.replace("{tip_id}", str(world["tips_tip"].pk))
        if path.endswith("/reject"):
            return filled, {"reason": ""}
        if path.endswith("/route"):
            return filled, {"title": "x", "owner_organisation": 0, "answer_by": "2099-01-01"}
        return filled, None
    return None

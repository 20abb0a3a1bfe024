"""Authorization rows for citizen promises: the coordinators' pages, the public pages (open to
everyone, signed in or not) and the API."""

import datetime

from tests.authz import API_COLLAB_EDITORS, API_COLLAB_VIEWERS, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "promises:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "promises:detail": ("get", expect(200, **COLLAB_VIEWERS)),
    "promises:create": ("get", expect(200, **COLLAB_EDITORS)),
    "promises:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "promises:delete": ("post", expect(302, **COLLAB_EDITORS)),
    "promises:publish": ("post", expect(302, **COLLAB_EDITORS)),
    "promises:unpublish": ("post", expect(302, **COLLAB_EDITORS)),
    # an empty update form answers 422 with the messages
    "promises:add_update": ("post", expect(422, **COLLAB_EDITORS)),
    "promises:edit_update": ("get", expect(200, **COLLAB_EDITORS)),
    "promises:delete_update": ("post", expect(302, **COLLAB_EDITORS)),
    "public_promises:index": ("get", expect(200)),
    "public_promises:municipality": ("get", expect(200)),
}
API = {
    ("get", "/api/v1/promises"): expect(200, **API_COLLAB_VIEWERS),
    ("post", "/api/v1/promises/{promise_id}/publish"): expect(200, **API_COLLAB_EDITORS),
}

PROMISE_PAGES = {"detail", "edit", "delete", "publish", "unpublish", "add_update", "edit_update", "delete_update"}


def setup(world, user, lomma):
    from promises import services

    promise = services.create_promise(
        lomma,
        user("coordinator.lomma"),
        {
            "year": 2026,
            "title": "Authz: tryggare centrum",
            "situation_today": "Otryggt på kvällarna.",
            "what_we_do": "Trygghetsvandringar.",
            "what_we_achieve": "Fler känner sig trygga.",
            "follow_along": "Här på sidan.",
        },
    )
    world["promise"] = promise
    world["promise_update"] = services.add_update(
        promise, None, {"date": datetime.date(2026, 3, 1), "status": "on_track", "text": "Igång."}
    )


def url_kwargs(name, world):
    app, _, view = name.partition(":")
    if app != "promises" or view not in PROMISE_PAGES:
        return None
    kwargs = {"promise_id": world["promise"].pk}
    if view in ("edit_update", "delete_update"):
        kwargs["update_id"] = world["promise_update"].pk
    return kwargs


def api_request(method, path, world):
    if path == "/api/v1/promises":
        return path + "?municipality=1262&year=2026", None
    if path == "/api/v1/promises/{promise_id}/publish":
        return path.replace("{promise_id}", str(world["promise"].pk)), None
    return None

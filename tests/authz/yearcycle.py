"""Authorization rows for the årshjul pages and its API."""

import datetime

from tests.authz import API_COLLAB_VIEWERS, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "yearcycle:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "yearcycle:generate": ("post", expect(302, **COLLAB_EDITORS)),
    "yearcycle:create": ("get", expect(200, **COLLAB_EDITORS)),
    "yearcycle:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "yearcycle:delete": ("post", expect(302, **COLLAB_EDITORS)),
    "yearcycle:done": ("post", expect(302, **COLLAB_EDITORS)),
    "yearcycle:undo": ("post", expect(302, **COLLAB_EDITORS)),
}
API = {
    ("get", "/api/v1/year-cycle"): expect(200, **API_COLLAB_VIEWERS),
}


def setup(world, user, lomma):
    from yearcycle import services

    world["cycle_item"] = services.create_item(
        lomma,
        user("coordinator.lomma"),
        {
            "phase": "other",
            "title": "Authz: trygghetsvandring",
            "owner": "Kommunpolis",
            "due_date": datetime.date(2026, 5, 1),
        },
    )


def url_kwargs(name, world):
    if name in ("yearcycle:edit", "yearcycle:delete", "yearcycle:done", "yearcycle:undo"):
        return {"item_id": world["cycle_item"].pk}
    return None


def api_request(method, path, world):
    if path == "/api/v1/year-cycle":
        return path + "?municipality=1262&year=2026", None
    return None

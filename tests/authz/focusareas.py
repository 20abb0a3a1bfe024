"""Authorization rows for the focusareas app."""

from tests.authz import API_COLLAB_VIEWERS, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "focusareas:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "focusareas:create": ("get", expect(200, **COLLAB_EDITORS)),
    "focusareas:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "focusareas:delete": ("post", expect(302, **COLLAB_EDITORS)),
}

API = {
    ("get", "/api/v1/focus-areas"): expect(200, **API_COLLAB_VIEWERS),
}


def setup(world, user, lomma):
    from focusareas import services

    world["focus_area"] = services.create_focus_area(
        lomma, user("coordinator.lomma"), year=2026, name="Barn och unga i Bjärred", children_and_youth=True
    )


def url_kwargs(name, world):
    if name in ("focusareas:edit", "focusareas:delete"):
        return {"focus_area_id": world["focus_area"].pk}
    return None


def api_request(method, path, world):
    if path == "/api/v1/focus-areas":
        return path + "?municipality=1262&year=2026", None
    return None

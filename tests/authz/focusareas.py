"""Authorization rows for the focusareas app."""

from tests.authz import API_COLLAB_VIEWERS, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "focusareas:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "focusareas:create": ("get", expect(200, **COLLAB_EDITORS)),
    "focusareas:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "focusareas:delete": ("post", expect(302, **COLLAB_EDITORS)),
    "focusareas:detail": ("get", expect(200, **COLLAB_VIEWERS)),
    # an empty decision form is shown again with its errors
    "focusareas:decide": ("post", expect(422, **COLLAB_EDITORS)),
    "focusareas:move": ("post", expect(302, **COLLAB_EDITORS)),
    # without a category (the matrix sends no query string) editors are sent back to the picture
    "focusareas:propose": ("get", expect(302, **COLLAB_EDITORS)),
    "focusareas:add_evidence": ("post", expect(422, **COLLAB_EDITORS)),
    "focusareas:add_figure": ("post", expect(422, **COLLAB_EDITORS)),
    "focusareas:remove_evidence": ("post", expect(302, **COLLAB_EDITORS)),
    # the matrix posts no evidence id: 404, as for another focus area's evidence
    "focusareas:attach_evidence": ("post", expect(404, **COLLAB_EDITORS)),
    "focusareas:causes": ("get", expect(200, **COLLAB_VIEWERS)),
    "focusareas:save_analysis": ("post", expect(422, **COLLAB_EDITORS)),
    "focusareas:add_cause": ("post", expect(422, **COLLAB_EDITORS)),
    "focusareas:edit_cause": ("get", expect(200, **COLLAB_EDITORS)),
    "focusareas:delete_cause": ("post", expect(302, **COLLAB_EDITORS)),
}

API = {
    ("get", "/api/v1/focus-areas"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/focus-areas/{focus_area_id}"): expect(200, **API_COLLAB_VIEWERS),
}


def setup(world, user, lomma):
    from focusareas import services

    coordinator = user("coordinator.lomma")
    world["focus_area"] = services.create_focus_area(
        lomma, coordinator, year=2026, name="Barn och unga i Bjärred", children_and_youth=True
    )
    world["fa_analysis"] = services.save_analysis(world["focus_area"], coordinator, "Otrygghet i Bjärred centrum")
    world["fa_cause"] = services.add_cause(world["fa_analysis"], coordinator, side="place", text="Mörk busshållplats")
    world["fa_evidence"] = services.add_evidence(
        world["focus_area"], coordinator, kind="dialogue", description="Trygghetsvandring"
    )


def url_kwargs(name, world):
    focus_area = {"focus_area_id": world["focus_area"].pk}
    return {
        "focusareas:propose": {"picture_id": world["picture"].pk},
        "focusareas:remove_evidence": {**focus_area, "evidence_id": world["fa_evidence"].pk},
        "focusareas:edit_cause": {**focus_area, "cause_id": world["fa_cause"].pk},
        "focusareas:delete_cause": {**focus_area, "cause_id": world["fa_cause"].pk},
        "focusareas:index": None,
        "focusareas:create": None,
    }.get(name, focus_area if name.startswith("focusareas:") else None)


def api_request(method, path, world):
    if path == "/api/v1/focus-areas":
        return path + "?municipality=1262&year=2026", None
    if path == "/api/v1/focus-areas/{focus_area_id}":
        return f"/api/v1/focus-areas/{world['focus_area'].pk}", None
    return None

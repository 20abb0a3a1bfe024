"""Authorization rows for action plans: the pages under /k/<code>/handlingsplaner/ and the API.
Requests carry no form data: the forms that need it answer 422, the workflow step refuses an
empty target (302 back to the plan; 409 in the API for a plan without goals)."""

import datetime

from tests.authz import API_COLLAB_EDITORS, API_COLLAB_VIEWERS, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "actionplans:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "actionplans:late": ("get", expect(200, **COLLAB_VIEWERS)),
    "actionplans:detail": ("get", expect(200, **COLLAB_VIEWERS)),
    "actionplans:create": ("get", expect(200, **COLLAB_EDITORS)),
    "actionplans:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "actionplans:delete": ("post", expect(302, **COLLAB_EDITORS)),
    "actionplans:transition": ("post", expect(302, **COLLAB_EDITORS)),
    "actionplans:child_impact": ("get", expect(200, **COLLAB_EDITORS)),
    # the draft is not followed up or evaluated yet: back to the plan
    "actionplans:follow_up": ("get", expect(302, **COLLAB_EDITORS)),
    "actionplans:evaluation": ("get", expect(302, **COLLAB_EDITORS)),
    "actionplans:goal_create": ("post", expect(422, **COLLAB_EDITORS)),
    "actionplans:goal_edit": ("get", expect(200, **COLLAB_EDITORS)),
    "actionplans:goal_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "actionplans:activity_create": ("post", expect(422, **COLLAB_EDITORS)),
    "actionplans:activity_edit": ("get", expect(200, **COLLAB_EDITORS)),
    "actionplans:activity_delete": ("post", expect(302, **COLLAB_EDITORS)),
}
API = {
    ("get", "/api/v1/action-plans"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/action-plans/{plan_id}"): expect(200, **API_COLLAB_VIEWERS),
    # a plan without goals cannot be proposed: 409 with the reasons
    ("post", "/api/v1/action-plans/{plan_id}/transition"): expect(409, **API_COLLAB_EDITORS),
}


def setup(world, user, lomma):
    from actionplans import services
    from focusareas.models import FocusArea

    coordinator = user("coordinator.lomma")
    focus_area = FocusArea.objects.create(
        municipality=lomma, year=2026, name="Authz: ANDT-S", status=FocusArea.Status.DECIDED, decided_by="Styrgruppen"
    )
    plan = services.create_plan(focus_area, coordinator)
    world["ap_plan"] = plan
    world["ap_goal"] = services.add_goal(plan, coordinator, {"description": "Färre ungdomar som dricker alkohol"})
    world["ap_activity"] = services.add_activity(
        plan,
        coordinator,
        {
            "what": "Föräldravandring",
            "responsible": "Fältassistenterna",
            "starts_on": datetime.date(2026, 3, 1),
            "ends_on": datetime.date(2026, 6, 30),
        },
    )


def url_kwargs(name, world):
    app, _, view = name.partition(":")
    if app != "actionplans" or view in ("index", "late", "create"):
        return None
    kwargs = {"plan_id": world["ap_plan"].pk}
    if view.startswith("goal_") and view != "goal_create":
        kwargs["goal_id"] = world["ap_goal"].pk
    if view.startswith("activity_") and view != "activity_create":
        kwargs["activity_id"] = world["ap_activity"].pk
    return kwargs


def api_request(method, path, world):
    if not path.startswith("/api/v1/action-plans"):
        return None
    if path == "/api/v1/action-plans":
        return path + "?municipality=1262", None
    path = path.replace("{plan_id}", str(world["ap_plan"].pk))
    if path.endswith("/transition"):
        return path, {"to": "proposed"}
    return path, None

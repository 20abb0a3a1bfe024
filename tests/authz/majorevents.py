"""Major events (särskilda händelser): only the two parties' own people see and write them — the
coordinator, the police liaison (for every municipality of the police area), the duty officer
(TIB) and the admin; members, reporters and readers get 403, other municipalities 404. The
on-call list is the coordinator's. The event here was opened by Lomma's coordinator, so only the
police may acknowledge it (409 for the municipality's own people)."""

from tests.authz import API_UNAUTHORISED, LOGIN
from tests.authz import expect as _expect


def expect(default, **by_role):
    """The duty officer writes major events: unlike elsewhere it is not a reader here."""
    return _expect(default, **{"duty_officer": default, **by_role})


VIEW = dict(anonymous=LOGIN, member=403, reporter=403, reader=403, outsider=404)
MANAGE = dict(anonymous=LOGIN, police_liaison=403, duty_officer=403, member=403, reporter=403, reader=403, outsider=404)
API_VIEW = dict(anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403, outsider=404)
ENTRY = "/api/v1/major-events/{event_id}/entries/{entry_id}"

PAGES = {
    "majorevents:index": ("get", expect(200, **VIEW)),
    "majorevents:create": ("post", expect(422, **VIEW)),  # an empty form
    "majorevents:on_call": ("get", expect(200, **MANAGE)),
    "majorevents:on_call_delete": ("post", expect(302, **MANAGE)),
    "majorevents:detail": ("get", expect(200, **VIEW)),
    "majorevents:live": ("get", expect(200, **VIEW)),
    "majorevents:add_entry": ("post", expect(422, **VIEW)),  # an empty entry
    "majorevents:acknowledge": ("post", expect(302, **VIEW)),
    "majorevents:answer": ("post", expect(302, **VIEW)),
    "majorevents:close": ("post", expect(422, **VIEW)),  # no evaluation
    "majorevents:retry": ("post", expect(302, **VIEW)),
    "majorevents:summary": ("get", expect(200, **VIEW)),
}

API = {
    ("get", "/api/v1/major-events"): expect(200, **API_VIEW),
    ("post", "/api/v1/major-events"): expect(201, **API_VIEW),
    ("get", "/api/v1/major-events/{event_id}"): expect(200, **API_VIEW),
    ("post", "/api/v1/major-events/{event_id}/entries"): expect(201, **API_VIEW),
    ("get", ENTRY): expect(200, **API_VIEW),
    # the log is never changed: 405 for everybody signed in, without looking the entry up
    ("put", ENTRY): expect(405, anonymous=API_UNAUTHORISED),
    ("patch", ENTRY): expect(405, anonymous=API_UNAUTHORISED),
    ("delete", ENTRY): expect(405, anonymous=API_UNAUTHORISED),
    ("post", "/api/v1/major-events/{event_id}/acknowledge"): expect(409, **API_VIEW, police_liaison=200),
    ("post", "/api/v1/major-events/{event_id}/entries/{entry_id}/answer"): expect(201, **API_VIEW),
    ("post", "/api/v1/major-events/{event_id}/close"): expect(200, **API_VIEW),
    ("get", "/api/v1/major-events/{event_id}/summary.{fmt}"): expect(200, **API_VIEW),
}


def setup(world, user, lomma):
    import datetime

    from django.utils import timezone

    from majorevents import services
    from majorevents.models import Notification, OnCallContact

    OnCallContact.objects.create(municipality=lomma, email="tib@lomma.example", label="TIB")
    event = services.open_event(lomma, user("coordinator.lomma"), title="Authz: stor folksamling", kind="gathering")
    world["me_event"] = event
    world["me_contact"] = OnCallContact.objects.get(municipality=lomma, label="TIB")
    world["me_notification"] = Notification.objects.create(
        event=event, address="fel@lomma.example", status=Notification.Status.FAILED
    )
    world["me_request"] = services.add_entry(
        event,
        user("coordinator.lomma"),
        kind="request",
        text="Behövs fler ordningsvakter vid hamnen?",
        assignee="Polisen",
        due_at=timezone.now() + datetime.timedelta(hours=1),
    )


def url_kwargs(name, world):
    if not name.startswith("majorevents:"):
        return None
    event = world["me_event"].pk
    return {
        "majorevents:on_call_delete": {"contact_id": world["me_contact"].pk},
        "majorevents:detail": {"event_id": event},
        "majorevents:live": {"event_id": event},
        "majorevents:add_entry": {"event_id": event},
        "majorevents:acknowledge": {"event_id": event},
        "majorevents:answer": {"event_id": event, "entry_id": world["me_request"].pk},
        "majorevents:close": {"event_id": event},
        "majorevents:retry": {"event_id": event, "notification_id": world["me_notification"].pk},
        "majorevents:summary": {"event_id": event, "fmt": "txt"},
    }.get(name, {})


def api_request(method, path, world):
    if "/major-events" not in path:
        return None
    event = world["me_event"]
    request = world["me_request"]
    path = path.replace("{event_id}", str(event.pk)).replace("{entry_id}", str(request.pk))
    body = None
    if path == "/api/v1/major-events" and method == "get":
        path += "?municipality=1262"
    elif path == "/api/v1/major-events":
        body = {"municipality": "1262", "title": "Storm över Lomma", "kind": "weather", "lat": 55.67, "lon": 13.07}
    elif path.endswith("/entries"):
        body = {"kind": "observation", "text": "Mycket folk vid hamnen, lugnt."}
    elif path.endswith("/answer"):
        body = {"text": "Ja, två patruller skickas."}
    elif path.endswith("/close"):
        body = {"worked": "Snabb första kontakt.", "did_not_work": "Beredskapslistan var inaktuell."}
    elif path.endswith("/acknowledge"):
        body = {}
    elif "summary" in path:
        path = path.replace("{fmt}", "txt")
    elif method in ("put", "patch", "delete"):
        body = {"text": "Ändrad text."}
    return path, body

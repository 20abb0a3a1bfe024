import datetime
from enum import Enum

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from accounts.api import API_AUTH
from majorevents import services, summary
from majorevents.models import Entry, MajorEvent
from samtrygg import exporters
from samtrygg.openapi import DetailOut
from tenancy.scoping import get_municipality, scoped

router = Router(tags=["majorevents"], auth=API_AUTH)


class EventKind(str, Enum):
    fire = "fire"
    violence = "violence"
    threat = "threat"
    gathering = "gathering"
    weather = "weather"
    disruption = "disruption"
    other = "other"


class EntryKind(str, Enum):
    observation = "observation"
    decision = "decision"
    request = "request"
    information = "information"
    acknowledgement = "acknowledgement"


class SideEnum(str, Enum):
    municipality = "municipality"
    police = "police"


class StatusEnum(str, Enum):
    open = "open"
    closed = "closed"


class ValidationOut(Schema):
    errors: dict[str, list[str]]
    pii_findings: list[dict] = []


class EventIn(Schema):
    municipality: str = Field(..., examples=["1262"])
    title: str
    kind: EventKind
    lat: float | None = None
    lon: float | None = None
    place_name: str = ""
    started_at: datetime.datetime | None = None
    municipality_lead: str = ""
    police_lead: str = ""
    pii_confirmed: list[str] = Field(
        default=[], description="finding texts in the title confirmed as not personal data"
    )


class EntryIn(Schema):
    kind: EntryKind
    text: str
    tags: list[str] = []
    internal_only: bool = False
    assignee: str = ""
    due_at: datetime.datetime | None = None
    corrects: int | None = None
    decided_by: str = ""
    recipients: str = ""
    pii_confirmed: list[str] = []


class AnswerIn(Schema):
    text: str
    pii_confirmed: list[str] = []


class AcknowledgeIn(Schema):
    text: str = ""


class CloseIn(Schema):
    worked: str
    did_not_work: str
    pii_confirmed: list[str] = []


class EntryOut(Schema):
    id: int
    created_at: datetime.datetime
    kind: EntryKind
    text: str
    author: str
    organisation: str
    side: SideEnum
    tags: list[str]
    internal_only: bool
    assignee: str
    due_at: datetime.datetime | None
    decided_by: str
    recipients: str
    corrects: int | None
    answers: int | None
    answered: bool | None = Field(None, description="for a request: whether it has been answered")


class FirstContactOut(Schema):
    minutes: int
    target_minutes: int
    acknowledged: bool
    acknowledged_at: datetime.datetime | None
    waiting_for: SideEnum
    within_target: bool
    missed: bool


class EventOut(Schema):
    id: int
    municipality: str
    title: str
    kind: EventKind
    place_name: str
    lat: float | None
    lon: float | None
    started_at: datetime.datetime
    opened_at: datetime.datetime
    opened_by_side: SideEnum
    municipality_lead: str
    police_lead: str
    status: StatusEnum
    first_contact: FirstContactOut
    closed_at: datetime.datetime | None
    evaluation_worked: str
    evaluation_did_not_work: str


class EventDetailOut(EventOut):
    entries: list[EntryOut]
    open_requests: list[int]


def _event(user, event_id: int, permission: str) -> MajorEvent:
    event = get_object_or_404(MajorEvent.objects.select_related("municipality"), pk=event_id)
    get_municipality(user, event.municipality.code, permission)
    return event


def _entry_out(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "kind": entry.kind,
        "text": entry.text,
        "author": entry.author_name,
        "organisation": entry.organisation,
        "side": entry.side,
        "tags": entry.tags,
        "internal_only": entry.internal_only,
        "assignee": entry.assignee,
        "due_at": entry.due_at,
        "decided_by": entry.decided_by,
        "recipients": entry.recipients,
        "corrects": entry.corrects_id,
        "answers": entry.answers_id,
        "answered": entry.answers_set.exists() if entry.kind == Entry.Kind.REQUEST else None,
    }


def _event_out(event: MajorEvent, *, with_entries: bool = False) -> dict:
    services.check_first_contact(event)
    out = {
        "id": event.pk,
        "municipality": event.municipality.code,
        **{
            name: getattr(event, name)
            for name in (
                "title",
                "kind",
                "place_name",
                "lat",
                "lon",
                "started_at",
                "opened_at",
                "opened_by_side",
                "municipality_lead",
                "police_lead",
                "status",
                "closed_at",
                "evaluation_worked",
                "evaluation_did_not_work",
            )
        },
        "first_contact": services.first_contact(event),
    }
    if with_entries:
        out["entries"] = [_entry_out(e) for e in services.entries(event)]
        out["open_requests"] = list(services.open_requests(event).values_list("id", flat=True))
    return out


def _refused(error: services.MajorEventError):
    body = {"errors": {error.field: [error.message]}, "pii_findings": error.findings}
    return Status(409 if error.conflict else 422, body)


@router.get("/major-events", response=list[EventOut], summary="Major events (särskilda händelser) one may see")
def list_events(request, municipality: str | None = None, status: StatusEnum | None = None):
    rows = scoped(MajorEvent.objects.select_related("municipality"), request.user, "view_major_events")
    if municipality:
        rows = rows.filter(municipality=get_municipality(request.user, municipality, "view_major_events"))
    if status:
        rows = rows.filter(status=status.value)
    return [_event_out(e) for e in rows[:200]]


@router.post(
    "/major-events",
    response={201: EventDetailOut, 409: ValidationOut, 422: ValidationOut},
    summary="Open a major event: e-mails the on-call list and starts the first-contact clock",
)
def create_event(request, payload: EventIn):
    municipality = get_municipality(request.user, payload.municipality, "edit_major_events")
    try:
        event = services.open_event(
            municipality,
            request.user,
            title=payload.title,
            kind=payload.kind.value,
            place_name=payload.place_name,
            lat=payload.lat,
            lon=payload.lon,
            started_at=payload.started_at,
            municipality_lead=payload.municipality_lead,
            police_lead=payload.police_lead,
            pii_confirmed={"title": payload.pii_confirmed},
        )
    except services.MajorEventError as error:
        return _refused(error)
    return Status(201, _event_out(event, with_entries=True))


@router.get("/major-events/{event_id}", response=EventDetailOut, summary="A major event with its log, oldest first")
def get_event(request, event_id: int):
    return _event_out(_event(request.user, event_id, "view_major_events"), with_entries=True)


@router.post(
    "/major-events/{event_id}/entries",
    response={201: EntryOut, 409: ValidationOut, 422: ValidationOut},
    summary="Add an entry to the log (entries are never changed: correct one with `corrects`)",
)
def add_entry(request, event_id: int, payload: EntryIn):
    event = _event(request.user, event_id, "edit_major_events")
    try:
        entry = services.add_entry(
            event,
            request.user,
            kind=payload.kind.value,
            text=payload.text,
            tags=payload.tags,
            internal_only=payload.internal_only,
            assignee=payload.assignee,
            due_at=payload.due_at,
            decided_by=payload.decided_by,
            corrects=payload.corrects,
            recipients=payload.recipients,
            pii_confirmed={"text": payload.pii_confirmed},
        )
    except services.MajorEventError as error:
        return _refused(error)
    return Status(201, _entry_out(entry))


@router.get("/major-events/{event_id}/entries/{entry_id}", response=EntryOut, summary="One log entry")
def get_entry(request, event_id: int, entry_id: int):
    event = _event(request.user, event_id, "view_major_events")
    return _entry_out(get_object_or_404(Entry, event=event, pk=entry_id))


def _not_allowed(request, event_id: int, entry_id: int):
    return Status(405, {"detail": "Loggposter ändras eller tas aldrig bort. Skriv en ny post som rättar den."})


for _method in ("put", "patch", "delete"):
    getattr(router, _method)(
        "/major-events/{event_id}/entries/{entry_id}",
        response={405: DetailOut},
        summary="Not allowed: the log is never changed (405)",
        operation_id=f"majorevents_entry_{_method}",
    )(_not_allowed)


@router.post(
    "/major-events/{event_id}/acknowledge",
    response={200: EntryOut, 409: ValidationOut, 422: ValidationOut},
    summary="The other party acknowledges the event (stops the first-contact clock)",
)
def acknowledge(request, event_id: int, payload: AcknowledgeIn | None = None):
    event = _event(request.user, event_id, "edit_major_events")
    try:
        return _entry_out(services.acknowledge(event, request.user, payload.text if payload else ""))
    except services.MajorEventError as error:
        return _refused(error)


@router.post(
    "/major-events/{event_id}/entries/{entry_id}/answer",
    response={201: EntryOut, 409: ValidationOut, 422: ValidationOut},
    summary="Answer an open request",
)
def answer(request, event_id: int, entry_id: int, payload: AnswerIn):
    event = _event(request.user, event_id, "edit_major_events")
    request_entry = get_object_or_404(Entry, event=event, pk=entry_id)
    try:
        entry = services.answer_request(
            event, request_entry, request.user, text=payload.text, pii_confirmed={"text": payload.pii_confirmed}
        )
    except services.MajorEventError as error:
        return _refused(error)
    return Status(201, _entry_out(entry))


@router.post(
    "/major-events/{event_id}/close",
    response={200: EventOut, 409: ValidationOut, 422: ValidationOut},
    summary="Close the event with a short evaluation: what worked, what did not",
)
def close(request, event_id: int, payload: CloseIn):
    event = _event(request.user, event_id, "edit_major_events")
    try:
        event = services.close(
            event,
            request.user,
            worked=payload.worked,
            did_not_work=payload.did_not_work,
            pii_confirmed={
                "evaluation_worked": payload.pii_confirmed,
                "evaluation_did_not_work": payload.pii_confirmed,
            },
        )
    except services.MajorEventError as error:
        return _refused(error)
    return _event_out(event)


@router.get(
    "/major-events/{event_id}/summary.{fmt}",
    response={200: bytes},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The one-page summary (pdf, docx, or plain text to paste into WIS)",
                "content": {exporters.PDF: {}, exporters.DOCX: {}, "text/plain": {}},
            }
        }
    },
    summary="The event's summary: timeline, decisions, requests and answers, who was told",
)
def event_summary(request, event_id: int, fmt: summary.Format, public: bool = False):
    """`public=true` leaves out the entries marked "endast kommun och polis"."""
    event = _event(request.user, event_id, "view_major_events")
    return exporters.response(summary.render(event, fmt.value, include_internal=not public))

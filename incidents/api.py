import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from incidents import queries, services
from incidents.forms import ReportForm
from incidents.models import Incident
from privacy import pii
from samtrygg.dates import local_day_start
from tenancy.scoping import get_municipality

router = Router(tags=["incidents"], auth=API_AUTH)


class AreaOut(Schema):
    id: int
    name: str


class PiiFinding(Schema):
    kind: str
    start: int
    end: int
    label: str
    masked: bool = False


class IncidentIn(Schema):
    municipality: str = Field(..., examples=["1262"])
    occurred_at: datetime.datetime
    lat: float | None = None
    lon: float | None = None
    place: int | None = None
    category: str = Field(..., examples=["skadegorelse-klotter"])
    description: str
    people_count: str | None = None
    age_group: str | None = None
    police_notified: bool = False
    rescue_notified: bool = False
    mask_pii: bool = False


class IncidentOut(Schema):
    id: int
    municipality: str
    occurred_at: datetime.datetime
    lat: float
    lon: float
    area: AreaOut | None
    place: AreaOut | None
    category: str
    category_name: str
    description: str
    people_count: str
    age_group: str
    police_notified: bool
    rescue_notified: bool
    status: str
    review_note: str
    merged_into: int | None
    pii: list[PiiFinding]
    created_at: datetime.datetime


class ValidationOut(Schema):
    errors: dict[str, list[str]]


class PiiIn(Schema):
    text: str


class PiiOut(Schema):
    findings: list[PiiFinding]
    masked: str


def incident_out(incident: Incident) -> dict:
    return {
        "id": incident.pk,
        "municipality": incident.municipality.code,
        "occurred_at": incident.occurred_at,
        "lat": incident.lat,
        "lon": incident.lon,
        "area": {"id": incident.area_id, "name": incident.area.name} if incident.area_id else None,
        "place": {"id": incident.place_id, "name": incident.place.name} if incident.place_id else None,
        "category": incident.category.slug,
        "category_name": incident.category.name,
        "description": incident.description,
        "people_count": incident.people_count,
        "age_group": incident.age_group,
        "police_notified": incident.police_notified,
        "rescue_notified": incident.rescue_notified,
        "status": incident.status,
        "review_note": incident.review_note,
        "merged_into": incident.merged_into_id,
        "pii": getattr(incident, "pii_findings", incident.pii),
        "created_at": incident.created_at,
    }


@router.post("/incidents", response={201: IncidentOut, 422: ValidationOut}, summary="Report an event")
def create_incident(request, payload: IncidentIn):
    municipality = get_municipality(request.user, payload.municipality, "report")
    data = payload.dict()
    data["occurred_at"] = payload.occurred_at.isoformat()
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = ReportForm(municipality, data)
    if not form.is_valid():
        return Status(422, {"errors": {field: [str(m) for m in messages] for field, messages in form.errors.items()}})
    incident = services.report_incident(municipality, request.user, form.cleaned_data)
    return Status(201, incident_out(incident))


class IncidentQuery(Schema):
    municipality: str | None = None
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")
    category: str | None = None
    status: str | None = None
    area: int | None = None


class IncidentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[IncidentOut]


PAGE_SIZE = 100


@router.get("/incidents", response=IncidentPage, summary="List events (100 a page, newest first)")
def list_incidents(request, filters: Query[IncidentQuery], page: int = 1):
    incidents = queries.visible_to(request.user)
    if filters.municipality:
        incidents = incidents.filter(municipality__code=filters.municipality)
    # Local (Europe/Stockholm) calendar days, as a range on the indexed column.
    if filters.date_from:
        incidents = incidents.filter(occurred_at__gte=local_day_start(filters.date_from))
    if filters.date_to:
        incidents = incidents.filter(occurred_at__lt=local_day_start(filters.date_to + datetime.timedelta(days=1)))
    if filters.category:
        incidents = incidents.filter(category__slug=filters.category)
    if filters.status:
        incidents = incidents.filter(status=filters.status)
    if filters.area:
        incidents = incidents.filter(area_id=filters.area)
    incidents = incidents.select_related("municipality", "area", "place", "category").order_by("-occurred_at", "-id")
    count = incidents.count()
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = incidents[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {"count": count, "page": page, "pages": pages, "items": [incident_out(i) for i in items]}


@router.get(
    "/incidents/map",
    summary="The map's GeoJSON for a municipality",
    response={200: dict},
    openapi_extra={
        "parameters": [{"name": "municipality", "in": "query", "required": True, "schema": {"type": "string"}}]
    },
)
def incidents_map(request, municipality: str):
    m = get_municipality(request.user, municipality, "view_incidents")
    return HttpResponse(queries.map_geojson(m, request.GET), content_type="application/geo+json")


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="One event")
def get_incident(request, incident_id: int):
    incident = get_object_or_404(
        queries.visible_to(request.user).select_related("municipality", "area", "place", "category"), pk=incident_id
    )
    return incident_out(incident)


@router.post("/pii/check", response=PiiOut, summary="Find personal data in a text")
def pii_check(request, payload: PiiIn):
    masked, _ = pii.mask(payload.text)
    return {"findings": [f.as_dict() for f in pii.find_pii(payload.text)], "masked": masked}

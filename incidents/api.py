import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from incidents import queries, services
from incidents.filters import IncidentFilter
from incidents.forms import ReportForm
from incidents.models import Incident
from privacy import pii
from samtrygg.openapi import ErrorsOut, choice
from tenancy.scoping import get_municipality, member_municipality

router = Router(tags=["incidents"], auth=API_AUTH)


class AreaOut(Schema):
    id: int
    name: str


class PiiFinding(Schema):
    kind: str = Field(..., description="personnummer, samordningsnummer, phone, email, vehicle_registration, name")
    start: int = Field(..., description="Offset of the finding in `description` of the same answer.")
    end: int
    label: str
    masked: bool = Field(
        False,
        description="True: replaced by a token such as [namn]. False: the reporter confirmed it is not "
        "personal data (`not_pii`), so it stands as written.",
    )


class IncidentIn(Schema):
    municipality: str = Field(..., examples=["1262"])
    occurred_at: datetime.datetime
    lat: float | None = None
    lon: float | None = None
    place: int | None = None
    category: str = Field(..., examples=["skadegorelse-klotter"])
    description: str
    people_count: choice(Incident.PeopleCount, "") | None = None
    age_group: choice(Incident.AgeGroup, "") | None = None
    police_notified: bool = False
    rescue_notified: bool = False
    not_pii: list[str] = Field(
        default_factory=list,
        description="Personal data found in `description` is always masked, except findings whose exact "
        'text is listed here, confirmed as not personal data (a place called Berga: ["Berga"]). A '
        "personnummer or samordningsnummer is always masked; a text that is not a finding is a 422.",
        examples=[["Lindholm"]],
    )
    mask_pii: bool = Field(True, description="Ignored, kept for old clients: masking is the default.")


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
    description: str = Field(
        ...,
        description="The text with personal data masked. Only the municipality's coordinators (and "
        "admins) get the text as written, while it is kept: until the report is reviewed, at most 30 days.",
    )
    description_is_original: bool = Field(
        False, description="True when `description` is the text as written and holds personal data."
    )
    people_count: choice(Incident.PeopleCount, "")
    age_group: choice(Incident.AgeGroup, "")
    police_notified: bool
    rescue_notified: bool
    status: choice(Incident.Status)
    review_note: str
    merged_into: int | None
    pii: list[PiiFinding] = Field(
        ..., description="What the personal-data check found, in text order, with offsets into `description`."
    )
    created_at: datetime.datetime


class PiiIn(Schema):
    text: str


class PiiOut(Schema):
    findings: list[PiiFinding]
    masked: str


def _findings(incident: Incident, original: str) -> list[dict]:
    """Incident.pii with offsets into the text the answer carries: the stored (masked) one, or the
    original, where each finding also knows its place (original_start/original_end)."""
    if not original:
        return [
            {k: f[k] for k in ("kind", "start", "end", "label") if k in f} | {"masked": bool(f.get("masked"))}
            for f in incident.pii
        ]
    return [
        {
            "kind": f["kind"],
            "label": f["label"],
            "start": f.get("original_start", f["start"]),
            "end": f.get("original_end", f["end"]),
            "masked": bool(f.get("masked")),
        }
        for f in incident.pii
    ]


def incident_out(incident: Incident, user) -> dict:
    original = queries.original_for(user, incident)
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
        "description": original or incident.description,
        "description_is_original": bool(original),
        "people_count": incident.people_count,
        "age_group": incident.age_group,
        "police_notified": incident.police_notified,
        "rescue_notified": incident.rescue_notified,
        "status": incident.status,
        "review_note": incident.review_note,
        "merged_into": incident.merged_into_id,
        "pii": _findings(incident, original),
        "created_at": incident.created_at,
    }


@router.post("/incidents", response={201: IncidentOut, 422: ErrorsOut}, summary="Report an event")
def create_incident(request, payload: IncidentIn):
    municipality = get_municipality(request.user, payload.municipality, "report")
    data = payload.dict()
    data["occurred_at"] = payload.occurred_at.isoformat()
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = ReportForm(municipality, data)
    if not form.is_valid():
        return Status(422, {"errors": {field: [str(m) for m in messages] for field, messages in form.errors.items()}})
    incident = services.report_incident(municipality=municipality, actor=request.user, data=form.cleaned_data)
    return Status(201, incident_out(incident, request.user))


class IncidentQuery(Schema):
    municipality: str | None = None
    date_from: datetime.date | None = Field(None, alias="from")
    date_to: datetime.date | None = Field(None, alias="to")
    category: str | None = None
    status: choice(Incident.Status, "all") | None = Field(
        None, description="Without it, rejected and merged reports are left out; `all` lists every one."
    )
    area: int | None = None


class IncidentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[IncidentOut]


PAGE_SIZE = 100


@router.get(
    "/incidents", response={200: IncidentPage, 422: ErrorsOut}, summary="List events (100 a page, newest first)"
)
def list_incidents(request, filters: Query[IncidentQuery], page: int = 1):
    """Filtered like the list page (incidents.filters.IncidentFilter, local calendar days): without
    `status`, rejected and merged reports are left out; `status=all` lists every one."""
    incidents = queries.visible_to(request.user)
    municipality = None
    if filters.municipality:
        municipality = member_municipality(request.user, filters.municipality)
        incidents = incidents.filter(municipality=municipality)
    params = {
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "category": filters.category,
        "status": filters.status,
        "area": filters.area,
    }
    form = IncidentFilter(municipality, {k: v for k, v in params.items() if v not in (None, "")})
    if not form.is_valid():
        return Status(422, {"errors": {field: [str(m) for m in messages] for field, messages in form.errors.items()}})
    incidents = (
        form.apply(incidents)
        .select_related("municipality", "area", "place", "category")
        .defer("municipality__boundary", "area__geometry")  # GeoJSON not listed: decoded per row it cost most
        .order_by("-occurred_at", "-id")
    )
    count = incidents.count()
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = incidents[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {"count": count, "page": page, "pages": pages, "items": [incident_out(i, request.user) for i in items]}


GEOJSON = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection: a Point feature per event, its properties as on the map page.",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "features"],
}


@router.get(
    "/incidents/map",
    summary="The map's GeoJSON for a municipality",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "OK", "content": {"application/geo+json": {"schema": GEOJSON}}}}},
)
def incidents_map(request, municipality: str):
    m = get_municipality(request.user, municipality, "view_incidents")
    return HttpResponse(queries.map_geojson(m, request.GET), content_type="application/geo+json")


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="One event")
def get_incident(request, incident_id: int):
    incident = get_object_or_404(
        queries.visible_to(request.user).select_related("municipality", "area", "place", "category"), pk=incident_id
    )
    return incident_out(incident, request.user)


@router.post("/pii/check", response=PiiOut, summary="Find personal data in a text")
def pii_check(request, payload: PiiIn):
    masked, _ = pii.mask(payload.text)
    return {"findings": [f.as_dict() for f in pii.find_pii(payload.text)], "masked": masked}

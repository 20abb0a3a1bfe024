"""Walks, observations and proposals over the API. Objects of a municipality the user cannot see
answer 404; without the permission there, 403. Pages and the API call the same services."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from accounts.api import API_AUTH
from areas.models import Area
from samtrygg.inputs import parse_id
from samtrygg.openapi import ErrorsOut
from tenancy.models import Organisation
from tenancy.scoping import get_municipality, member_municipality, municipality_ids
from walks import measures, queries, services
from walks import proposals as proposal_services
from walks.categories import categories
from walks.models import Observation, Proposal, ProposalAnswer, Walk, WalkCategory
from walks.services import WalkError

router = Router(tags=["walks"], auth=API_AUTH)

WalkStatus = Literal["planned", "done", "cancelled"]
ProposalStatus = Literal["new", "sent", "accepted", "done", "declined", "rerouted"]
Decision = Literal["accept", "done", "decline"]


def _errors(exc: WalkError):
    return Status(422, {"errors": {exc.field: [str(exc)]}})


class Measures(Schema):
    sent: int = Field(..., description="Proposals sent to their owners (not those still new).")
    answered: int
    due: int = Field(..., description="Sent proposals answered or past their answer-by date.")
    answered_on_time: int
    share_answered_on_time: float | None = Field(..., description="answered_on_time / due, 0–1.")
    median_days_to_answer: float | None = Field(..., description="From sending to the first answer.")
    done: int
    share_done: float | None = Field(..., description="done / sent, 0–1.")
    declined: int = Field(..., description="Declined (always with a reason), re-routed ones included.")
    open: int = Field(..., description="Sent or accepted, not done yet.")


class OwnerMeasures(Measures):
    organisation_id: int
    organisation: str


class WalkIn(Schema):
    municipality: str = Field(..., examples=["1262"])
    title: str = Field(..., max_length=200)
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    area: int | None = Field(None, description="An area id of the municipality.")
    meeting_point: str = Field("", max_length=200)
    purpose: str = ""
    route: dict | None = Field(None, description='GeoJSON (a LineString) or {"stops": [{"name", "lat", "lon"}]}.')


class WalkOut(Schema):
    id: int
    municipality: str
    title: str
    area: int | None
    area_name: str | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    meeting_point: str
    purpose: str
    route: dict | None
    status: WalkStatus
    published_at: datetime.datetime | None
    observation_count: int
    measures: Measures


def walk_out(walk: Walk) -> dict:
    return {
        "id": walk.pk,
        "municipality": walk.municipality.code,
        "title": walk.title,
        "area": walk.area_id,
        "area_name": walk.area.name if walk.area_id else None,
        "starts_at": walk.starts_at,
        "ends_at": walk.ends_at,
        "meeting_point": walk.meeting_point,
        "purpose": walk.purpose,
        "route": walk.route,
        "status": walk.status,
        "published_at": walk.published_at,
        "observation_count": walk.observations.count(),
        "measures": measures.for_walk(walk),
    }


def _walk(request, walk_id: int, permission: str = "view_walks") -> Walk:
    """The walk in a municipality where the user has any role (else 404), if `permission` (else 403)."""
    walk = get_object_or_404(
        Walk.objects.filter(municipality_id__in=municipality_ids(request.user)).select_related("municipality", "area"),
        pk=walk_id,
    )
    get_municipality(request.user, walk.municipality.code, permission)
    return walk


@router.post("/walks", response={201: WalkOut, 422: ErrorsOut}, summary="Plan a safety walk")
def create_walk(request, payload: WalkIn):
    municipality = get_municipality(request.user, payload.municipality, "edit_walks")
    area = None
    if payload.area is not None:
        area = Area.objects.filter(municipality=municipality, pk=payload.area).first()
        if area is None:
            return Status(422, {"errors": {"area": [_("Okänt område.")]}})
    if not payload.title.strip():
        return Status(422, {"errors": {"title": [_("Ange en rubrik.")]}})
    try:
        walk = services.create_walk(
            municipality=municipality,
            actor=request.user,
            title=payload.title,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            area=area,
            meeting_point=payload.meeting_point,
            purpose=payload.purpose,
            route=payload.route,
        )
    except WalkError as exc:
        return _errors(exc)
    return Status(201, walk_out(walk))


class WalkQuery(Schema):
    municipality: str | None = None
    status: WalkStatus | None = None
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/walks", response=list[WalkOut], summary="Safety walks (newest first)")
def list_walks(request, filters: Query[WalkQuery]):
    walks = queries.visible_walks(request.user).select_related("municipality", "area")
    if filters.municipality:
        walks = walks.filter(municipality=member_municipality(request.user, filters.municipality))
    if filters.status:
        walks = walks.filter(status=filters.status)
    if filters.year:
        walks = walks.filter(starts_at__year=filters.year)
    return [walk_out(w) for w in walks]


@router.get("/walks/{walk_id}", response=WalkOut, summary="One safety walk with its measures")
def get_walk(request, walk_id: int):
    return walk_out(_walk(request, walk_id))


class WalkPatch(Schema):
    title: str | None = Field(None, max_length=200)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    meeting_point: str | None = Field(None, max_length=200)
    purpose: str | None = None
    status: WalkStatus | None = Field(
        None, description="A change of time, place or status sends the invited an updated calendar entry."
    )


@router.patch("/walks/{walk_id}", response={200: WalkOut, 422: ErrorsOut}, summary="Change a walk")
def update_walk(request, walk_id: int, payload: WalkPatch):
    walk = _walk(request, walk_id, "edit_walks")
    fields = payload.dict(exclude_unset=True)
    if "title" in fields and not (fields["title"] or "").strip():
        return Status(422, {"errors": {"title": [_("Ange en rubrik.")]}})
    fields = {k: v for k, v in fields.items() if v is not None or k == "ends_at"}
    services.update_walk(walk=walk, actor=request.user, **fields)
    return walk_out(walk)


class CategoryOut(Schema):
    slug: str
    name: str


@router.get("/walk-categories", response=list[CategoryOut], summary="The municipality's walk categories")
def walk_categories(request, municipality: str):
    m = get_municipality(request.user, municipality, "record_observations")
    return [{"slug": c.slug, "name": c.name} for c in categories(m)]


class Ratings(Schema):
    lighting: int | None = Field(None, ge=0, le=3)
    openness: int | None = Field(None, ge=0, le=3)
    visibility: int | None = Field(None, ge=0, le=3)
    people: int | None = Field(None, ge=0, le=3)
    security: int | None = Field(None, ge=0, le=3)
    walk_path: int | None = Field(None, ge=0, le=3)
    transport: int | None = Field(None, ge=0, le=3)
    gender_usage: int | None = Field(None, ge=0, le=3)
    feeling: int | None = Field(None, ge=0, le=3)


class ObservationIn(Schema):
    lat: float
    lon: float
    category: str = Field(
        ...,
        description="The slug of one of the municipality's walk categories (GET /walk-categories), e.g. belysning.",
        examples=["belysning"],
    )
    text: str = ""
    client_id: str = Field(
        ...,
        max_length=64,
        description="Made on the phone (a UUID). Sending the same client_id for the same walk again "
        "answers 200 with the observation stored the first time: nothing is stored twice.",
    )
    not_pii: list[str] = Field(
        default_factory=list,
        description="Personal data in `text` is masked, except findings whose exact text is listed here.",
    )
    ratings: Ratings | None = Field(None, description="Safetipin's nine parameters, 0–3 each, all optional.")


class WalkPiiFinding(Schema):
    kind: str
    start: int
    end: int
    label: str
    masked: bool


class PhotoOut(Schema):
    id: int
    url: str
    width: int
    height: int
    approved_for_publication: bool


class ObservationOut(Schema):
    id: int
    walk: int
    lat: float
    lon: float
    category: str
    category_name: str
    text: str = Field(..., description="Personal data masked; the coordinators get the text as written while kept.")
    text_is_original: bool
    pii: list[WalkPiiFinding]
    ratings: Ratings
    client_id: str
    photos: list[PhotoOut]
    created_at: datetime.datetime


def photo_out(photo) -> dict:
    return {
        "id": photo.pk,
        "url": reverse("walks:photo", kwargs={"code": photo.observation.walk.municipality.code, "photo_id": photo.pk}),
        "width": photo.width,
        "height": photo.height,
        "approved_for_publication": photo.approved_for_publication,
    }


def observation_out(observation: Observation, user) -> dict:
    original = queries.original_for(user, observation)
    if original:
        pii = [
            {
                "kind": f["kind"],
                "label": f["label"],
                "start": f.get("original_start", f["start"]),
                "end": f.get("original_end", f["end"]),
                "masked": bool(f.get("masked")),
            }
            for f in observation.pii
        ]
    else:
        pii = [
            {k: f[k] for k in ("kind", "start", "end", "label")} | {"masked": bool(f.get("masked"))}
            for f in observation.pii
        ]
    return {
        "id": observation.pk,
        "walk": observation.walk_id,
        "lat": observation.lat,
        "lon": observation.lon,
        "category": observation.category.slug,
        "category_name": observation.category.name,
        "text": original or observation.text,
        "text_is_original": bool(original),
        "pii": pii,
        "ratings": observation.ratings,
        "client_id": observation.client_id,
        "photos": [photo_out(p) for p in observation.photos.all()],
        "created_at": observation.created_at,
    }


@router.post(
    "/walks/{walk_id}/observations",
    response={200: ObservationOut, 201: ObservationOut, 422: ErrorsOut},
    summary="Record an observation (idempotent by client_id)",
)
def create_observation(request, walk_id: int, payload: ObservationIn):
    walk = _walk(request, walk_id, "record_observations")
    category = WalkCategory.objects.filter(municipality=walk.municipality, slug=payload.category, active=True).first()
    if category is None:
        categories(walk.municipality)  # the defaults on first use
        category = WalkCategory.objects.filter(
            municipality=walk.municipality, slug=payload.category, active=True
        ).first()
    if category is None:
        # a retry of an observation stored before its category was retired is still found by client_id
        existing = Observation.objects.filter(walk=walk, client_id=payload.client_id.strip()).first()
        if existing is None:
            return Status(422, {"errors": {"category": [_("Okänd kategori.")]}})
        return Status(200, observation_out(existing, request.user))
    try:
        observation, created = services.record_observation(
            walk=walk,
            actor=request.user,
            lat=payload.lat,
            lon=payload.lon,
            category=category,
            text=payload.text,
            client_id=payload.client_id,
            not_pii=payload.not_pii,
            ratings=payload.ratings.dict() if payload.ratings else None,
        )
    except WalkError as exc:
        return _errors(exc)
    return Status(201 if created else 200, observation_out(observation, request.user))


@router.post(
    "/observations/{observation_id}/photos",
    response={201: PhotoOut, 422: ErrorsOut},
    summary="Add a photo (EXIF, GPS included, removed; resized)",
)
def add_photo(request, observation_id: int, file: File[UploadedFile]):
    observation = get_object_or_404(
        Observation.objects.filter(walk__municipality_id__in=municipality_ids(request.user)).select_related(
            "walk__municipality"
        ),
        pk=observation_id,
    )
    get_municipality(request.user, observation.walk.municipality.code, "record_observations")
    try:
        p = services.add_photo(observation=observation, actor=request.user, upload=file)
    except WalkError as exc:
        return _errors(exc)
    return Status(201, photo_out(p))


@router.get("/walks/{walk_id}/observations", response=list[ObservationOut], summary="A walk's observations")
def list_observations(request, walk_id: int):
    walk = _walk(request, walk_id)
    rows = walk.observations.select_related("category", "walk__municipality").prefetch_related("photos")
    return [observation_out(o, request.user) for o in rows]


class ProposalIn(Schema):
    title: str = Field(..., max_length=200)
    observations: list[int] = Field(default_factory=list, description="Ids of observations of this walk.")
    owner_organisation: int | str = Field(
        ...,
        description="The owner: an organisation id of the municipality, or its exact name (case-insensitive).",
    )
    answer_by: datetime.date
    description: str = ""
    owner_name: str = Field("", max_length=150)
    owner_email: str = Field("", max_length=254)
    focus_area: int | None = None
    activity: int | None = None


class AnswerOut(Schema):
    decision: Decision
    reason: str
    planned_date: datetime.date | None
    comment: str
    answered_at: datetime.datetime
    answered_by: str
    via_link: bool
    rerouted_to: int | None


class ProposalOut(Schema):
    id: int
    municipality: str
    walk: int | None
    title: str
    description: str
    observations: list[int]
    owner_organisation: int = Field(..., description="The owner organisation's id.")
    owner_organisation_name: str
    owner_name: str
    owner_email: str
    answer_by: datetime.date
    status: ProposalStatus
    planned_date: datetime.date | None
    sent_at: datetime.datetime | None
    rerouted_from: int | None
    rerouted_to: int | None = Field(None, description="The proposal's copy for the owner named instead.")
    focus_area: int | None
    activity: int | None
    answer: AnswerOut | None = Field(..., description="The latest answer.")
    answers: list[AnswerOut]


def _answer_out(a: ProposalAnswer) -> dict:
    return {
        "decision": a.decision,
        "reason": a.reason,
        "planned_date": a.planned_date,
        "comment": a.comment,
        "answered_at": a.answered_at,
        "answered_by": a.answered_by_name,
        "via_link": a.via_link,
        "rerouted_to": a.rerouted_to_id,
    }


def proposal_out(p: Proposal) -> dict:
    answer = p.answer
    copy = getattr(p, "rerouted_to", None) if p.status == Proposal.Status.REROUTED else None
    return {
        "id": p.pk,
        "municipality": p.municipality.code,
        "walk": p.walk_id,
        "title": p.title,
        "description": p.description,
        "observations": sorted(o.pk for o in p.observations.all()),
        "owner_organisation": p.owner_organisation_id,
        "owner_organisation_name": p.owner_organisation.name,
        "owner_name": p.owner_name,
        "owner_email": p.owner_email,
        "answer_by": p.answer_by,
        "status": p.status,
        "planned_date": p.planned_date,
        "sent_at": p.sent_at,
        "rerouted_from": p.rerouted_from_id,
        "rerouted_to": copy.pk if copy else None,
        "focus_area": p.focus_area_id,
        "activity": p.activity_id,
        "answer": _answer_out(answer) if answer else None,
        "answers": [_answer_out(a) for a in p.answers.all()],
    }


def _organisation(municipality, value) -> Organisation | None:
    orgs = Organisation.objects.filter(municipality=municipality)
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        # parse_id: "²" is a digit to isdigit() and 2**40 is no id; both mean no such organisation.
        pk = parse_id(value)
        return orgs.filter(pk=pk).first() if pk is not None else None
    return orgs.filter(name__iexact=str(value).strip()).first()


@router.post(
    "/walks/{walk_id}/proposals",
    response={201: ProposalOut, 422: ErrorsOut},
    summary="Make a proposal from observations",
)
def create_proposal(request, walk_id: int, payload: ProposalIn):
    walk = _walk(request, walk_id, "edit_walks")
    owner = _organisation(walk.municipality, payload.owner_organisation)
    if owner is None:
        return Status(422, {"errors": {"owner_organisation": [_("Okänd organisation i kommunen.")]}})
    observations = list(walk.observations.filter(pk__in=payload.observations))
    if len(observations) != len(set(payload.observations)):
        return Status(422, {"errors": {"observations": [_("Observationen hör inte till vandringen.")]}})
    focus_area = activity = None
    if payload.focus_area is not None:
        from focusareas.models import FocusArea

        focus_area = FocusArea.objects.filter(municipality=walk.municipality, pk=payload.focus_area).first()
        if focus_area is None:
            return Status(422, {"errors": {"focus_area": [_("Okänt fokusområde.")]}})
    if payload.activity is not None:
        from actionplans.models import Activity

        activity = Activity.objects.filter(plan__municipality=walk.municipality, pk=payload.activity).first()
        if activity is None:
            return Status(422, {"errors": {"activity": [_("Okänd aktivitet.")]}})
    try:
        proposal = proposal_services.create_proposal(
            municipality=walk.municipality,
            actor=request.user,
            walk=walk,
            title=payload.title,
            observations=observations,
            owner_organisation=owner,
            answer_by=payload.answer_by,
            description=payload.description,
            owner_name=payload.owner_name,
            owner_email=payload.owner_email,
            focus_area=focus_area,
            activity=activity,
        )
    except WalkError as exc:
        return _errors(exc)
    return Status(201, proposal_out(_proposals(request).get(pk=proposal.pk)))


def _proposals(request):
    return (
        queries.visible_proposals(request.user)
        .select_related("municipality", "owner_organisation", "rerouted_to")
        .prefetch_related("answers", "observations")
    )


class ProposalQuery(Schema):
    municipality: str | None = None
    status: ProposalStatus | None = None
    walk: int | None = None
    owner_organisation: int | None = None


@router.get("/proposals", response=list[ProposalOut], summary="Proposals and their answers")
def list_proposals(request, filters: Query[ProposalQuery]):
    """Everything the user may see: a user who only answers for an owner organisation sees that
    organisation's proposals."""
    rows = _proposals(request)
    if filters.municipality:
        rows = rows.filter(municipality=member_municipality(request.user, filters.municipality))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.walk:
        rows = rows.filter(walk_id=filters.walk)
    if filters.owner_organisation:
        rows = rows.filter(owner_organisation_id=filters.owner_organisation)
    return [proposal_out(p) for p in rows.order_by("answer_by", "id")]


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="One proposal")
def get_proposal(request, proposal_id: int):
    return proposal_out(get_object_or_404(_proposals(request), pk=proposal_id))


@router.post("/proposals/{proposal_id}/send", response={200: ProposalOut, 422: ErrorsOut}, summary="Send to its owner")
def send_proposal(request, proposal_id: int):
    proposal = get_object_or_404(_proposals(request), pk=proposal_id)
    get_municipality(request.user, proposal.municipality.code, "edit_walks")
    try:
        proposal_services.send_proposals(proposals=[proposal], actor=request.user)
    except WalkError as exc:
        return _errors(exc)
    return proposal_out(_proposals(request).get(pk=proposal.pk))


class ProposalAnswerIn(Schema):
    decision: Decision
    reason: str = Field("", description="Required when declining.")
    planned_date: datetime.date | None = Field(None, description="Required when accepting.")
    comment: str = ""
    rerouted_to: int | str | None = Field(
        None, description="When declining: the organisation (id or exact name) that owns it instead."
    )
    rerouted_contact_name: str = Field("", max_length=150)
    rerouted_contact_email: str = Field("", max_length=254)


@router.post(
    "/proposals/{proposal_id}/answer",
    response={200: ProposalOut, 422: ErrorsOut},
    summary="Answer a proposal (its owner organisation's users, or a coordinator)",
)
def answer_proposal(request, proposal_id: int, payload: ProposalAnswerIn):
    proposal = get_object_or_404(_proposals(request), pk=proposal_id)
    if not proposal_services.may_answer(request.user, proposal):
        raise PermissionDenied
    rerouted_to = None
    if payload.rerouted_to not in (None, ""):
        rerouted_to = _organisation(proposal.municipality, payload.rerouted_to)
        if rerouted_to is None:
            return Status(422, {"errors": {"rerouted_to": [_("Okänd organisation i kommunen.")]}})
    try:
        proposal_services.answer_proposal(
            proposal=proposal,
            actor=request.user,
            decision=payload.decision,
            reason=payload.reason,
            planned_date=payload.planned_date,
            comment=payload.comment,
            rerouted_to=rerouted_to,
            rerouted_contact_name=payload.rerouted_contact_name,
            rerouted_contact_email=payload.rerouted_contact_email,
        )
    except WalkError as exc:
        return _errors(exc)
    return proposal_out(_proposals(request).get(pk=proposal.pk))


@router.get("/walk-measures", response=list[OwnerMeasures], summary="Proposal measures per owner for a year")
def owner_measures(request, municipality: str, year: int = Query(..., ge=2000, le=2100)):
    m = get_municipality(request.user, municipality, "view_walks")
    return measures.by_owner(m, year)


@router.get("/walk-measures/year", response=Measures, summary="Proposal measures for a year")
def year_measures(request, municipality: str, year: int = Query(..., ge=2000, le=2100)):
    m = get_municipality(request.user, municipality, "view_walks")
    return measures.for_year(m, year)

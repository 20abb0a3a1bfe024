"""Residents' tips and the public walk feedback over the API.

Public (no login): `POST /public/tips` (rate-limited per address and network: 429), the published
feedback of a municipality's walks and its proposals with their status. With login: the
coordinator's review of tips, scoped as everything else (another municipality's tip answers 404)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from accounts.api import API_AUTH
from samtrygg.openapi import DetailOut, ErrorsOut, choice
from tenancy.models import Municipality, Organisation
from tenancy.scoping import get_municipality, has_permission, municipality_ids
from tips import ratelimit, services
from tips.models import Tip
from walks import feedback
from walks.categories import categories

public_router = Router(tags=["public"])
router = Router(tags=["tips"], auth=API_AUTH)


class TipIn(Schema):
    municipality: str = Field(..., examples=["1262"])
    lat: float
    lon: float
    text: str
    email: str | None = Field(None, max_length=254)
    category: str | None = Field(None, description="A walk category's slug in the municipality.")
    kind: choice(Tip.Kind) | None = Field(None, description="place (default) or problem")


class PublicTipOut(Schema):
    id: int
    municipality: str
    text: str = Field(..., description="The text as it is shown: personal data masked.")
    status: choice(Tip.Status)
    created_at: datetime.datetime


def _municipality(code: str) -> Municipality:
    return get_object_or_404(Municipality.objects.defer("boundary"), code=code)


@public_router.post(
    "/public/tips",
    auth=None,
    response={201: PublicTipOut, 404: DetailOut, 422: ErrorsOut, 429: DetailOut},
    summary="A resident's tip, without login",
)
def submit(request, payload: TipIn):
    place = _municipality(payload.municipality)
    if not ratelimit.allow(ratelimit.client_address(request)):
        return Status(
            429, {"detail": _("Det har kommit många tips från din uppkoppling den senaste timmen. Försök igen senare.")}
        )
    category = None
    if payload.category:
        category = categories(place).filter(slug=payload.category).first()
        if category is None:
            return Status(422, {"errors": {"category": [_("Okänd kategori.")]}})
    try:
        tip = services.submit_tip(
            municipality=place,
            lat=payload.lat,
            lon=payload.lon,
            text=payload.text,
            email=payload.email or "",
            category=category,
            kind=payload.kind or Tip.Kind.PLACE,
        )
    except services.TipError as exc:
        return Status(422, {"errors": {exc.field: [str(exc)]}})
    return Status(
        201,
        {
            "id": tip.pk,
            "municipality": place.code,
            "text": tip.text,
            "status": tip.status,
            "created_at": tip.created_at,
        },
    )


class PublicWalkOut(Schema):
    id: int
    title: str
    date: datetime.date
    area: str | None
    published_at: datetime.datetime
    url: str


@public_router.get(
    "/public/walks", auth=None, response=list[PublicWalkOut], summary="A municipality's published walk feedback"
)
def public_walks(request, municipality: str):
    from django.urls import reverse
    from django.utils import timezone

    place = _municipality(municipality)
    return [
        {
            "id": w.pk,
            "title": w.title,
            "date": timezone.localdate(w.starts_at),
            "area": w.area.name if w.area_id else None,
            "published_at": w.published_at,
            "url": reverse("public_walks:walk", kwargs={"code": place.code, "walk_id": w.pk}),
        }
        for w in feedback.published_walks(place).order_by("-starts_at")
    ]


@public_router.get("/public/walks/{walk_id}", auth=None, summary="One walk's published feedback report")
def public_walk(request, walk_id: int):
    walk = get_object_or_404(
        feedback.Walk.objects.filter(published_at__isnull=False).select_related("municipality", "area"), pk=walk_id
    )
    return feedback.as_json(walk)


@public_router.get(
    "/public/proposals", auth=None, summary="The proposals of a municipality's published walks, with status"
)
def public_proposals(request, municipality: str):
    place = _municipality(municipality)
    out = []
    for p in feedback.public_proposals(place):
        points = [(o.lat, o.lon) for o in p.observations.all()]
        out.append(
            feedback.proposal_json(p)
            | {
                "walk": p.walk_id,
                "lat": sum(x for x, _y in points) / len(points) if points else None,
                "lon": sum(y for _x, y in points) / len(points) if points else None,
            }
        )
    return out


# ---- the coordinator's review -----------------------------------------------------------------


class TipOut(Schema):
    id: int
    municipality: str
    kind: choice(Tip.Kind)
    category: str | None
    lat: float
    lon: float
    text: str
    status: choice(Tip.Status)
    reject_reason: str
    proposal: int | None
    has_email: bool
    reopened_at: datetime.datetime | None
    created_at: datetime.datetime


def tip_out(tip: Tip) -> dict:
    return {
        "id": tip.pk,
        "municipality": tip.municipality.code,
        "kind": tip.kind,
        "category": tip.category.slug if tip.category_id else None,
        "lat": tip.lat,
        "lon": tip.lon,
        "text": tip.text,
        "status": tip.status,
        "reject_reason": tip.reject_reason,
        "proposal": tip.proposal_id,
        "has_email": bool(tip.email),
        "reopened_at": tip.reopened_at,
        "created_at": tip.created_at,
    }


def _tip(request, tip_id: int) -> Tip:
    # another municipality's tip answers 404; one the user sees without the right to review, 403
    tip = get_object_or_404(
        Tip.objects.select_related("municipality", "category"),
        pk=tip_id,
        municipality_id__in=municipality_ids(request.user),
    )
    if not has_permission(request.user, tip.municipality, "edit_walks"):
        raise PermissionDenied
    return tip


@router.get("/tips", response=list[TipOut], summary="Residents' tips (coordinators)")
def list_tips(request, municipality: str, status: choice(Tip.Status) | None = None):
    place = get_municipality(request.user, municipality, "edit_walks")
    tips = Tip.objects.filter(municipality=place).select_related("municipality", "category")
    if status:
        tips = tips.filter(status=status)
    return [tip_out(t) for t in tips[:500]]


class RejectIn(Schema):
    reason: str


@router.post("/tips/{tip_id}/reject", response={200: TipOut, 422: ErrorsOut}, summary="Reject a tip with a reason")
def reject(request, tip_id: int, payload: RejectIn):
    tip = _tip(request, tip_id)
    try:
        services.reject_tip(tip=tip, actor=request.user, reason=payload.reason)
    except services.TipError as exc:
        return Status(422, {"errors": {exc.field: [str(exc)]}})
    return Status(200, tip_out(tip))


class RouteIn(Schema):
    title: str = Field(..., max_length=200)
    owner_organisation: int
    answer_by: datetime.date
    owner_name: str = Field("", max_length=150)
    owner_email: str = Field("", max_length=254)


@router.post(
    "/tips/{tip_id}/route", response={200: TipOut, 422: ErrorsOut}, summary="Turn a tip into a proposal to its owner"
)
def route(request, tip_id: int, payload: RouteIn):
    tip = _tip(request, tip_id)
    organisation = Organisation.objects.filter(municipality=tip.municipality, pk=payload.owner_organisation).first()
    if organisation is None:
        return Status(422, {"errors": {"owner_organisation": [_("Okänd organisation i kommunen.")]}})
    try:
        services.route_tip(
            tip=tip,
            actor=request.user,
            title=payload.title,
            owner_organisation=organisation,
            answer_by=payload.answer_by,
            owner_name=payload.owner_name,
            owner_email=payload.owner_email,
        )
    except services.TipError as exc:
        return Status(422, {"errors": {exc.field: [str(exc)]}})
    return Status(200, tip_out(tip))


@router.post("/tips/{tip_id}/close", response={200: TipOut, 422: ErrorsOut}, summary="Close a tip")
def close(request, tip_id: int):
    tip = _tip(request, tip_id)
    try:
        services.close_tip(tip=tip, actor=request.user)
    except services.TipError as exc:
        return Status(422, {"errors": {exc.field: [str(exc)]}})
    return Status(200, tip_out(tip))

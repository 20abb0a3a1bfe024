import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from promises import services
from promises.models import CitizenPromise, PromiseUpdate
from samtrygg.openapi import DetailOut, choice
from tenancy.scoping import get_municipality, has_permission, municipality_ids

router = Router(tags=["promises"], auth=API_AUTH)


class PromisesQuery(Schema):
    municipality: str = Field(..., examples=["1262"])
    year: int | None = Field(None, ge=2000, le=2100, examples=[2026], description="Default: the current year")


class UpdateOut(Schema):
    id: int
    date: datetime.date
    status: choice(PromiseUpdate.Status)
    status_name: str
    text: str


class PromiseOut(Schema):
    id: int
    year: int
    title: str
    situation_today: str
    what_we_do: str
    what_we_achieve: str
    follow_along: str
    police_area: str | None
    agreement_id: int | None
    decided_by: str
    decided_on: datetime.date | None
    published: bool
    published_at: datetime.datetime | None
    personal_data: list[str]
    focus_areas: list[str]
    updates: list[UpdateOut]


def promise_out(promise: CitizenPromise) -> dict:
    return {
        "id": promise.pk,
        "year": promise.year,
        "title": promise.title,
        "situation_today": promise.situation_today,
        "what_we_do": promise.what_we_do,
        "what_we_achieve": promise.what_we_achieve,
        "follow_along": promise.follow_along,
        "police_area": str(promise.police_area) if promise.police_area else None,
        "agreement_id": promise.agreement_id,
        "decided_by": promise.decided_by,
        "decided_on": promise.decided_on,
        "published": promise.is_published,
        "published_at": promise.published_at,
        "personal_data": sorted({flag["label"] for flag in promise.pii}),
        "focus_areas": [f.name for f in promise.focus_areas.all()],
        "updates": [
            {"id": u.pk, "date": u.date, "status": u.status, "status_name": u.get_status_display(), "text": u.text}
            for u in promise.updates.all()
        ],
    }


@router.get(
    "/promises",
    response=list[PromiseOut],
    summary="The citizen promises (medborgarlöften) of a municipality for a year, drafts included",
)
def promises(request, query: Query[PromisesQuery]):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    year = query.year or services.current_year()
    rows = (
        CitizenPromise.objects.filter(municipality=municipality, year=year)
        .select_related("police_area")
        .prefetch_related("focus_areas", "updates")
        .order_by("order", "id")
    )
    return [promise_out(p) for p in rows]


@router.post(
    "/promises/{promise_id}/publish",
    response={200: PromiseOut, 409: DetailOut},
    summary="Publish a promise; 409 while its texts or updates hold unresolved personal data",
)
def publish(request, promise_id: int):
    promise = CitizenPromise.objects.filter(pk=promise_id, municipality_id__in=municipality_ids(request.user)).first()
    if promise is None:
        raise Http404
    if not has_permission(request.user, promise.municipality, "edit_collaboration"):
        raise PermissionDenied
    try:
        services.publish_promise(promise, request.user)
    except services.PromiseError as e:
        return Status(409, {"detail": str(e)})
    return promise_out(promise)

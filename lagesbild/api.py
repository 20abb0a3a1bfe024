import datetime
import enum
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from areas.models import Area
from lagesbild import compute, coverage, services
from lagesbild.models import SituationPicture
from privacy import services as privacy
from samtrygg import dates
from samtrygg.openapi import ErrorsOut
from tenancy.models import PoliceArea
from tenancy.scoping import get_municipality, municipality_ids

router = Router(tags=["lagesbild"], auth=API_AUTH)


AgeFilter = enum.Enum("AgeFilter", {key.replace("-", "_"): key for key in compute.AGE_FILTERS}, type=str)
AgeGroup = Literal[tuple(compute.Incident.AgeGroup.values)]
CoverageStatus = Literal[coverage.STATUSES]


class SituationQuery(Schema):
    municipality: str | None = Field(None, examples=["1262"])
    police_area: int | None = None
    date_from: datetime.date = Field(..., alias="from", examples=["2026-03-01"])
    date_to: datetime.date = Field(..., alias="to", examples=["2026-03-31"])
    area: list[int] = Field(default_factory=list)
    age: AgeFilter | None = Field(
        None,
        description="Narrow the EST figures to an age group, or to barn och unga (children, youth and young adults "
        "up to 25). Police figures carry no age and are not narrowed.",
    )


class PeriodOut(Schema):
    date_from: datetime.date = Field(..., alias="from")
    date_to: datetime.date = Field(..., alias="to")
    days: int


class CoveragePeriodsOut(Schema):
    current: CoverageStatus
    previous_period: CoverageStatus
    same_period_last_year: CoverageStatus


class SourceCoverageOut(Schema):
    date_from: datetime.date | None = Field(
        ..., alias="from", description="The first day the source covers for the whole scope."
    )
    date_to: datetime.date | None = Field(..., alias="to", description="The last day the source covers.")
    complete: bool = Field(..., description="Whether the period and both comparison periods are fully covered.")
    periods: CoveragePeriodsOut = Field(..., description="full, partial or none, per period.")
    currency: str = Field(..., description="How current the source is, in Swedish.")
    reason: str = Field(..., description="Why a period is not fully covered (empty when all are).")


class CoverageOut(Schema):
    est: SourceCoverageOut
    police_events: SourceCoverageOut
    police_report_counts: SourceCoverageOut


class SourceCounts(Schema):
    est: int | None
    police_events: int | None
    police_reports: int | None


class SourcePercentages(Schema):
    est: float | None
    police_events: float | None
    police_reports: float | None


class ComparisonOut(Schema):
    date_from: datetime.date = Field(..., alias="from")
    date_to: datetime.date = Field(..., alias="to")
    totals: SourceCounts
    change_pct: SourcePercentages = Field(
        ...,
        description=f"Change in per cent; null on a base below {coverage.MIN_BASE} or when a period is not "
        "fully covered.",
    )
    change_abs: SourceCounts = Field(..., description="Change as a difference; null when a period is not covered.")


class AgeGroupOut(Schema):
    key: AgeGroup
    name: str
    children_and_youth: bool = Field(..., description="Counted in barn och unga.")
    est: int
    previous: int
    last_year: int


class AgeFilterOut(Schema):
    key: AgeFilter
    label: str
    groups: list[AgeGroup]
    note: str


class RecurringPlaceOut(Schema):
    name: str = Field(
        ...,
        description="A named place, or where reports without a place recur, named after the "
        "nearest place or the area (never coordinates).",
    )
    count: int = Field(..., description="EST reports.")


class HotspotOut(Schema):
    name: str | None = Field(
        ...,
        description='The nearest named place ("Lomma hamn", "300 m söder om Lomma hamn") '
        "or the area; null only in pictures frozen before hot spots had names.",
    )
    lat: float = Field(..., description="The mean position of the hot spot's reports.")
    lon: float
    count: int = Field(..., description="EST reports in the hot spot (at least 5).")
    expected: float | None = Field(None, description="Reports expected there if they lay uniformly on the land.")
    relative_risk: float | None = Field(None, description="count / expected.")
    llr: float | None = Field(None, description="The scan's log-likelihood ratio (the hot spots' order).")
    p: float = Field(..., description="Monte Carlo p-value against the largest score of all windows (family-wise).")
    radius_m: int | None = Field(None, description="About how far the hot spot reaches from its centre.")


class SituationPictureOut(Schema):
    # Every top-level part is declared (a part not declared would be left out of the answer);
    # categories, areas, places, hot spots and points as computed (lagesbild/compute.py).
    period: PeriodOut
    scope: dict
    by_category: list[dict]
    by_area: list[dict]
    weekday_hour: list[list[int]] = Field(..., description="7×24 counts, Monday first, local hours.")
    recurring_places: list[RecurringPlaceOut]
    hotspots: list[HotspotOut] = Field(
        ...,
        description="Statistically significant concentrations of EST reports (a Kulldorff-type spatial scan "
        "statistic, 1 % family-wise; README: Hot spots), strongest first.",
    )
    spatial: dict
    police_events: dict
    points: list[dict]
    ongoing: bool = Field(..., description="The period has not ended: comparisons cover as many days.")
    as_of: datetime.date = Field(..., description="The local day the figures were computed.")
    coverage: CoverageOut
    totals: SourceCounts
    comparison: dict[Literal["previous_period", "same_period_last_year"], ComparisonOut]
    by_age_group: list[AgeGroupOut] | None = Field(
        ..., description="EST reports per age group; null above a police area's size."
    )
    age_filter: AgeFilterOut | None


@router.get(
    "/situation-picture",
    response={200: SituationPictureOut, 422: ErrorsOut},
    by_alias=True,
    summary="The situation picture (lägesbild) for a municipality or police area and a period",
)
def situation_picture(request, query: Query[SituationQuery]):
    scope = situation_scope(request.user, query)
    if "errors" in scope:
        return Status(422, {"errors": scope["errors"]})
    return compute.situation_picture(**scope)


class FreezeIn(Schema):
    confirm_ongoing: bool = Field(False, description="Required true to fastställ a picture whose period has not ended.")


class FreezeOut(Schema):
    id: int
    frozen_at: datetime.datetime


class FreezeRefusedOut(Schema):
    detail: str
    ongoing: bool = False


@router.post(
    "/situation-pictures/{picture_id}/freeze",
    response={200: FreezeOut, 409: FreezeRefusedOut},
    summary="Fastställ a situation picture: its figures and texts are kept as they are now",
)
def freeze_picture(request, picture_id: int, payload: FreezeIn):
    picture = SituationPicture.objects.select_related("municipality").filter(pk=picture_id).first()
    if picture is None:
        raise Http404
    get_municipality(request.user, picture.municipality.code, "edit_situation")
    try:
        services.freeze(picture, request.user, confirm_ongoing=payload.confirm_ongoing)
    except services.PeriodOngoing as e:
        return Status(409, {"detail": str(e), "ongoing": True})
    except (services.PictureFrozen, privacy.UnresolvedPersonalData) as e:
        return Status(409, {"detail": str(e)})
    return {"id": picture.pk, "frozen_at": picture.frozen_at}


MAX_YEARS = 10


def situation_scope(user, query: SituationQuery) -> dict:
    """The arguments of compute.situation_picture for the query parameters, or {"errors": …}.

    `municipality` answers 404 for a municipality the user cannot see and 403 without
    view_situation there; `police_area` gives every municipality of the police area in which the
    user has view_situation, and 404 when there is none."""
    if bool(query.municipality) == bool(query.police_area):
        return {"errors": {"municipality": [_("Ange antingen en kommun eller ett lokalpolisområde.")]}}
    if query.municipality:
        municipalities = [get_municipality(user, query.municipality, "view_situation")]
    else:
        police_area = PoliceArea.objects.filter(pk=query.police_area).first()
        if police_area is None:
            raise Http404
        municipalities = list(
            police_area.municipalities.filter(id__in=municipality_ids(user, "view_situation")).defer("boundary")
        )
        if not municipalities:
            raise Http404
    errors = {}
    if query.date_from.year < 1901 or query.date_to.year > 2999:
        errors["from"] = [_("Ogiltigt datum.")]
    elif query.date_from > query.date_to:
        errors["to"] = [_("Slutdatum ligger före startdatum.")]
    elif query.date_to >= dates.shift_years(query.date_from, MAX_YEARS):
        errors["to"] = [_("Perioden får vara högst %(years)d år.") % {"years": MAX_YEARS}]
    areas = list(
        Area.objects.filter(pk__in=query.area, municipality__in=municipalities).only("id", "name", "population")
    )
    if len(areas) != len(set(query.area)):
        errors["area"] = [_("Okänt område.")]
    if errors:
        return {"errors": errors}
    return {
        "municipalities": municipalities,
        "date_from": query.date_from,
        "date_to": query.date_to,
        "areas": areas,
        "age": query.age.value if query.age else None,
    }


# ---- the situation picture as PDF and Word (same query parameters as the JSON above) ----------

DOWNLOADS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


def _download(request, query: SituationQuery, fmt: str):
    from django.http import HttpResponse

    from lagesbild import exporters

    scope = situation_scope(request.user, query)
    if "errors" in scope:
        return Status(422, {"errors": scope["errors"]})
    report = exporters.report_for_scope(
        scope["municipalities"], scope["date_from"], scope["date_to"], scope["areas"], age=scope["age"]
    )
    content = exporters.pdf(report) if fmt == "pdf" else exporters.docx(report)
    content_type, ext = DOWNLOADS[fmt]
    response = HttpResponse(content, content_type=content_type)
    name = "-".join(m.code for m in scope["municipalities"][:3])
    response["Content-Disposition"] = f'attachment; filename="lagesbild-{name}-{query.date_from}-{query.date_to}.{ext}"'
    return response


@router.get(
    "/situation-picture.pdf",
    response={200: None, 422: ErrorsOut},
    summary="The situation picture as a PDF report",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def situation_picture_pdf(request, query: Query[SituationQuery]):
    return _download(request, query, "pdf")


@router.get(
    "/situation-picture.docx",
    response={200: None, 422: ErrorsOut},
    summary="The situation picture as a Word file (.docx)",
    openapi_extra={"responses": {200: {"description": "Word", "content": {DOWNLOADS["docx"][0]: {}}}}},
)
def situation_picture_docx(request, query: Query[SituationQuery]):
    return _download(request, query, "docx")

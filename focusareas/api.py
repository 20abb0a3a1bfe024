import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from accounts.api import API_AUTH
from focusareas import services
from focusareas.models import Cause, Evidence, FocusArea
from samtrygg.dates import local_today
from samtrygg.openapi import choice
from tenancy.scoping import get_municipality

router = Router(tags=["focusareas"], auth=API_AUTH)


class FocusAreaQuery(Schema):
    municipality: str = Field(..., examples=["1262"])
    year: int | None = Field(None, ge=2000, le=2100, description="Defaults to the current year.")


class EvidenceOut(Schema):
    id: int
    kind: choice(Evidence.Kind) = Field(..., description="figure, survey, document or dialogue")
    description: str
    value: Decimal | None = Field(None, description="For a figure: its value when it was taken.")
    reference: str
    source: dict = Field(..., description='For a figure: {"picture", "source", "category", "from", "to", "frozen"}.')
    situation_picture: int | None = Field(None, description="The situation picture a figure was read from.")
    cause: int | None = None

    @staticmethod
    def resolve_situation_picture(obj) -> int | None:
        return obj.situation_picture_id

    @staticmethod
    def resolve_cause(obj) -> int | None:
        return obj.cause_id


class CauseOut(Schema):
    id: int
    side: choice(Cause.Side) = Field(
        ..., description="offender, victim (victim or target) or place: the problem triangle"
    )
    text: str


class CauseWithEvidenceOut(CauseOut):
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class FocusAreaOut(Schema):
    id: int
    year: int
    name: str
    description: str
    children_and_youth: bool
    status: choice(FocusArea.Status)
    decided_by: str
    decided_on: datetime.date | None
    order: int
    evidence: list[EvidenceOut]
    causes: list[CauseOut]

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_causes(obj) -> list:
        analysis = getattr(obj, "analysis_or_none", None)
        return list(analysis.causes.all()) if analysis else []


class CauseAnalysisOut(Schema):
    problem: str
    causes: list[CauseWithEvidenceOut]


class FocusAreaDetailOut(FocusAreaOut):
    cause_analysis: CauseAnalysisOut | None = Field(None, description="The root-cause analysis, if started.")

    @staticmethod
    def resolve_cause_analysis(obj):
        return getattr(obj, "analysis_or_none", None)


def _with_related(queryset):
    return queryset.prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
        "cause_analysis__causes__evidence",
    ).select_related("cause_analysis")


def _attach_analysis(focus_area: FocusArea) -> FocusArea:
    # the reverse one-to-one raises when absent; the schemas read this instead
    try:
        focus_area.analysis_or_none = focus_area.cause_analysis
    except FocusArea.cause_analysis.RelatedObjectDoesNotExist:
        focus_area.analysis_or_none = None
    return focus_area


@router.get("/focus-areas", response=list[FocusAreaOut], summary="A municipality's focus areas for a year")
def focus_areas(request, query: Query[FocusAreaQuery]):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    found = _with_related(services.for_year(municipality, query.year or local_today().year))
    return [_attach_analysis(f) for f in found]


@router.get(
    "/focus-areas/{focus_area_id}",
    response=FocusAreaDetailOut,
    summary="A focus area with its evidence and its root-cause analysis",
)
def focus_area(request, focus_area_id: int):
    code = FocusArea.objects.filter(pk=focus_area_id).values_list("municipality__code", flat=True).first()
    if code is None:
        raise Http404
    # another municipality's focus area answers 404 like one that does not exist
    get_municipality(request.user, code, "view_collaboration")
    return _attach_analysis(get_object_or_404(_with_related(FocusArea.objects), pk=focus_area_id))

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from areas.models import Area
from incidents.api import ValidationOut
from lagesbild import compute
from samtrygg import dates
from tenancy.models import PoliceArea
from tenancy.scoping import get_municipality, municipality_ids

router = Router(tags=["lagesbild"], auth=API_AUTH)


class SituationQuery(Schema):
    municipality: str | None = Field(None, examples=["1262"])
    police_area: int | None = None
    date_from: datetime.date = Field(..., alias="from", examples=["2026-03-01"])
    date_to: datetime.date = Field(..., alias="to", examples=["2026-03-31"])
    area: list[int] = Field(default_factory=list)


@router.get(
    "/situation-picture",
    response={200: dict, 422: ValidationOut},
    summary="The situation picture (lägesbild) for a municipality or police area and a period",
)
def situation_picture(request, query: Query[SituationQuery]):
    scope = situation_scope(request.user, query)
    if "errors" in scope:
        return Status(422, {"errors": scope["errors"]})
    return compute.situation_picture(**scope)


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
    return {"municipalities": municipalities, "date_from": query.date_from, "date_to": query.date_to, "areas": areas}


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
    report = exporters.report_for_scope(scope["municipalities"], scope["date_from"], scope["date_to"], scope["areas"])
    content = exporters.pdf(report) if fmt == "pdf" else exporters.docx(report)
    content_type, ext = DOWNLOADS[fmt]
    response = HttpResponse(content, content_type=content_type)
    name = "-".join(m.code for m in scope["municipalities"][:3])
    response["Content-Disposition"] = f'attachment; filename="lagesbild-{name}-{query.date_from}-{query.date_to}.{ext}"'
    return response


@router.get(
    "/situation-picture.pdf",
    response={200: None, 422: ValidationOut},
    summary="The situation picture as a PDF report",
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def situation_picture_pdf(request, query: Query[SituationQuery]):
    return _download(request, query, "pdf")


@router.get(
    "/situation-picture.docx",
    response={200: None, 422: ValidationOut},
    summary="The situation picture as a Word file (.docx)",
    openapi_extra={"responses": {200: {"description": "Word", "content": {DOWNLOADS["docx"][0]: {}}}}},
)
def situation_picture_docx(request, query: Query[SituationQuery]):
    return _download(request, query, "docx")

"""The follow-up reports over the API: the content as JSON and the same report as Word and PDF.
Read with view_collaboration (politicians are readers); 404/403 through tenancy.scoping."""

from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from reports import content, exporters
from samtrygg.openapi import DetailOut, ErrorsOut
from tenancy.scoping import get_municipality

router = Router(tags=["reports"], auth=API_AUTH)


class ReportYearQuery(Schema):
    municipality: str = Field(..., examples=["1262"])
    year: int = Field(..., examples=[2025], json_schema_extra={"minimum": 2000, "maximum": 2100})


class QuarterQuery(ReportYearQuery):
    quarter: int = Field(..., examples=[3], json_schema_extra={"minimum": 1, "maximum": 4})


def _yearly(request, query: ReportYearQuery):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    return content.yearly(municipality, query.year)


def _quarterly(request, query: QuarterQuery):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    return content.quarterly(municipality, query.year, query.quarter)


def _answer(build, request, query, fmt: str | None = None):
    from privacy import services as privacy
    from reports.views import download

    try:
        report = build(request, query)
        return download(report, fmt) if fmt else report
    except content.InvalidPeriod as error:
        return Status(422, {"errors": error.errors})
    except privacy.UnresolvedPersonalData as error:
        return Status(409, {"detail": str(error)})


def _file_doc(fmt: str) -> dict:
    label = "PDF" if fmt == "pdf" else "Word"
    return {"responses": {200: {"description": label, "content": {exporters.CONTENT_TYPES[fmt]: {}}}}}


@router.get(
    "/reports/yearly-follow-up",
    response={200: dict, 422: ErrorsOut},
    summary="The yearly follow-up of the agreement per focus area (what was done, what worked, what did not, proposal)",
)
def yearly_follow_up(request, query: Query[ReportYearQuery]):
    return _answer(_yearly, request, query)


@router.get(
    "/reports/yearly-follow-up.docx",
    response={200: None, 409: DetailOut, 422: ErrorsOut},
    summary="The yearly follow-up as a Word file (.docx)",
    openapi_extra=_file_doc("docx"),
)
def yearly_follow_up_docx(request, query: Query[ReportYearQuery]):
    return _answer(_yearly, request, query, "docx")


@router.get(
    "/reports/yearly-follow-up.pdf",
    response={200: None, 409: DetailOut, 422: ErrorsOut},
    summary="The yearly follow-up as a PDF",
    openapi_extra=_file_doc("pdf"),
)
def yearly_follow_up_pdf(request, query: Query[ReportYearQuery]):
    return _answer(_yearly, request, query, "pdf")


@router.get(
    "/reports/quarterly",
    response={200: dict, 422: ErrorsOut},
    summary="The quarterly report to KSAU: status per focus area, activities, goals, late activities, promises",
)
def quarterly(request, query: Query[QuarterQuery]):
    return _answer(_quarterly, request, query)


@router.get(
    "/reports/quarterly.docx",
    response={200: None, 409: DetailOut, 422: ErrorsOut},
    summary="The quarterly report to KSAU as a Word file (.docx)",
    openapi_extra=_file_doc("docx"),
)
def quarterly_docx(request, query: Query[QuarterQuery]):
    return _answer(_quarterly, request, query, "docx")


@router.get(
    "/reports/quarterly.pdf",
    response={200: None, 409: DetailOut, 422: ErrorsOut},
    summary="The quarterly report to KSAU as a PDF",
    openapi_extra=_file_doc("pdf"),
)
def quarterly_pdf(request, query: Query[QuarterQuery]):
    return _answer(_quarterly, request, query, "pdf")

import datetime
import json

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts.api import API_AUTH
from forums.models import Meeting
from samtrygg.openapi import ErrorsOut
from statusreports import services
from statusreports.models import StatusReport
from tenancy.scoping import get_municipality

router = Router(tags=["statusreports"], auth=API_AUTH)


class StatusEntryOut(Schema):
    organisation: str
    organisation_id: int
    requested: bool
    requested_at: datetime.datetime | None
    due_date: datetime.date | None
    submitted_at: datetime.datetime | None
    report_id: int | None


class RequestIn(Schema):
    due_date: datetime.date | None = None


class SubmitIn(Schema):
    situation: str = ""
    observations: str = ""
    measures: str = ""
    needs: str = ""
    mask_pii: bool = False


class ReportOut(Schema):
    id: int
    meeting_id: int
    organisation: str
    organisation_id: int
    requested_at: datetime.datetime
    due_date: datetime.date
    reminded_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    situation: str
    observations: str
    measures: str
    needs: str
    pii_flags: list[dict]


def _meeting(user, meeting_id: int, permission: str) -> Meeting:
    """The meeting if the user may see its municipality (else 404) with `permission` (else 403)."""
    meeting = get_object_or_404(Meeting.objects.select_related("forum__municipality"), pk=meeting_id)
    get_municipality(user, meeting.forum.municipality.code, permission)
    return meeting


def _entries(meeting: Meeting) -> list[dict]:
    return [
        {
            "organisation": organisation.name,
            "organisation_id": organisation.pk,
            "requested": report is not None,
            "requested_at": report.requested_at if report else None,
            "due_date": report.due_date if report else None,
            "submitted_at": report.submitted_at if report else None,
            "report_id": report.pk if report else None,
        }
        for organisation, report in services.overview_rows(meeting)
    ]


def _report_out(report: StatusReport) -> dict:
    return {
        "id": report.pk,
        "meeting_id": report.meeting_id,
        "organisation": report.organisation.name,
        "organisation_id": report.organisation_id,
        "requested_at": report.requested_at,
        "due_date": report.due_date,
        "reminded_at": report.reminded_at,
        "submitted_at": report.submitted_at,
        **{field: getattr(report, field) for field in services.TEXT_FIELDS},
        "pii_flags": report.pii_flags,
    }


@router.get(
    "/meetings/{meeting_id}/status-reports",
    response=list[StatusEntryOut],
    summary="The status reports (lägesrapporter) of a meeting: one entry per member organisation",
)
def meeting_status_reports(request, meeting_id: int):
    return _entries(_meeting(request.user, meeting_id, "view_collaboration"))


@router.post(
    "/meetings/{meeting_id}/status-reports/request",
    response={200: list[StatusEntryOut], 422: ErrorsOut},
    summary="Ask every member organisation not yet asked for a status report, and e-mail them",
)
def request_status_reports(request, meeting_id: int):
    """The body is optional ({"due_date": "2026-03-10"}); without it the forum's default applies."""
    meeting = _meeting(request.user, meeting_id, "edit_collaboration")
    try:
        data = json.loads(request.body or b"{}") if "json" in (request.content_type or "") else request.POST.dict()
        payload = RequestIn.model_validate({k: v for k, v in (data or {}).items() if v not in ("", None)})
    except (ValueError, TypeError):  # bad JSON or a pydantic ValidationError (a ValueError)
        return Status(422, {"errors": {"due_date": [_("Ogiltigt datum. Ange det som ÅÅÅÅ-MM-DD.")]}})
    try:
        services.request_reports(meeting, request.user, payload.due_date)
    except services.StatusReportError as error:
        return Status(422, {"errors": {"due_date": [str(error)]}})
    return _entries(meeting)


@router.post(
    "/status-reports/{report_id}",
    response={200: ReportOut, 422: ErrorsOut},
    summary="Submit (or change) a status report for one's organisation, until the meeting starts",
)
def submit_status_report(request, report_id: int, payload: SubmitIn):
    report = get_object_or_404(
        StatusReport.objects.select_related("meeting__forum__municipality", "organisation"), pk=report_id
    )
    get_municipality(request.user, report.meeting.forum.municipality.code, "submit_status_report")
    if not services.can_submit(request.user, report):
        raise PermissionDenied
    try:
        report = services.submit(report, request.user, **payload.dict())
    except services.StatusReportError as error:
        return Status(422, {"errors": {"__all__": [str(error)]}})
    return _report_out(report)

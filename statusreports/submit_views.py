"""The organisation's side: the requests for one's organisations, and answering one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samtrygg.dates import local_today
from statusreports import services
from statusreports.forms import ReportForm
from statusreports.models import StatusReport
from tenancy.decorators import municipality_view
from tenancy.scoping import has_permission


@municipality_view("submit_status_report")
@require_GET
def mine(request: HttpRequest, municipality) -> HttpResponse:
    organisations = services.user_organisation_ids(request.user, municipality)
    reports = (
        StatusReport.objects.filter(meeting__forum__municipality=municipality, organisation_id__in=organisations)
        .select_related("meeting", "meeting__forum", "organisation")
        .order_by("-meeting__starts_at", "organisation__name")
    )
    now = timezone.now()
    open_reports = [r for r in reports if services.is_open(r.meeting, now)]
    open_reports.sort(key=lambda r: (r.due_date, r.meeting.starts_at))
    earlier = [r for r in reports if not services.is_open(r.meeting, now)]
    return render(
        request,
        "statusreports/mine.html",
        {
            "municipality": municipality,
            "open_reports": open_reports,
            "earlier": earlier,
            "has_organisation": bool(organisations),
            "today": local_today(),
        },
    )


@municipality_view("submit_status_report")
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, municipality, report_id: int) -> HttpResponse:
    report = get_object_or_404(
        StatusReport.objects.select_related(
            "meeting", "meeting__forum", "meeting__forum__municipality", "organisation"
        ),
        pk=report_id,
        meeting__forum__municipality=municipality,
    )
    if not services.can_submit(request.user, report):
        raise PermissionDenied
    is_open = services.is_open(report.meeting)
    form = ReportForm(instance=report, pii_user=request.user) if is_open else None
    saved_texts = {field: getattr(report, field) for field in services.TEXT_FIELDS}
    findings = services.pii_findings(saved_texts, report=report)
    status = 200
    confirm_pii = False
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Mötet har börjat. Lägesrapporten kan inte längre ändras."))
            return redirect("statusreports:submit", code=municipality.code, report_id=report.pk)
        form = ReportForm(request.POST, instance=report, pii_user=request.user)
        if form.is_valid():
            texts = {field: form.cleaned_data[field] for field in services.TEXT_FIELDS}
            findings = services.pii_findings(texts, report=report, pii_confirmed=form.pii_confirmed())
            mask = form.cleaned_data["mask_pii"]
            # personal data found: ask once whether to mask it or send it as written
            if findings and not mask and not request.POST.get("keep_pii"):
                confirm_pii = True
            else:
                try:
                    services.submit(report, request.user, mask_pii=mask, pii_confirmed=form.pii_confirmed(), **texts)
                except services.StatusReportError as error:
                    form.add_error(None, str(error))
                    status = 422
                else:
                    messages.success(request, _("Lägesrapporten är inskickad. Du kan ändra den fram till mötet."))
                    return redirect("statusreports:submit", code=municipality.code, report_id=report.pk)
        else:
            status = 422
            findings = {}
    own = report.organisation_id in services.user_organisation_ids(request.user, municipality)
    return render(
        request,
        "statusreports/submit.html",
        {
            "municipality": municipality,
            "report": report,
            "meeting": report.meeting,
            "form": form,
            "is_open": is_open,
            "findings": findings,
            "fields": [(form[f], _labels(findings.get(f))) for f in services.TEXT_FIELDS] if form else [],
            "confirm_pii": confirm_pii,
            "on_behalf": not own,
            "can_overview": has_permission(request.user, municipality, "view_collaboration"),
            "parts": [(label, getattr(report, field)) for field, label in services.field_labels().items()],
            "late": services.is_late(report),
        },
        status=status,
    )


def _labels(findings) -> list[str]:
    """The distinct kinds found in one field, in Swedish."""
    labels: list[str] = []
    for finding in findings or []:
        if finding.kind_label not in labels:
            labels.append(finding.kind_label)
    return labels

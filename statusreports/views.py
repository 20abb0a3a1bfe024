"""The coordinator's side of status reports: the overview per meeting, asking for reports,
reminding, and the compiled meeting papers as one PDF."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from forums.models import Meeting
from privacy import services as privacy
from samtrygg import exporters as contract
from samtrygg import inputs
from samtrygg.dates import local_today
from statusreports import papers, services
from statusreports.forms import RequestForm
from tenancy.decorators import municipality_view


def meeting_for(municipality, meeting_id: int) -> Meeting:
    """A meeting of one of the municipality's forums; anything else answers 404."""
    return get_object_or_404(
        Meeting.objects.select_related("forum", "forum__municipality", "situation_picture"),
        pk=meeting_id,
        forum__municipality=municipality,
    )


def meeting_url(municipality, meeting: Meeting) -> str | None:
    """The forums app's meeting page, when it is installed."""
    try:
        return reverse("forums:meeting", kwargs={"code": municipality.code, "meeting_id": meeting.pk})
    except NoReverseMatch:
        return None


def _overview(request, municipality, meeting, form=None, status=200):
    rows = services.overview_rows(meeting)
    today = local_today()
    labels = services.field_labels()
    table = [
        {
            "organisation": o,
            "report": r,
            "late": bool(r and services.is_late(r, today)),
            "labels": services.flag_labels(r),
            "parts": [(label, getattr(r, field)) for field, label in labels.items()] if r and r.submitted_at else [],
        }
        for o, r in rows
    ]
    context = {
        "municipality": municipality,
        "meeting": meeting,
        "forum": meeting.forum,
        "rows": table,
        "submitted": [row for row in table if row["report"] and row["report"].submitted_at],
        "unasked": sum(1 for row in table if row["report"] is None),
        "waiting": sum(1 for row in table if row["report"] and not row["report"].submitted_at),
        "open": services.is_open(meeting),
        "form": form or RequestForm(initial={"due_date": services.default_due_date(meeting)}),
        "meeting_url": meeting_url(municipality, meeting),
    }
    return render(request, "statusreports/meeting.html", context, status=status)


@municipality_view("view_collaboration")
@require_GET
def meeting(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    return _overview(request, municipality, meeting_for(municipality, meeting_id))


@municipality_view("edit_collaboration")
@require_POST
def request_reports(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _overview(request, municipality, meeting, form, status=422)
    try:
        created = services.request_reports(meeting, request.user, form.cleaned_data.get("due_date"))
    except services.StatusReportError as error:
        form.add_error("due_date", str(error))
        return _overview(request, municipality, meeting, form, status=422)
    if created:
        messages.success(
            request,
            ngettext(
                "Lägesrapport begärd från %(n)d organisation.",
                "Lägesrapporter begärda från %(n)d organisationer.",
                len(created),
            )
            % {"n": len(created)},
        )
    else:
        messages.info(request, _("Alla organisationer i forumet är redan tillfrågade."))
    return redirect("statusreports:meeting", code=municipality.code, meeting_id=meeting.pk)


@municipality_view("edit_collaboration")
@require_POST
def remind(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    """Remind one organisation (`report` in the form) or all that have not answered."""
    meeting = meeting_for(municipality, meeting_id)
    reports = meeting.status_reports.filter(submitted_at__isnull=True)
    if request.POST.get("report"):
        report_id = inputs.parse_id(request.POST["report"])
        reports = reports.filter(pk=report_id) if report_id is not None else reports.none()
    if not services.is_open(meeting):
        messages.error(request, _("Mötet har redan börjat. Det går inte att påminna."))
    else:
        reminded = services.remind(list(reports), request.user)
        if reminded:
            messages.success(
                request,
                ngettext(
                    "Påminnelse skickad till %(n)d organisation.",
                    "Påminnelse skickad till %(n)d organisationer.",
                    len(reminded),
                )
                % {"n": len(reminded)},
            )
        else:
            messages.info(request, _("Det fanns ingen att påminna."))
    return redirect("statusreports:meeting", code=municipality.code, meeting_id=meeting.pk)


@municipality_view("view_collaboration")
@require_GET
def papers_pdf(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    try:
        export = papers.render(meeting)
    except privacy.UnresolvedPersonalData as e:
        messages.error(request, str(e))
        return redirect("statusreports:meeting", code=municipality.code, meeting_id=meeting.pk)
    return contract.response(export)

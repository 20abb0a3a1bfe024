"""The report pages: the index (choose year and quarter), the quarterly report to KSAU and the
yearly follow-up as HTML, and their PDF and Word downloads. Read-only: politicians are readers."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from actionplans.services import report_texts
from focusareas.models import FocusArea
from privacy import services as privacy
from reports import content, exporters
from samtrygg import exporters as contract
from samtrygg.dates import local_today
from tenancy.decorators import municipality_view
from tenancy.models import Municipality

QUARTERS = [(q, gettext_lazy("Kvartal %(q)d") % {"q": q}) for q in range(1, 5)]


def _years(municipality) -> list[int]:
    """The years with focus areas, and this year and the last one, newest first."""
    today = local_today()
    years = set(FocusArea.objects.filter(municipality=municipality).values_list("year", flat=True))
    return sorted(years | {today.year, today.year - 1}, reverse=True)


class PeriodForm(forms.Form):
    ar = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)
    kvartal = forms.TypedChoiceField(label=gettext_lazy("Kvartal"), coerce=int, choices=QUARTERS)

    def __init__(self, years, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(y, str(y)) for y in years]
        self.fields["ar"].error_messages["invalid_choice"] = gettext_lazy("Välj ett av åren i listan.")
        self.fields["kvartal"].error_messages["invalid_choice"] = gettext_lazy("Välj kvartal 1, 2, 3 eller 4.")


def _current_quarter() -> tuple[int, int]:
    """The last quarter that has ended: the one KSAU is told about next."""
    today = local_today()
    quarter = (today.month - 1) // 3
    return (today.year, quarter) if quarter else (today.year - 1, 4)


@require_GET
@municipality_view("view_collaboration")
def index(request, municipality):
    years = _years(municipality)
    year, quarter = _current_quarter()
    if "ar" in request.GET or "kvartal" in request.GET:
        form = PeriodForm(years, request.GET)
        if form.is_valid():
            year, quarter = form.cleaned_data["ar"], form.cleaned_data["kvartal"]
        else:
            return render(request, "reports/index.html", {"municipality": municipality, "form": form}, status=422)
    else:
        form = PeriodForm(years, initial={"ar": year, "kvartal": quarter})
    context = {"municipality": municipality, "form": form, "year": year, "quarter": quarter}
    return render(request, "reports/index.html", context)


def _check(year: int, quarter: int | None = None) -> None:
    try:
        content.check_period(year, quarter)
    except content.InvalidPeriod:
        raise Http404 from None


def _page(request, municipality, report: dict, name: str, args: list):
    context = {
        "municipality": municipality,
        "r": report,
        "pdf_url": reverse(f"reports:{name}_pdf", args=[municipality.code, *args]),
        "docx_url": reverse(f"reports:{name}_docx", args=[municipality.code, *args]),
    }
    return render(request, "reports/report.html", context)


def download(report: dict, fmt: str) -> HttpResponse:
    """The report as a file; refused (privacy.services.UnresolvedPersonalData) while a text in it
    holds personal data that is neither masked nor confirmed."""
    period = report["period"]
    municipality = Municipality.objects.get(code=report["municipality"]["code"])
    privacy.ensure_all_resolved(
        objects=report_texts(municipality=municipality, year=period["year"], quarter=period.get("quarter"))
    )
    return contract.response(exporters.render(report, fmt))


@require_GET
@municipality_view("view_collaboration")
def quarterly(request, municipality, year: int, quarter: int):
    _check(year, quarter)
    return _page(request, municipality, content.quarterly(municipality, year, quarter), "quarterly", [year, quarter])


@require_GET
@municipality_view("view_collaboration")
def yearly(request, municipality, year: int):
    _check(year)
    return _page(request, municipality, content.yearly(municipality, year), "yearly", [year])


@require_GET
@municipality_view("view_collaboration")
def quarterly_file(request, municipality, year: int, quarter: int, fmt: str):
    _check(year, quarter)
    return _download_or_refuse(
        request, content.quarterly(municipality, year, quarter), fmt, "quarterly", [year, quarter]
    )


@require_GET
@municipality_view("view_collaboration")
def yearly_file(request, municipality, year: int, fmt: str):
    _check(year)
    return _download_or_refuse(request, content.yearly(municipality, year), fmt, "yearly", [year])


def _download_or_refuse(request, report: dict, fmt: str, name: str, args: list) -> HttpResponse:
    try:
        return download(report, fmt)
    except privacy.UnresolvedPersonalData as e:
        messages.error(request, str(e))
        return redirect(f"reports:{name}", report["municipality"]["code"], *args)

"""The root-cause analysis page: the problem, the causes by the problem triangle with their
evidence, and the fishbone overview."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from focusareas import fishbone, services
from focusareas.forms import AnalysisForm, CauseForm, EvidenceForm
from focusareas.models import Cause, CauseAnalysis, Evidence
from focusareas.views import focus_area_for
from tenancy.decorators import municipality_view


def causes_page(request, municipality, focus_area, *, status=200, **forms) -> HttpResponse:
    analysis = CauseAnalysis.objects.filter(focus_area=focus_area).first()
    causes = list(analysis.causes.all()) if analysis else []
    evidence = list(Evidence.objects.filter(focus_area=focus_area).select_related("situation_picture"))
    failed_for = str(forms.get("evidence_cause") or "")
    sides = []
    for side, label in Cause.Side.choices:
        items = []
        for cause in (c for c in causes if c.side == side):
            bound = forms.get("evidence_form") if failed_for == str(cause.pk) else None
            items.append(
                {
                    "cause": cause,
                    "evidence": [e for e in evidence if e.cause_id == cause.pk],
                    "form": bound or EvidenceForm(prefix=f"c{cause.pk}", initial={"kind": "dialogue"}),
                    "failed": bound is not None,
                }
            )
        sides.append({"side": side, "label": label, "items": items})
    context = {
        "municipality": municipality,
        "focus_area": focus_area,
        "analysis": analysis,
        "sides": sides,
        "unattached": [e for e in evidence if e.cause_id is None],
        "causes": causes,
        "analysis_form": forms.get("analysis_form")
        or AnalysisForm(initial={"problem": analysis.problem if analysis else ""}),
        "cause_form": forms.get("cause_form") or CauseForm(prefix="new"),
        "svg": mark_safe(fishbone.svg(analysis.problem, causes)) if analysis else "",  # escaped in fishbone.svg
    }
    return render(request, "focusareas/causes.html", context, status=status)


@municipality_view("view_collaboration")
@require_GET
def causes(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    return causes_page(request, municipality, focus_area_for(municipality, focus_area_id))


def _to_causes(municipality, focus_area) -> HttpResponse:
    return redirect("focusareas:causes", code=municipality.code, focus_area_id=focus_area.pk)


def _pii_warning(request, flagged) -> None:
    if flagged:
        messages.warning(request, _("Texten verkar innehålla personuppgifter. Ta bort dem om de inte behövs."))


@municipality_view("edit_collaboration")
@require_POST
def save_analysis(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    """The problem statement; the analysis is created with it."""
    focus_area = focus_area_for(municipality, focus_area_id)
    form = AnalysisForm(request.POST)
    if not form.is_valid():
        return causes_page(request, municipality, focus_area, analysis_form=form, status=422)
    analysis = services.save_analysis(focus_area, request.user, form.cleaned_data["problem"])
    messages.success(request, _("Problemet är sparat."))
    _pii_warning(request, analysis.pii)
    return _to_causes(municipality, focus_area)


def _analysis(focus_area) -> CauseAnalysis:
    return get_object_or_404(CauseAnalysis, focus_area=focus_area)


def _cause(focus_area, cause_id: int) -> Cause:
    return get_object_or_404(Cause.objects.select_related("analysis"), pk=cause_id, analysis__focus_area=focus_area)


@municipality_view("edit_collaboration")
@require_POST
def add_cause(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    focus_area = focus_area_for(municipality, focus_area_id)
    analysis = _analysis(focus_area)
    form = CauseForm(request.POST, prefix="new")
    if not form.is_valid():
        return causes_page(request, municipality, focus_area, cause_form=form, status=422)
    cause = services.add_cause(analysis, request.user, **form.cleaned_data)
    messages.success(request, _("Orsaken är tillagd."))
    _pii_warning(request, cause.pii)
    return _to_causes(municipality, focus_area)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit_cause(request: HttpRequest, municipality, focus_area_id: int, cause_id: int) -> HttpResponse:
    focus_area = focus_area_for(municipality, focus_area_id)
    cause = _cause(focus_area, cause_id)
    form = CauseForm(request.POST or None, initial={"side": cause.side, "text": cause.text})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.update_cause(cause, request.user, **form.cleaned_data)
            messages.success(request, _("Orsaken är ändrad."))
            _pii_warning(request, cause.pii)
            return _to_causes(municipality, focus_area)
        status = 422
    return render(
        request,
        "focusareas/cause_form.html",
        {"municipality": municipality, "focus_area": focus_area, "cause": cause, "form": form},
        status=status,
    )


@municipality_view("edit_collaboration")
@require_POST
def delete_cause(request: HttpRequest, municipality, focus_area_id: int, cause_id: int) -> HttpResponse:
    focus_area = focus_area_for(municipality, focus_area_id)
    services.delete_cause(_cause(focus_area, cause_id), request.user)
    messages.success(request, _("Orsaken är borttagen. Dess underlag finns kvar under fokusområdet."))
    return _to_causes(municipality, focus_area)

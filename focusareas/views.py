"""Focus area pages: the year's list with the children-and-youth notice, create, edit, delete,
the focus area's own page with its evidence and the styrgrupp's decision, and the list order.
Evidence: views_evidence.py; the cause analysis: views_analysis.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from focusareas import services
from focusareas.forms import DecisionForm, EvidenceForm, FigureEvidenceForm, FocusAreaForm
from focusareas.models import CauseAnalysis, Evidence, FocusArea
from privacy import services as privacy
from samtrygg.dates import local_today
from tenancy.decorators import municipality_view


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return local_today().year
    return year if 2000 <= year <= 2100 else local_today().year


@municipality_view("view_collaboration")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    year = _year(request)
    focus_areas = list(services.for_year(municipality, year))
    return render(
        request,
        "focusareas/index.html",
        {
            "municipality": municipality,
            "year": year,
            "years": services.years(municipality, year),
            "focus_areas": focus_areas,
            "lacks_children": services.lacks_children_and_youth(focus_areas),
        },
    )


def _save(request, municipality, focus_area: FocusArea | None) -> HttpResponse:
    initial = {"year": _year(request)} if focus_area is None else None
    form = FocusAreaForm(request.POST or None, instance=focus_area, initial=initial, pii_user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in FocusAreaForm.Meta.fields}
            try:
                if focus_area is None:
                    focus_area = services.create_focus_area(municipality, request.user, **data)
                    messages.success(request, _("Fokusområdet är sparat."))
                else:
                    services.update_focus_area(FocusArea.objects.get(pk=focus_area.pk), request.user, **data)
                    messages.success(request, _("Ändringarna är sparade."))
            except services.InvalidFocusArea as e:
                form.add_error("name", ValidationError(str(e)))
            else:
                saved = FocusArea.objects.get(pk=focus_area.pk)
                privacy.confirm(obj=saved, confirmations=form.pii_confirmed(), actor=request.user)
                if left := privacy.unresolved(obj=saved):
                    messages.warning(request, privacy.refusal_message(left))
                return redirect(f"{_index_url(municipality)}?ar={data['year']}")
        status = 422
    return render(
        request,
        "focusareas/form.html",
        {"municipality": municipality, "form": form, "focus_area": focus_area},
        status=status,
    )


def _index_url(municipality) -> str:
    return reverse("focusareas:index", kwargs={"code": municipality.code})


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality) -> HttpResponse:
    return _save(request, municipality, None)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    focus_area = get_object_or_404(FocusArea, pk=focus_area_id, municipality=municipality)
    return _save(request, municipality, focus_area)


@municipality_view("edit_collaboration")
@require_POST
def delete(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    focus_area = get_object_or_404(FocusArea, pk=focus_area_id, municipality=municipality)
    year = focus_area.year
    services.delete_focus_area(focus_area, request.user)
    messages.success(request, _("Fokusområdet är borttaget."))
    return redirect(f"{_index_url(municipality)}?ar={year}")


def focus_area_for(municipality, focus_area_id: int) -> FocusArea:
    """The municipality's focus area, or 404 (another municipality's is never revealed)."""
    return get_object_or_404(
        FocusArea.objects.select_related("municipality"), pk=focus_area_id, municipality=municipality
    )


def detail_page(request, municipality, focus_area: FocusArea, *, status=200, **forms) -> HttpResponse:
    """The focus area page; `forms` are bound forms to show again with their errors."""
    evidence = list(
        Evidence.objects.filter(focus_area=focus_area).select_related("situation_picture", "cause").order_by("id")
    )
    analysis = CauseAnalysis.objects.filter(focus_area=focus_area).first()
    context = {
        "municipality": municipality,
        "focus_area": focus_area,
        "evidence": evidence,
        "analysis": analysis,
        "causes": list(analysis.causes.all()) if analysis else [],
        "agreements": list(focus_area.agreements.all()),
        "promises": list(focus_area.promises.all()),
        "lacks_children": services.year_lacks_children_and_youth(municipality, focus_area.year),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "figure_form": forms.get("figure_form") or FigureEvidenceForm(municipality),
        "decision_form": forms.get("decision_form")
        or DecisionForm(
            initial={
                "decided_by": focus_area.decided_by or _("Styrgruppen"),
                "decided_on": focus_area.decided_on or local_today(),
            }
        ),
    }
    return render(request, "focusareas/detail.html", context, status=status)


@municipality_view("view_collaboration")
@require_GET
def detail(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    return detail_page(request, municipality, focus_area_for(municipality, focus_area_id))


@municipality_view("edit_collaboration")
@require_POST
def decide(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    focus_area = focus_area_for(municipality, focus_area_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return detail_page(request, municipality, focus_area, decision_form=form, status=422)
    services.decide(focus_area, request.user, **form.cleaned_data)
    messages.success(request, _("Beslutet är registrerat. Fokusområdet är beslutat."))
    if services.year_lacks_children_and_youth(municipality, focus_area.year):
        messages.warning(
            request,
            _("Inget fokusområde för %(year)d har ännu särskilt fokus på barn och unga.") % {"year": focus_area.year},
        )
    return redirect("focusareas:detail", code=municipality.code, focus_area_id=focus_area.pk)


@municipality_view("edit_collaboration")
@require_POST
def move(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    focus_area = focus_area_for(municipality, focus_area_id)
    direction = request.POST.get("riktning", "")
    if direction in ("up", "down"):
        services.move(focus_area, request.user, direction)
    return redirect(f"{_index_url(municipality)}?ar={focus_area.year}#fa-{focus_area.pk}")

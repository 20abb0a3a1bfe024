"""Evidence pages: a situation picture's category proposed as a focus area, and adding,
attaching and removing a focus area's evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from focusareas import figures, services
from focusareas.forms import EvidenceForm, FigureEvidenceForm, ProposeForm
from focusareas.models import Cause, Evidence, FocusArea
from focusareas.views import detail_page, focus_area_for
from lagesbild.models import SituationPicture
from privacy import services as privacy
from samtrygg import inputs
from tenancy.decorators import municipality_view


def _back(request, municipality, focus_area: FocusArea) -> HttpResponse:
    """Back to the page the form was on: the cause analysis or the focus area."""
    name = "focusareas:causes" if request.POST.get("tillbaka") == "orsaker" else "focusareas:detail"
    return redirect(name, code=municipality.code, focus_area_id=focus_area.pk)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, municipality, picture_id: int) -> HttpResponse:
    """A category row of a situation picture, proposed as a focus area (or added to one)."""
    picture = get_object_or_404(SituationPicture, pk=picture_id, municipality=municipality)
    slug = request.POST.get("kategori") or request.GET.get("kategori") or ""
    try:
        figure = figures.figure(picture, slug)
    except figures.UnknownFigure:
        messages.error(request, _("Kategorin finns inte i lägesbilden."))
        return redirect("lagesbild:detail", code=municipality.code, picture_id=picture.pk)
    form = ProposeForm(
        request.POST or None, initial={"name": figure.category_name, "year": figures.default_year(picture)}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            name, year = form.cleaned_data["name"].strip(), form.cleaned_data["year"]
            existed = FocusArea.objects.filter(municipality=municipality, year=year, name__iexact=name).exists()
            try:
                focus_area = services.propose_from_picture(
                    picture, request.user, category_slug=slug, year=year, name=name
                )
            except (services.InvalidEvidence, services.InvalidFocusArea) as e:
                form.add_error("name", ValidationError(str(e)))
            else:
                if existed:
                    messages.success(request, _("Siffran är tillagd som underlag till fokusområdet."))
                else:
                    messages.success(request, _("Fokusområdet är föreslaget med siffran som underlag."))
                return redirect("focusareas:detail", code=municipality.code, focus_area_id=focus_area.pk)
        status = 422
    existing = list(services.for_year(municipality, figures.default_year(picture)).values_list("name", flat=True))
    return render(
        request,
        "focusareas/propose.html",
        {
            "municipality": municipality,
            "picture": picture,
            "figure": figure,
            "slug": slug,
            "form": form,
            "existing": existing,
        },
        status=status,
    )


def _causes(focus_area: FocusArea):
    return Cause.objects.filter(analysis__focus_area=focus_area)


@municipality_view("edit_collaboration")
@require_POST
def add_evidence(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    """A survey result, a document or a dialogue, for the focus area or one of its causes."""
    focus_area = focus_area_for(municipality, focus_area_id)
    # the cause analysis page has one form per cause, prefixed "c<cause id>" to keep ids unique
    prefix = request.POST.get("prefix", "")
    prefix = prefix if prefix[:1] == "c" and inputs.parse_id(prefix[1:]) is not None else None
    form = EvidenceForm(request.POST, prefix=prefix, causes=_causes(focus_area), pii_user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        evidence = services.add_evidence(
            focus_area,
            request.user,
            kind=d["kind"],
            description=d["description"],
            reference=d["reference"],
            cause=d.get("cause"),
        )
        messages.success(request, _("Underlaget är sparat."))
        privacy.confirm(obj=evidence, confirmations=form.pii_confirmed(), actor=request.user)
        if left := privacy.unresolved(obj=evidence):
            messages.warning(request, privacy.refusal_message(left))
        return _back(request, municipality, focus_area)
    if prefix and request.POST.get("tillbaka") == "orsaker":
        from focusareas.views_analysis import causes_page

        # shown again, with the errors, under its cause
        return causes_page(request, municipality, focus_area, evidence_form=form, evidence_cause=prefix[1:], status=422)
    return detail_page(request, municipality, focus_area, evidence_form=form, status=422)


@municipality_view("edit_collaboration")
@require_POST
def add_figure(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    """A category's figure from one of the municipality's situation pictures."""
    focus_area = focus_area_for(municipality, focus_area_id)
    form = FigureEvidenceForm(municipality, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_figure_evidence(
                focus_area, request.user, picture=d["picture"], category_slug=d["category"], source=d["source"]
            )
        except services.InvalidEvidence as e:
            form.add_error("category", ValidationError(str(e)))
        else:
            messages.success(request, _("Siffran är tillagd som underlag."))
            return _back(request, municipality, focus_area)
    return detail_page(request, municipality, focus_area, figure_form=form, status=422)


def _evidence(focus_area: FocusArea, evidence_id: int) -> Evidence:
    return get_object_or_404(Evidence.objects.select_related("focus_area"), pk=evidence_id, focus_area=focus_area)


@municipality_view("edit_collaboration")
@require_POST
def remove_evidence(request: HttpRequest, municipality, focus_area_id: int, evidence_id: int) -> HttpResponse:
    focus_area = focus_area_for(municipality, focus_area_id)
    services.remove_evidence(_evidence(focus_area, evidence_id), request.user)
    messages.success(request, _("Underlaget är borttaget."))
    return _back(request, municipality, focus_area)


@municipality_view("edit_collaboration")
@require_POST
def attach_evidence(request: HttpRequest, municipality, focus_area_id: int) -> HttpResponse:
    """Tie existing evidence (a figure, say) to a cause, or back to the focus area as a whole."""
    focus_area = focus_area_for(municipality, focus_area_id)
    evidence_id = request.POST.get("evidence", "")
    evidence = _evidence(focus_area, inputs.parse_id(evidence_id) or 0)
    cause_id = inputs.parse_id(request.POST.get("cause", ""))
    cause = get_object_or_404(_causes(focus_area), pk=cause_id) if cause_id is not None else None
    services.attach_evidence(evidence, request.user, cause)
    messages.success(
        request, _("Underlaget är kopplat till orsaken.") if cause else _("Underlaget gäller fokusområdet.")
    )
    return _back(request, municipality, focus_area)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from areas.models import Place
from incidents import exporters, services
from incidents.filters import IncidentFilter
from incidents.forms import CategoryForm, DuplicateCheckForm, ReportForm, ReviewForm
from incidents.models import Incident, IncidentCategory
from privacy import pii
from samtrygg import exporters as contract
from tenancy.decorators import municipality_view
from tenancy.scoping import has_permission


def _report_context(request, municipality, form, duplicates=None) -> dict:
    places = {p["id"]: p for p in Place.objects.filter(municipality=municipality).values("id", "lat", "lon")}
    return {
        "municipality": municipality,
        "form": form,
        "duplicates": duplicates or [],
        "places_by_id": places,
        "pii_url": reverse("incidents:pii_check", kwargs={"code": municipality.code}),
        # a reporter learns that a similar report exists, not what others wrote
        "show_text": has_permission(request.user, municipality, "view_incidents"),
        # a form sent back keeps its findings and the boxes ticked in them
        "findings": _findings(form.data.get("description", ""), form.data.getlist("not_pii")) if form.is_bound else [],
    }


@municipality_view("report")
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, municipality) -> HttpResponse:
    """The EST form: phone first, one screen, under a minute."""
    if request.method == "GET":
        form = ReportForm(municipality, initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)})
        return render(request, "incidents/report.html", _report_context(request, municipality, form))
    form = ReportForm(municipality, request.POST)
    if not form.is_valid():
        return render(request, "incidents/report.html", _report_context(request, municipality, form), status=422)
    data = form.cleaned_data
    if not request.POST.get("confirm_new"):
        duplicates = services.possible_duplicates(
            municipality, data["category"], data["lat"], data["lon"], data["occurred_at"]
        )
        if duplicates:
            return render(request, "incidents/report.html", _report_context(request, municipality, form, duplicates))
    incident = services.report_incident(municipality=municipality, actor=request.user, data=data)
    messages.success(request, _("Tack! Händelsen är rapporterad (nr %(id)s).") % {"id": incident.pk})
    if incident.masked_findings:
        messages.info(
            request,
            _(
                "Personuppgifter i texten är maskerade (%(kinds)s). Bara samordnaren som granskar rapporten "
                "ser originaltexten, och bara tills den granskats."
            )
            % {"kinds": ", ".join(dict.fromkeys(f["label"] for f in incident.masked_findings))},
        )
    return redirect("incidents:mine", code=municipality.code)


@municipality_view("report")
@require_POST
def pii_check(request: HttpRequest, municipality) -> HttpResponse:
    """Live check while the reporter types (htmx): each finding with its own "not personal data"
    checkbox, ticked again when it was ticked before (the boxes are sent along)."""
    return render(
        request,
        "incidents/_pii.html",
        {"findings": _findings(request.POST.get("description", ""), request.POST.getlist("not_pii"))},
    )


def _findings(text: str, confirmed: list[str]) -> list[dict]:
    """What the live check lists: each distinct finding once (confirming "Berga" keeps every
    "Berga"), ticked when the writer confirmed it as not personal data."""
    text = text.strip()
    findings = [
        {
            "label": f.label,
            "text": text[f.start : f.end],
            "always_masked": f.kind in services.ALWAYS_MASKED,
            "token": pii.MASK_TOKENS[f.kind],
        }
        for f in pii.find_pii(text)
    ]
    for f in findings:
        f["confirmed"] = f["text"] in confirmed and not f["always_masked"]
    return list({f["text"]: f for f in findings}.values())


@municipality_view("report")
@require_GET
def duplicates(request: HttpRequest, municipality) -> HttpResponse:
    """Possible duplicates of what is being reported (htmx, while the form is filled in)."""
    form = DuplicateCheckForm(municipality, request.GET)
    found = []
    if form.is_valid():
        data = form.cleaned_data
        found = services.possible_duplicates(
            municipality, data["category"], data["lat"], data["lon"], data["occurred_at"]
        )
    return render(
        request,
        "incidents/_duplicates.html",
        {
            "duplicates": found,
            "municipality": municipality,
            "show_text": has_permission(request.user, municipality, "view_incidents"),
        },
    )


@municipality_view("report")
@require_GET
def mine(request: HttpRequest, municipality) -> HttpResponse:
    incidents = (
        Incident.objects.filter(municipality=municipality, reporter=request.user)
        .select_related("category", "area", "merged_into")
        .order_by("-created_at")
    )
    page = Paginator(incidents, 25).get_page(request.GET.get("sida"))
    return render(request, "incidents/mine.html", {"municipality": municipality, "page": page})


def _filtered(request, municipality):
    form = IncidentFilter(municipality, request.GET or None)
    incidents = form.apply(Incident.objects.filter(municipality=municipality))
    # the area's GeoJSON outline is not shown in a list: decoding it for each of 100 rows cost more
    # than the rest of the page (bench/load50.py)
    return form, incidents.select_related("category", "area", "place", "organisation").defer("area__geometry")


@municipality_view("view_incidents")
@require_GET
def incident_list(request: HttpRequest, municipality) -> HttpResponse:
    form, incidents = _filtered(request, municipality)
    page = Paginator(incidents, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "incidents/list.html",
        {
            "municipality": municipality,
            "filter": form,
            "page": page,
            "query": query.urlencode(),
            "can_export": has_permission(request.user, municipality, "export_incidents"),
            "new_count": Incident.objects.filter(municipality=municipality, status=Incident.Status.NEW).count(),
        },
    )


@municipality_view("view_incidents")
@require_GET
def incident_map(request: HttpRequest, municipality) -> HttpResponse:
    form = IncidentFilter(municipality, request.GET or None)
    return render(
        request,
        "incidents/map.html",
        {
            "municipality": municipality,
            "filter": form,
            "query": request.GET.urlencode(),
        },
    )


@municipality_view("export_incidents")
@require_GET
def export(request: HttpRequest, municipality, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, incidents = _filtered(request, municipality)
    return contract.response(exporters.render(incidents, fmt, municipality=municipality))


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, code: str, incident_id: int) -> HttpResponse:
    """A report: everyone who may view reports, and its own reporter, sees it; reviewers act on it."""
    from incidents.queries import original_for, visible_to

    incident = get_object_or_404(
        visible_to(request.user).select_related(
            "municipality", "category", "area", "place", "organisation", "merged_into"
        ),
        pk=incident_id,
        municipality__code=code,
    )
    municipality = request.municipality = incident.municipality
    can_review = has_permission(request.user, municipality, "review")
    form = ReviewForm(municipality, request.POST or None)
    if request.method == "POST":
        if not can_review:
            raise Http404
        if form.is_valid():
            try:
                _review(request, incident, form.cleaned_data)
            except services.ReviewError as e:
                form.add_error(None, str(e))
            else:
                return redirect("incidents:detail", code=municipality.code, incident_id=incident.pk)
    duplicates = []
    if can_review and incident.status == Incident.Status.NEW:
        duplicates = services.possible_duplicates(
            municipality, incident.category, incident.lat, incident.lon, incident.occurred_at, exclude_id=incident.pk
        )
    return render(
        request,
        "incidents/detail.html",
        {
            "municipality": municipality,
            "incident": incident,
            # the text as written: for its reviewers until the review, and its author while new
            "original": original_for(request.user, incident, author=True),
            "form": form,
            "can_review": can_review,
            "duplicates": duplicates,
            "categories": IncidentCategory.objects.filter(municipality=municipality, active=True),
            "merged": incident.merged.select_related("category") if can_review else [],
        },
        status=422 if form.errors else 200,
    )


def _review(request, incident: Incident, data: dict) -> None:
    action, user = data["action"], request.user
    if action == "accept":
        services.accept(incident, user)
        messages.success(request, _("Händelsen är godkänd."))
    elif action == "reject":
        services.reject(incident, user, data["reason"])
        messages.success(request, _("Händelsen är avvisad."))
    elif action == "recategorise":
        services.recategorise(incident, user, data["category"])
        messages.success(request, _("Kategorin är ändrad till %(name)s.") % {"name": data["category"].name})
    elif action == "merge":
        target = Incident.objects.filter(municipality=incident.municipality, pk=data["merge_into"]).first()
        if target is None:
            raise services.ReviewError(_("Det finns ingen händelse nr %(id)s i kommunen.") % {"id": data["merge_into"]})
        services.merge(incident, user, target)
        messages.success(request, _("Händelsen är sammanslagen med nr %(id)s.") % {"id": target.pk})
    elif action == "mask":
        services.mask_description(incident=incident, actor=user)
        messages.success(request, _("Personuppgifterna i texten är maskerade."))


@municipality_view("manage")
@require_http_methods(["GET", "POST"])
def categories(request: HttpRequest, municipality) -> HttpResponse:
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        category_id = request.POST.get("category")
        if category_id:
            category = get_object_or_404(IncidentCategory, municipality=municipality, pk=category_id)
            if "toggle" in request.POST:
                services.update_category(category, request.user, active=not category.active)
            elif request.POST.get("name", "").strip():
                services.update_category(category, request.user, name=request.POST["name"].strip()[:100])
            return redirect("incidents:categories", code=municipality.code)
        if form.is_valid():
            services.add_category(municipality, request.user, form.cleaned_data["name"].strip())
            messages.success(request, _("Kategorin är tillagd."))
            return redirect("incidents:categories", code=municipality.code)
    return render(
        request,
        "incidents/categories.html",
        {
            "municipality": municipality,
            "form": form,
            "categories": IncidentCategory.objects.filter(municipality=municipality),
        },
        status=422 if form.errors else 200,
    )

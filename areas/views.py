import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from areas import population, services
from areas.forms import AreaImportForm, PlaceForm, PopulationForm, PopulationImportForm
from areas.models import Area, Place
from tenancy.decorators import municipality_view


@municipality_view("manage")
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, municipality) -> HttpResponse:
    """Areas and places of the municipality; import areas and their population, add places."""
    import_form = AreaImportForm()
    population_form = PopulationImportForm()
    place_form = PlaceForm(municipality)
    import_errors, population_errors = [], []
    status = 200
    if request.method == "POST" and "import" in request.POST:
        import_form = AreaImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            try:
                result = services.import_areas(
                    municipality=municipality,
                    raw=services.read_upload(import_form.cleaned_data["file"]),
                    actor=request.user,
                    kind=import_form.cleaned_data["kind"],
                    name_property=import_form.cleaned_data["name_property"].strip(),
                )
            except services.ImportFailed as e:
                import_errors, status = e.errors, 422
            else:
                messages.success(
                    request, _("Importen är klar: %(created)d nya och %(updated)d uppdaterade områden.") % result
                )
                return redirect("areas:index", code=municipality.code)
        else:
            status = 422
    elif request.method == "POST" and "population_import" in request.POST:
        population_form = PopulationImportForm(request.POST, request.FILES)
        if population_form.is_valid():
            upload = population_form.cleaned_data["file"]
            try:
                result = population.import_population(
                    municipality=municipality,
                    data=upload.read(population.MAX_BYTES + 1),
                    actor=request.user,
                    source=population_form.cleaned_data["source"] or upload.name,
                    year=population_form.cleaned_data["year"],
                )
            except services.ImportFailed as e:
                population_errors, status = e.errors, 422
            else:
                messages.success(request, _("Befolkningen är importerad: %(updated)d områden ändrades.") % result)
                return redirect("areas:index", code=municipality.code)
        else:
            status = 422
    elif request.method == "POST" and "deso" in request.POST:
        try:
            result = population.population_from_deso(municipality=municipality, actor=request.user)
        except population.NoDeso as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, _("Befolkningen är beräknad från DeSO för %(n)d områden.") % {"n": len(result["updated"])}
            )
            if result["outside"]:
                messages.warning(
                    request,
                    _("Inga DeSO-områden överlappar: %(names)s. Deras befolkning är oförändrad.")
                    % {"names": ", ".join(result["outside"])},
                )
        return redirect("areas:index", code=municipality.code)
    elif request.method == "POST":
        place_form = PlaceForm(municipality, request.POST)
        if place_form.is_valid():
            d = place_form.cleaned_data
            services.create_place(municipality, request.user, name=d["name"].strip(), lat=d["lat"], lon=d["lon"])
            messages.success(request, _("Platsen är tillagd."))
            return redirect("areas:index", code=municipality.code)
        status = 422
    areas = Area.objects.filter(municipality=municipality).only(
        "id", "name", "kind", "population", "population_source", "population_year", "code"
    )
    return render(
        request,
        "areas/index.html",
        {
            "municipality": municipality,
            "areas": areas,
            "import_form": import_form,
            "import_errors": import_errors,
            "population_form": population_form,
            "population_errors": population_errors,
            "deso_available": population.deso_available(municipality) and areas.exclude(kind=Area.Kind.DESO).exists(),
            "place_form": place_form,
            "places": Place.objects.filter(municipality=municipality).select_related("area"),
        },
        status=status,
    )


@municipality_view("manage")
@require_http_methods(["GET", "POST"])
def area(request: HttpRequest, municipality, area_id: int) -> HttpResponse:
    """One area: its population, typed by the coordinator."""
    obj = get_object_or_404(Area.objects.defer("geometry"), municipality=municipality, pk=area_id)
    form = PopulationForm(
        initial={
            "population": obj.population,
            "population_year": obj.population_year,
            "population_source": obj.population_source,
        }
    )
    status = 200
    if request.method == "POST":
        form = PopulationForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            population.set_population(
                area=obj,
                actor=request.user,
                population=d["population"],
                source=d["population_source"],
                year=d["population_year"],
            )
            messages.success(request, _("Befolkningen för %(name)s är sparad.") % {"name": obj.name})
            return redirect("areas:index", code=municipality.code)
        status = 422
    return render(request, "areas/area.html", {"municipality": municipality, "area": obj, "form": form}, status=status)


@municipality_view("manage")
@require_POST
def delete_area(request: HttpRequest, municipality, area_id: int) -> HttpResponse:
    services.delete_area(get_object_or_404(Area, municipality=municipality, pk=area_id), request.user)
    messages.success(request, _("Området är borttaget."))
    return redirect("areas:index", code=municipality.code)


@municipality_view("manage")
@require_POST
def delete_place(request: HttpRequest, municipality, place_id: int) -> HttpResponse:
    services.delete_place(get_object_or_404(Place, municipality=municipality, pk=place_id), request.user)
    messages.success(request, _("Platsen är borttagen."))
    return redirect("areas:index", code=municipality.code)


@municipality_view("view_areas")
@require_GET
def areas_geojson(request: HttpRequest, municipality) -> HttpResponse:
    """The municipality's boundary and areas, for the maps."""
    features = [
        {"type": "Feature", "geometry": geometry, "properties": {"id": pk, "name": name}}
        for pk, name, geometry in Area.objects.filter(municipality=municipality).values_list("id", "name", "geometry")
    ]
    if municipality.boundary:
        features.insert(
            0,
            {
                "type": "Feature",
                "geometry": municipality.boundary,
                "properties": {"boundary": True, "name": municipality.name},
            },
        )
    return HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        content_type="application/geo+json",
    )

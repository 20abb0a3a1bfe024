import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from areas import services
from areas.forms import AreaImportForm, PlaceForm
from areas.models import Area, Place
from tenancy.decorators import municipality_view


@municipality_view("manage")
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, municipality) -> HttpResponse:
    """Areas and places of the municipality; import areas, add places."""
    import_form = AreaImportForm()
    place_form = PlaceForm(municipality)
    import_errors = []
    status = 200
    if request.method == "POST" and "import" in request.POST:
        import_form = AreaImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            try:
                result = services.import_areas(
                    municipality,
                    import_form.cleaned_data["file"].read(),
                    request.user,
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
    elif request.method == "POST":
        place_form = PlaceForm(municipality, request.POST)
        if place_form.is_valid():
            d = place_form.cleaned_data
            services.create_place(municipality, request.user, name=d["name"].strip(), lat=d["lat"], lon=d["lon"])
            messages.success(request, _("Platsen är tillagd."))
            return redirect("areas:index", code=municipality.code)
        status = 422
    areas = Area.objects.filter(municipality=municipality).only("id", "name", "kind", "population", "code")
    return render(
        request,
        "areas/index.html",
        {
            "municipality": municipality,
            "areas": areas,
            "import_form": import_form,
            "import_errors": import_errors,
            "place_form": place_form,
            "places": Place.objects.filter(municipality=municipality).select_related("area"),
        },
        status=status,
    )


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

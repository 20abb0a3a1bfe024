from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from incidents.models import IncidentCategory
from policedata import events, feed
from policedata.models import EventTypeMapping, PoliceEvent
from tenancy.decorators import municipality_view

RECENT = 50
RECENT_COUNTY = 10
NO_CATEGORY = "none"


class FeedUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil från polisens händelse-API"),
        help_text=gettext_lazy("En JSON-lista i polisens format (polisen.se/api/events), gzip eller okomprimerad."),
        error_messages={"required": gettext_lazy("Välj en fil att importera.")},
    )


def skipped_message(result: dict) -> str:
    """What an import left out: the events of municipalities the user may not import police data
    for, and county-level events (only system imports write those)."""
    parts = []
    if result["skipped_foreign"]:
        names = ", ".join(s["name"] for s in result["skipped"][:10])
        if len(result["skipped"]) > 10:
            names += ", …"
        parts.append(
            ngettext(
                "%(count)d händelse i en kommun där du inte får importera polisdata hoppades över (%(names)s).",
                "%(count)d händelser i kommuner där du inte får importera polisdata hoppades över (%(names)s).",
                result["skipped_foreign"],
            )
            % {"count": result["skipped_foreign"], "names": names}
        )
    if result["skipped_county_level"]:
        parts.append(
            ngettext(
                "%(count)d händelse på länsnivå hoppades över; sådana importeras bara av den nationella importen.",
                "%(count)d händelser på länsnivå hoppades över; sådana importeras bara av den nationella importen.",
                result["skipped_county_level"],
            )
            % {"count": result["skipped_county_level"]}
        )
    return " ".join(parts)


@municipality_view("import_police")
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, municipality) -> HttpResponse:
    """The municipality's recent police events, its county's county-level ones, the feed upload
    and the mapping of police event types onto the council's categories."""
    form = FeedUploadForm()
    import_errors, status = [], 200
    categories = list(IncidentCategory.objects.filter(municipality=municipality))
    if request.method == "POST" and "import" in request.POST:
        form = FeedUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > feed.max_bytes():
                    raise events.ImportFailed([{"row": 0, "message": feed.too_large_message()}])
                result = events.import_file(upload.read(), request.user, source=upload.name)
            except events.ImportFailed as e:
                import_errors, status = e.errors, 422
            else:
                messages.success(
                    request,
                    _(
                        "Importen är klar: %(created)d nya, %(updated)d uppdaterade och %(unchanged)d oförändrade "
                        "händelser, varav %(county_level)d på länsnivå."
                    )
                    % result,
                )
                if result["skipped_foreign"] or result["skipped_county_level"]:
                    messages.info(request, skipped_message(result))
                return redirect("policedata:index", code=municipality.code)
        else:
            status = 422
    elif request.method == "POST":
        by_id = {str(c.pk): c for c in categories}
        changed = 0
        for police_type in events.known_types(municipality):
            value = request.POST.get(f"type:{police_type}")
            if value is None:
                continue
            if value == "":
                target = events.DEFAULT
            elif value == NO_CATEGORY:
                target = None
            elif value in by_id:
                target = by_id[value]
            else:
                continue
            changed += events.set_type_mapping(municipality, request.user, police_type, target)
        messages.success(request, _("Kopplingarna är sparade (%(count)d ändrade).") % {"count": changed})
        return redirect("policedata:index", code=municipality.code)

    recent = PoliceEvent.objects.filter(municipality=municipality).select_related("category")[:RECENT]
    county_events = PoliceEvent.objects.filter(municipality__isnull=True, county_code=municipality.county_code)[
        :RECENT_COUNTY
    ]
    overrides = dict(
        EventTypeMapping.objects.filter(municipality=municipality).values_list("police_type", "category_id")
    )
    names = {c.slug: c.name for c in categories}
    mapping_rows = []
    for police_type in events.known_types(municipality):
        slug = events.default_slug(police_type)
        mapping_rows.append(
            {
                "type": police_type,
                "default": names.get(slug, _("Ingen kategori")) if slug else _("Ingen kategori"),
                "value": (str(overrides[police_type]) if overrides[police_type] else NO_CATEGORY)
                if police_type in overrides
                else "",
            }
        )
    return render(
        request,
        "policedata/index.html",
        {
            "municipality": municipality,
            "recent": recent,
            "total": PoliceEvent.objects.filter(municipality=municipality).count(),
            "county_events": county_events,
            "form": form,
            "import_errors": import_errors,
            "categories": categories,
            "mapping_rows": mapping_rows,
            "no_category": NO_CATEGORY,
        },
        status=status,
    )

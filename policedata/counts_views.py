"""The page for monthly police report counts: import, the last twelve months, category mapping."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from policedata import counts
from policedata.counts_forms import CategoryMappingForm, CountsImportForm
from tenancy.decorators import municipality_view


@municipality_view("import_police")
@require_http_methods(["GET", "POST"])
def report_counts(request: HttpRequest, municipality) -> HttpResponse:
    import_form = CountsImportForm()
    import_errors = []
    status = 200
    seen = counts.crime_categories(municipality)
    mapping_form = CategoryMappingForm(municipality, seen)
    if request.method == "POST" and "import" in request.POST:
        import_form = CountsImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            try:
                result = counts.import_report_counts(
                    counts.read_upload(import_form.cleaned_data["file"]),
                    request.user,
                    # the page imports into its own municipality only
                    allowed_municipality_ids=[municipality.id],
                )
            except counts.ImportFailed as e:
                import_errors, status = e.errors, 422
            else:
                messages.success(
                    request,
                    _("Importen är klar: %(created)d nya, %(updated)d ersatta och %(unchanged)d oförändrade rader.")
                    % result,
                )
                return redirect("policedata:counts", code=municipality.code)
        else:
            status = 422
    elif request.method == "POST" and "mapping" in request.POST:
        mapping_form = CategoryMappingForm(municipality, seen, request.POST)
        if mapping_form.is_valid():
            changes = mapping_form.changes()
            for crime_category, category in changes:
                counts.map_crime_category(municipality, request.user, crime_category, category)
            messages.success(request, _("Kopplingarna är sparade (%(n)d ändrade).") % {"n": len(changes)})
            return redirect("policedata:counts", code=municipality.code)
        status = 422
    return render(
        request,
        "policedata/counts.html",
        {
            "municipality": municipality,
            "import_form": import_form,
            "import_errors": import_errors,
            "mapping_form": mapping_form,
            "table": counts.monthly_totals(municipality),
        },
        status=status,
    )

"""Agreement pages: the list with expiry warnings, the agreement (its document with the editing
controls), create, edit, status change, annexes and the Word and PDF downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements import exporters, services
from agreements.forms import AgreementForm, AnnexForm, StatusForm
from agreements.models import Agreement
from agreements.versions import present
from privacy import services as privacy
from samtrygg import exporters as contract
from samtrygg.dates import local_today
from tenancy.decorators import municipality_view


def get_agreement(municipality, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related("municipality", "police_area", "replaces"),
        pk=agreement_id,
        municipality=municipality,
    )


def to_detail(agreement: Agreement, anchor: str = "") -> HttpResponse:
    response = redirect("agreements:detail", code=agreement.municipality.code, agreement_id=agreement.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@municipality_view("view_collaboration")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    agreements = Agreement.objects.filter(municipality=municipality).select_related("police_area", "replaces")
    return render(
        request,
        "agreements/index.html",
        {
            "municipality": municipality,
            "agreements": agreements,
            "warnings": services.warnings(municipality, local_today()),
        },
    )


@municipality_view("view_collaboration")
@require_GET
def detail(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    return render(
        request,
        "agreements/detail.html",
        {
            "municipality": municipality,
            "agreement": agreement,
            "doc": present(services.content(agreement)),
            "warnings": services.warnings(municipality, local_today(), agreement),
            "status_form": StatusForm(initial={"status": agreement.status}),
            "replaced_by": agreement.replaced_by.only("id", "title"),
        },
    )


def _agreement_form(request, municipality, agreement: Agreement | None) -> HttpResponse:
    form = AgreementForm(municipality, request.POST or None, instance=agreement)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in AgreementForm.Meta.fields}
            comment = form.cleaned_data["comment"]
            try:
                if agreement is None:
                    agreement = services.create_agreement(municipality, request.user, comment=comment, **data)
                    messages.success(
                        request, _("Överenskommelsen är skapad. Lägg till avsnitt, beslut och undertecknare.")
                    )
                else:
                    services.update_agreement(
                        get_agreement(municipality, agreement.pk), request.user, comment=comment, **data
                    )
                    messages.success(request, _("Ändringarna är sparade som en ny version."))
            except services.InvalidAgreement as e:
                form.add_error(None, ValidationError(str(e)))
            else:
                return to_detail(agreement)
        status = 422
    elif agreement is None:
        form.initial.setdefault("police_area", services.default_police_area(municipality))
    return render(
        request,
        "agreements/form.html",
        {"municipality": municipality, "form": form, "agreement": agreement},
        status=status,
    )


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality) -> HttpResponse:
    return _agreement_form(request, municipality, None)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    return _agreement_form(request, municipality, get_agreement(municipality, agreement_id))


@municipality_view("edit_collaboration")
@require_POST
def change_status(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en status."))
        return to_detail(agreement, "status-h")
    if form.cleaned_data["status"] != agreement.status:
        services.change_status(agreement, request.user, form.cleaned_data["status"], form.cleaned_data["comment"])
        messages.success(
            request, _("Status är ändrad till %(status)s.") % {"status": agreement.get_status_display().lower()}
        )
    return to_detail(agreement, "status-h")


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def annexes(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    initial = {"forums": list(agreement.forums.all()), "focus_areas": list(agreement.focus_areas.all())}
    form = AnnexForm(municipality, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            services.set_annexes(
                agreement, request.user, forums=d["forums"], focus_areas=d["focus_areas"], comment=d["comment"]
            )
            messages.success(request, _("Bilagorna är sparade."))
            return to_detail(agreement, "annex1-h")
        status = 422
    return render(
        request,
        "agreements/annexes.html",
        {"municipality": municipality, "agreement": agreement, "form": form},
        status=status,
    )


def _download(request, agreement: Agreement, fmt: str) -> HttpResponse:
    try:
        return contract.response(exporters.render(agreement, fmt))
    except privacy.UnresolvedPersonalData as e:
        messages.error(request, str(e))
        return redirect("agreements:detail", code=agreement.municipality.code, agreement_id=agreement.pk)


@municipality_view("view_collaboration")
@require_GET
def download_pdf(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    return _download(request, get_agreement(municipality, agreement_id), "pdf")


@municipality_view("view_collaboration")
@require_GET
def download_docx(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    return _download(request, get_agreement(municipality, agreement_id), "docx")

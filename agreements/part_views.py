"""The agreement's parts: sections (add, edit, move, delete), decisions and signatories (add,
edit, delete). Each is a small form page of its own, which works well on a phone."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agreements import services
from agreements.forms import DecisionForm, SectionForm, SignatoryForm
from agreements.models import AgreementDecision, AgreementSection, Signatory
from agreements.views import get_agreement, to_detail
from privacy.pii import find_pii
from tenancy.decorators import municipality_view

# model -> (form, add service, update service, delete service, anchor, headings, saved message)
PARTS = {
    AgreementSection: (
        SectionForm,
        services.add_section,
        services.update_section,
        services.delete_section,
        "sections-h",
        (gettext_lazy("Nytt avsnitt"), gettext_lazy("Ändra avsnitt")),
    ),
    AgreementDecision: (
        DecisionForm,
        services.add_decision,
        services.update_decision,
        services.delete_decision,
        "decisions-h",
        (gettext_lazy("Nytt beslut"), gettext_lazy("Ändra beslut")),
    ),
    Signatory: (
        SignatoryForm,
        services.add_signatory,
        services.update_signatory,
        services.delete_signatory,
        "signatories-h",
        (gettext_lazy("Ny undertecknare"), gettext_lazy("Ändra undertecknare")),
    ),
}


def _part(model, agreement, part_id: int):
    return get_object_or_404(model, pk=part_id, agreement=agreement)


def _form(request, municipality, agreement_id: int, model, part_id: int | None = None) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    form_class, add, update, _delete, anchor, headings = PARTS[model]
    obj = _part(model, agreement, part_id) if part_id else None
    form = form_class(request.POST or None, instance=obj)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
            comment = form.cleaned_data.get("comment", "")
            if obj is None:
                add(agreement, request.user, comment=comment, **data)
            else:
                update(_part(model, agreement, part_id), request.user, comment=comment, **data)
            agreement.refresh_from_db(fields=["version"])
            messages.success(request, _("Sparat som version %(n)d.") % {"n": agreement.version})
            findings = find_pii(data.get("body", "")) if model is AgreementSection else []
            if findings:
                messages.warning(
                    request,
                    _("Texten verkar innehålla personuppgifter (%(kinds)s). Överenskommelsen är en allmän handling.")
                    % {"kinds": ", ".join(sorted({str(f.label) for f in findings}))},
                )
            return to_detail(agreement, anchor)
        status = 422
    return render(
        request,
        "agreements/part_form.html",
        {
            "municipality": municipality,
            "agreement": agreement,
            "form": form,
            "heading": headings[1] if obj else headings[0],
            "anchor": anchor,
        },
        status=status,
    )


def _delete_part(request, municipality, agreement_id: int, model, part_id: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    obj = _part(model, agreement, part_id)
    PARTS[model][3](obj, request.user)
    messages.success(request, _("Borttaget. Den tidigare versionen finns kvar under Versioner."))
    return to_detail(agreement, PARTS[model][4])


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    return _form(request, municipality, agreement_id, AgreementSection)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, municipality, agreement_id: int, section_id: int) -> HttpResponse:
    return _form(request, municipality, agreement_id, AgreementSection, section_id)


@municipality_view("edit_collaboration")
@require_POST
def section_delete(request: HttpRequest, municipality, agreement_id: int, section_id: int) -> HttpResponse:
    return _delete_part(request, municipality, agreement_id, AgreementSection, section_id)


@municipality_view("edit_collaboration")
@require_POST
def section_move(request: HttpRequest, municipality, agreement_id: int, section_id: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    section = _part(AgreementSection, agreement, section_id)
    services.move_section(section, request.user, -1 if request.POST.get("direction") == "up" else 1)
    return to_detail(agreement, f"section-{section.pk}")


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    return _form(request, municipality, agreement_id, AgreementDecision)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, municipality, agreement_id: int, decision_id: int) -> HttpResponse:
    return _form(request, municipality, agreement_id, AgreementDecision, decision_id)


@municipality_view("edit_collaboration")
@require_POST
def decision_delete(request: HttpRequest, municipality, agreement_id: int, decision_id: int) -> HttpResponse:
    return _delete_part(request, municipality, agreement_id, AgreementDecision, decision_id)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def signatory_create(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    return _form(request, municipality, agreement_id, Signatory)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def signatory_edit(request: HttpRequest, municipality, agreement_id: int, signatory_id: int) -> HttpResponse:
    return _form(request, municipality, agreement_id, Signatory, signatory_id)


@municipality_view("edit_collaboration")
@require_POST
def signatory_delete(request: HttpRequest, municipality, agreement_id: int, signatory_id: int) -> HttpResponse:
    return _delete_part(request, municipality, agreement_id, Signatory, signatory_id)

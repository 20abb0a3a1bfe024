"""An agreement's versions: the list, and one version as text with what changed since the one
before."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agreements.models import AgreementVersion
from agreements.versions import as_text, compare
from agreements.views import get_agreement
from tenancy.decorators import municipality_view


@municipality_view("view_collaboration")
@require_GET
def versions(request: HttpRequest, municipality, agreement_id: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    rows = agreement.versions.select_related("created_by").defer("content")
    return render(
        request, "agreements/versions.html", {"municipality": municipality, "agreement": agreement, "versions": rows}
    )


@municipality_view("view_collaboration")
@require_GET
def version(request: HttpRequest, municipality, agreement_id: int, number: int) -> HttpResponse:
    agreement = get_agreement(municipality, agreement_id)
    current = AgreementVersion.objects.filter(agreement=agreement, number=number).select_related("created_by").first()
    if current is None:
        raise Http404
    previous = AgreementVersion.objects.filter(agreement=agreement, number__lt=number).order_by("-number").first()
    return render(
        request,
        "agreements/version.html",
        {
            "municipality": municipality,
            "agreement": agreement,
            "version": current,
            "previous": previous,
            "changes": compare(previous.content if previous else None, current.content),
            "text": as_text(current.content),
        },
    )

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.models import AuditEntry
from tenancy.decorators import municipality_view


@municipality_view("view_audit")
@require_GET
def audit_log(request: HttpRequest, municipality) -> HttpResponse:
    entries = AuditEntry.objects.filter(municipality=municipality)
    object_type = request.GET.get("typ", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    types = AuditEntry.objects.filter(municipality=municipality).values_list("object_type", flat=True).distinct()
    return render(request, "audit/log.html", {"municipality": municipality, "page": page,
                                              "types": sorted(set(types)), "object_type": object_type})

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from agreements import services as agreement_services
from statusreports import services as status_report_services
from tenancy.roles import PERMISSIONS
from tenancy.scoping import roles_by_municipality, visible_municipalities
from walks import attention as walk_attention


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Start page: the municipalities the user works in and what they can do there."""
    municipalities = list(visible_municipalities(request.user))
    roles = roles_by_municipality(request.user)
    today = timezone.localdate()
    cards = []
    for m in municipalities:
        can = {p: bool(roles[m.id] & allowed) for p, allowed in PERMISSIONS.items()}
        cards.append(
            {
                "municipality": m,
                "can": can,
                "roles": sorted(roles[m.id]),
                "status_reports": status_report_services.awaiting_count(request.user, m)
                if can["submit_status_report"]
                else 0,
                "warnings": agreement_services.warnings(m, today) if can["view_collaboration"] else [],
                "walks": walk_attention.waiting(m, today) if can["edit_walks"] else None,
            }
        )
    # A reporter with nothing else to do goes straight to the form: that is what they came for.
    if len(cards) == 1 and cards[0]["roles"] == ["reporter"] and not cards[0]["status_reports"]:
        return redirect("incidents:report", code=cards[0]["municipality"].code)
    return render(request, "home.html", {"cards": cards})

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from tenancy.scoping import roles_by_municipality, visible_municipalities


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
    if len(municipalities) == 1 and roles[municipalities[0].id] == {"reporter"}:
        return redirect("incidents:report", code=municipalities[0].code)
    from tenancy.roles import PERMISSIONS

    cards = [
        {
            "municipality": m,
            "can": {p: bool(roles[m.id] & allowed) for p, allowed in PERMISSIONS.items()},
            "roles": sorted(roles[m.id]),
        }
        for m in municipalities
    ]
    return render(request, "home.html", {"cards": cards})

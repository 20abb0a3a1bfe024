"""The live personal-data check shared by every form (static/js/pii.js posts here while typing)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from privacy import pii, services

MAX_TEXT = 20_000


@login_required
@require_POST
def check(request: HttpRequest) -> HttpResponse:
    """The findings in `text`, each with a mask button and a "not personal data" checkbox named
    `name`. Ticked now (`confirmed`) or confirmed before (the signed `ref`) stays ticked."""
    text = request.POST.get("text", "")[:MAX_TEXT]
    name = request.POST.get("name", "")[:120]
    ticked = set(request.POST.getlist("confirmed"))
    stored: set[str] = set()
    target = services.resolve_reference(request.POST.get("ref", ""), request.user)
    if target is not None:
        obj, field = target
        stored = services.confirmed(obj).get(field, set())
    rows = []
    for finding, covered in services.findings(text):
        rows.append(
            {
                "label": finding.label,
                "text": covered,
                "token": pii.MASK_TOKENS[finding.kind],
                "stored": covered in stored,
                "ticked": covered in ticked or covered in stored,
            }
        )
    open_rows = [r for r in rows if not r["ticked"]]
    return render(
        request,
        "privacy/_findings.html",
        {"rows": rows, "open": open_rows, "name": name},
    )

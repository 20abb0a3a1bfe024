"""Residents' tips: the public form (no login), the tipper's "inte åtgärdat" link, and the
coordinator's review (reject with a reason, route to an owner as a proposal, close)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samtrygg import inputs
from samtrygg.dates import local_today
from tenancy.decorators import municipality_view
from tenancy.models import Municipality, Organisation
from tenancy.scoping import has_permission
from tips import ratelimit, services
from tips.models import Tip
from walks.categories import categories

MAX_UPLOAD = 15 * 1024 * 1024
RATE_LIMITED = gettext_lazy(
    "Det har kommit många tips från din uppkoppling den senaste timmen. "
    "Vänta en stund och skicka igen – det du skrev finns kvar."
)


def _form_context(place, data=None, errors=None) -> dict:
    center = place.center
    return {
        "place": place,
        "categories": categories(place),
        "kinds": Tip.Kind.choices,
        "data": data or {},
        # "__all__" cannot be read in a template
        "errors": {("form" if k == "__all__" else k): v for k, v in (errors or {}).items()},
        "center": center,
        "tiles": settings.MAP_TILE_URL,
        "max_text": services.MAX_TEXT,
    }


@require_http_methods(["GET", "POST"])
def form(request: HttpRequest, code: str) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.defer("boundary"), code=code)
    if request.method == "GET":
        return render(request, "tips/form.html", _form_context(place))
    data = request.POST
    if data.get("website"):  # the honeypot: hidden from people, filled by scripts
        return render(request, "tips/thanks.html", {"place": place, "tip": None})
    # Whatever went wrong, the form comes back with everything typed (the photo must be chosen again).
    if not ratelimit.allow(ratelimit.client_address(request)):
        errors = {"__all__": str(RATE_LIMITED)}
        return render(request, "tips/form.html", _form_context(place, data, errors), status=429)
    category = None
    if (category_id := inputs.parse_id(data.get("category", ""))) is not None:
        category = categories(place).filter(pk=category_id).first()
    photo = request.FILES.get("photo")
    errors = services.validate(
        municipality=place,
        lat=data.get("lat"),
        lon=data.get("lon"),
        text=data.get("text", ""),
        email=data.get("email", ""),
        category=category,
    )
    if photo is not None and photo.size > MAX_UPLOAD:
        errors["photo"] = _("Bilden är för stor (högst 15 MB). Välj en mindre bild eller skicka utan bild.")
    if not errors:
        try:
            tip = services.submit_tip(
                municipality=place,
                lat=float(data["lat"]),
                lon=float(data["lon"]),
                text=data["text"],
                email=data.get("email", ""),
                category=category,
                kind=data.get("kind", Tip.Kind.PLACE),
                photo=photo,
            )
        except services.TipError as exc:
            errors[exc.field] = str(exc)
        else:
            return render(request, "tips/thanks.html", {"place": place, "tip": tip})
    return render(request, "tips/form.html", _form_context(place, data, errors), status=422)


@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST reopens: a mail scanner that opens the link must not use the one chance."""
    tip = services.find_by_token(token)
    if tip is None:
        return render(request, "tips/reopen.html", {"error": _("Länken gäller inte.")}, status=404)
    if request.method == "GET":
        return render(request, "tips/reopen.html", {"tip": tip})
    try:
        services.reopen_tip(tip=tip)
    except services.TipError as exc:
        return render(request, "tips/reopen.html", {"tip": tip, "error": str(exc)}, status=409)
    return render(request, "tips/reopen.html", {"tip": tip, "done": True})


# ---- the coordinator's review -----------------------------------------------------------------


@municipality_view("edit_walks")
@require_GET
def review_list(request: HttpRequest, municipality) -> HttpResponse:
    status = request.GET.get("status", "open")
    tips = Tip.objects.filter(municipality=municipality).select_related("category", "proposal__owner_organisation")
    if status == "open":
        tips = tips.filter(status__in=[Tip.Status.NEW, Tip.Status.REOPENED])
    elif status in Tip.Status.values:
        tips = tips.filter(status=status)
    return render(
        request,
        "tips/review_list.html",
        {"municipality": municipality, "tips": tips[:200], "status": status, "statuses": Tip.Status.choices},
    )


def _tip(municipality, tip_id: int) -> Tip:
    return get_object_or_404(
        Tip.objects.select_related("category", "proposal__owner_organisation", "municipality"),
        pk=tip_id,
        municipality=municipality,
    )


@municipality_view("edit_walks")
@require_GET
def review(request: HttpRequest, municipality, tip_id: int) -> HttpResponse:
    return _review_page(request, municipality, _tip(municipality, tip_id))


def _review_page(request, municipality, tip, errors=None, data=None, status=200):
    return render(
        request,
        "tips/review.html",
        {
            "municipality": municipality,
            "tip": tip,
            "original": tip.text_original if has_permission(request.user, municipality, "view_report_original") else "",
            "organisations": Organisation.objects.filter(municipality=municipality).order_by("name"),
            "errors": errors or {},
            "data": data or {},
            "default_answer_by": (local_today() + datetime.timedelta(days=30)).isoformat(),
        },
        status=status,
    )


@municipality_view("edit_walks")
@require_POST
def review_action(request: HttpRequest, municipality, tip_id: int) -> HttpResponse:
    tip = _tip(municipality, tip_id)
    action = request.POST.get("action")
    try:
        if action == "reject":
            services.reject_tip(tip=tip, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Tipset är avvisat."))
        elif action == "close":
            services.close_tip(tip=tip, actor=request.user)
            messages.success(request, _("Tipset är avslutat."))
        elif action == "route":
            organisation = Organisation.objects.filter(
                municipality=municipality, pk=request.POST.get("owner_organisation") or 0
            ).first()
            if organisation is None:
                raise services.TipError(_("Välj vem som äger problemet."), "owner_organisation")
            try:
                answer_by = datetime.date.fromisoformat(request.POST.get("answer_by", ""))
            except ValueError as exc:
                raise services.TipError(_("Ange ett datum (ÅÅÅÅ-MM-DD)."), "answer_by") from exc
            services.route_tip(
                tip=tip,
                actor=request.user,
                title=request.POST.get("title", ""),
                owner_organisation=organisation,
                answer_by=answer_by,
                owner_name=request.POST.get("owner_name", ""),
                owner_email=request.POST.get("owner_email", ""),
            )
            messages.success(request, _("Tipset är skickat som åtgärdsförslag till %(o)s.") % {"o": organisation.name})
        else:
            raise services.TipError(_("Välj vad som ska göras med tipset."))
    except services.TipError as exc:
        return _review_page(request, municipality, tip, {exc.field: str(exc)}, request.POST, status=422)
    return redirect(reverse("tips_review:detail", kwargs={"code": municipality.code, "tip_id": tip.pk}))


@municipality_view("edit_walks")
@require_GET
def photo(request: HttpRequest, municipality, tip_id: int) -> HttpResponse:
    tip = _tip(municipality, tip_id)
    if not tip.photo:
        raise Http404
    return FileResponse(tip.photo.open("rb"), content_type="image/jpeg")

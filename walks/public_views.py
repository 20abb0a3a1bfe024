"""The public side of safety walks, without login: a municipality's published feedback reports,
one walk's report (page, PDF, Word), its approved photos, the map of published proposals with their
status, and residents' subscriptions (double opt-in). Only published walks are ever queried here."""

import json

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samtrygg import exporters, inputs
from tenancy.models import Municipality
from tips import ratelimit, subscriptions
from tips.services import TipError
from walks import feedback


def _place(code: str) -> Municipality:
    return get_object_or_404(Municipality.objects.defer("boundary"), code=code)


def _walk(place: Municipality, walk_id: int):
    return get_object_or_404(feedback.published_walks(place).select_related("municipality"), pk=walk_id)


@require_GET
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(code)
    walks = list(feedback.published_walks(place).order_by("-starts_at"))
    return render(
        request,
        "walks/public/index.html",
        {"place": place, "walks": walks, "subscribe_error": "", "subscribe_email": ""},
    )


@require_GET
def walk(request: HttpRequest, code: str, walk_id: int) -> HttpResponse:
    place = _place(code)
    data = feedback.content(_walk(place, walk_id))
    points = [
        {"lat": o.lat, "lon": o.lon, "n": o.number, "label": f"{o.number}. {o.category.name}"}
        for o in data["observations"]
    ]
    return render(
        request,
        "walks/public/walk.html",
        data | {"place": place, "points": json.dumps(points), "tiles": settings.MAP_TILE_URL},
    )


@require_GET
def walk_pdf(request: HttpRequest, code: str, walk_id: int) -> HttpResponse:
    return exporters.response(feedback.FeedbackPdf(_walk(_place(code), walk_id)).render())


@require_GET
def walk_word(request: HttpRequest, code: str, walk_id: int) -> HttpResponse:
    return exporters.response(feedback.FeedbackWord(_walk(_place(code), walk_id)).render())


@require_GET
def photo(request: HttpRequest, code: str, photo_id: int) -> HttpResponse:
    found = feedback.public_photo(code=code, photo_id=photo_id)
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), content_type="image/jpeg")


@require_GET
def proposals_map(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(code)
    rows = []
    for p in feedback.public_proposals(place):
        points = [(o.lat, o.lon) for o in p.observations.all()]
        if not points:
            continue
        rows.append(
            {
                "lat": sum(x for x, _y in points) / len(points),
                "lon": sum(y for _x, y in points) / len(points),
                "title": p.title,
                "owner": p.owner_organisation.name,
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "walk": p.walk.title,
                "url": f"../{p.walk_id}/#forslag-{p.pk}",
            }
        )
    center = place.center
    return render(
        request,
        "walks/public/map.html",
        {
            "place": place,
            "rows": rows,
            "points": json.dumps(rows),
            "center": center,
            "tiles": settings.MAP_TILE_URL,
            "statuses": feedback.STATUS_CSS,
        },
    )


@require_http_methods(["POST"])
def subscribe(request: HttpRequest, code: str) -> HttpResponse:
    place = _place(code)
    walk_id = request.POST.get("walk") or ""
    target = None
    if (walk_pk := inputs.parse_id(walk_id)) is not None:
        target = feedback.published_walks(place).filter(pk=walk_pk).first()
    email = request.POST.get("email", "")
    if request.POST.get("website"):  # the honeypot: a person never sees or fills it
        return render(request, "walks/public/subscribe_sent.html", {"place": place}, status=200)
    try:
        # the confirmation mail goes to any address typed: the tips' limits keep it from being a mail cannon
        if not ratelimit.allow(ratelimit.client_address(request)):
            raise TipError(
                _("Det har kommit många förfrågningar från din uppkoppling. Vänta en stund och försök igen.")
            )
        subscriptions.subscribe(municipality=place, email=email, walk=target)
    except TipError as exc:
        walks = list(feedback.published_walks(place).order_by("-starts_at"))
        return render(
            request,
            "walks/public/index.html",
            {"place": place, "walks": walks, "subscribe_error": str(exc), "subscribe_email": email},
            status=422,
        )
    return render(request, "walks/public/subscribe_sent.html", {"place": place})


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscriptions.confirm(token=token)
    if subscription is None:
        return render(
            request,
            "walks/public/subscription.html",
            {"message": _("Länken gäller inte längre. Prenumerationen kan redan vara avslutad.")},
            status=404,
        )
    return render(
        request,
        "walks/public/subscription.html",
        {
            "message": _("Tack! Du får nu ett mejl när återkopplingen publiceras och när ett förslag får nytt besked."),
            "place": subscription.municipality,
        },
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    # GET asks, POST ends it: mail scanners that open links must not end a subscription
    if request.method == "GET":
        return render(request, "walks/public/unsubscribe.html", {"token": token})
    subscriptions.unsubscribe(token=token)
    return render(
        request,
        "walks/public/subscription.html",
        {"message": _("Prenumerationen är avslutad och din e-postadress är raderad.")},
    )

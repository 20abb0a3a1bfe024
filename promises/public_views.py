"""The public pages: a municipality's published citizen promises, readable without login.

Only published promises are ever queried here (services.published), so a draft cannot leak."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from promises import services
from samtrygg.dates import format_date
from tenancy.models import Municipality

STATUS_CLASS = {"on_track": "ok", "delayed": "delayed", "done": "done", "not_done": "not-done"}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    year = services.current_year()
    municipalities = (
        Municipality.objects.annotate(
            published=Count(
                "promises", filter=Q(promises__year=year, promises__published_at__isnull=False), distinct=True
            )
        )
        .filter(published__gt=0)
        .only("code", "name")
        .order_by("name")
    )
    return render(request, "promises/public_index.html", {"municipalities": municipalities, "year": year})


@require_GET
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    place = get_object_or_404(Municipality.objects.only("id", "code", "name"), code=code)
    year = services.parse_year(request.GET.get("ar"), services.current_year())
    promises = list(services.published(place, year))
    for promise in promises:
        promise.public_updates = [
            {"update": u, "css": STATUS_CLASS.get(u.status, "ok"), "date": format_date(u.date)}
            for u in promise.updates.all()
        ]
        promise.decided_on_text = format_date(promise.decided_on) if promise.decided_on else ""
    return render(
        request,
        "promises/public.html",
        {"place": place, "year": year, "promises": promises, "years": services.published_years(place)},
    )

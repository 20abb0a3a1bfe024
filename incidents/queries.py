"""Read-side helpers: which incidents a user sees, and the map's GeoJSON."""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Max, Q
from django.utils import timezone

from incidents.filters import IncidentFilter
from incidents.models import Incident
from tenancy.scoping import municipality_ids


def visible_to(user):
    """Every report of the municipalities where the user may view reports, and the user's own."""
    return Incident.objects.filter(
        Q(municipality_id__in=municipality_ids(user, "view_incidents"))
        | Q(reporter_id=user.pk, municipality_id__in=municipality_ids(user, "report"))
    )


MAP_FILTERS = ("date_from", "date_to", "area", "category", "status", "organisation")


def map_geojson(municipality, params) -> bytes:
    """GeoJSON of the reports matching the filter parameters. Cached until any report of the
    municipality changes: MAX(updated_at) is one index lookup, far cheaper than rebuilding a few
    thousand features. The key is made from the raw parameters, so a cache hit builds no form."""
    version = Incident.objects.filter(municipality=municipality).aggregate(v=Max("updated_at"))["v"]
    filters = sorted((k, params.get(k)) for k in MAP_FILTERS if params.get(k))
    key = "map:%s:%s" % (
        municipality.pk,
        hashlib.sha1(f"{version and version.isoformat()}|{municipality.areas_version}|{filters}".encode()).hexdigest(),
    )
    body = cache.get(key)
    if body is None:
        filter_form = IncidentFilter(municipality, dict(filters))
        rows = filter_form.apply(Incident.objects.filter(municipality=municipality)).values_list(
            "id", "lat", "lon", "occurred_at", "status", "category__name", "area__name"
        )
        tz = timezone.get_current_timezone()
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": pk,
                    "category": category,
                    "area": area or "",
                    "status": status,
                    "occurred_at": occurred_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                },
            }
            for pk, lat, lon, occurred_at, status, category, area in rows
        ]
        body = json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
        ).encode()
        cache.set(key, body, 600)
    return body


def original_for(user, incident: Incident, *, author: bool = False) -> str:
    """The report's text as written, with personal data, if this user may see it: a reviewer of the
    municipality (permission "view_report_original") until the review, at most ORIGINAL_KEPT_DAYS;
    with `author`, also the reporter themself while the report is new (on its page). Else ""."""
    if not incident.description_original or timezone.now() >= incident.original_expires_at:
        return ""
    if incident.municipality_id in municipality_ids(user, "view_report_original"):
        return incident.description_original
    if author and incident.reporter_id == user.pk and incident.status == Incident.Status.NEW:
        return incident.description_original
    return ""

"""Reference data: the 290 municipalities from Lantmäteriet's boundaries (SCB codes)."""

import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import shape

from audit import log as audit
from audit.models import AuditEntry
from tenancy.models import Municipality


@transaction.atomic
def load_municipalities(path: Path) -> dict:
    """Create or update every municipality in the GeoJSON file (props kommunkod, kommun,
    lanskod, lan). Idempotent: a second run with the same file changes nothing."""
    from incidents.services import ensure_default_categories

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = {m.code: m for m in Municipality.objects.all()}
    created = updated = categories = 0
    for feature in data["features"]:
        p = feature["properties"]
        min_lon, min_lat, max_lon, max_lat = shape(feature["geometry"]).bounds
        values = {
            "name": p["kommun"],
            "county_code": p.get("lanskod", ""),
            "county_name": p.get("lan", ""),
            "boundary": feature["geometry"],
            "min_lon": min_lon,
            "min_lat": min_lat,
            "max_lon": max_lon,
            "max_lat": max_lat,
        }
        municipality = existing.get(p["kommunkod"])
        if municipality is None:
            municipality = Municipality.objects.create(code=p["kommunkod"], **values)
            created += 1
        elif any(getattr(municipality, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(municipality, k, v)
            municipality.save()
            updated += 1
        added = ensure_default_categories(municipality)
        if added:
            categories += added
            audit.record(
                None,
                AuditEntry.Action.CREATE,
                municipality=municipality,
                object_type="incidents.incidentcategory",
                object_repr=_("Standardkategorier"),
                changes={"count": added},
            )
    if created or updated:
        audit.record(
            None,
            AuditEntry.Action.IMPORT,
            object_type="tenancy.municipality",
            object_repr="kommuner.geojson",
            changes={"created": created, "updated": updated, "categories": categories},
        )
    return {"created": created, "updated": updated}

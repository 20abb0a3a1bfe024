"""Every write to incidents and categories goes through these functions (views and API alike),
and each records itself in the audit log."""

import datetime
import math
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from areas.geometry import locate_area, locate_area_id
from areas.models import Place
from audit import log as audit
from audit.models import AuditEntry
from incidents.models import DEFAULT_CATEGORIES, ORIGINAL_KEPT_DAYS, Incident, IncidentCategory
from privacy import pii
from tenancy.models import Municipality
from tenancy.scoping import organisation_id

DUPLICATE_RADIUS_M = 100
DUPLICATE_WINDOW = timezone.timedelta(hours=3)
AUDIT_FIELDS = [
    "category",
    "occurred_at",
    "lat",
    "lon",
    "area",
    "place",
    "description",
    "people_count",
    "age_group",
    "police_notified",
    "rescue_notified",
    "status",
    "review_note",
    "merged_into",
]

# A valid personnummer or samordningsnummer is personal data whatever the writer says.
ALWAYS_MASKED = frozenset({"personnummer", "samordningsnummer"})


class ReviewError(Exception):
    pass


def ensure_default_categories(municipality: Municipality) -> int:
    """Give a new municipality the default EST taxonomy; the caller records it in the log."""
    if IncidentCategory.objects.filter(municipality=municipality).exists():
        return 0
    return len(
        IncidentCategory.objects.bulk_create(
            [
                IncidentCategory(municipality=municipality, slug=slug, name=str(name), position=i)
                for i, (slug, name) in enumerate(DEFAULT_CATEGORIES)
            ],
            ignore_conflicts=True,
        )
    )


@transaction.atomic
def add_category(municipality: Municipality, actor, name: str) -> IncidentCategory:
    base = slugify(name.replace("/", "-"))[:40] or "kategori"
    slug, n = base, 1
    while IncidentCategory.objects.filter(municipality=municipality, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    position = IncidentCategory.objects.filter(municipality=municipality).count()
    category = IncidentCategory.objects.create(municipality=municipality, slug=slug, name=name, position=position)
    audit.created(actor, category)
    return category


@transaction.atomic
def update_category(category: IncidentCategory, actor, *, name: str | None = None, active: bool | None = None) -> None:
    before = audit.snapshot(category)
    if name is not None:
        category.name = name
    if active is not None:
        category.active = active
    category.save()
    audit.updated(actor, category, before)


def _snapshot(incident: Incident) -> dict:
    """The audited fields. The description is stored masked; anything the detector finds in it
    (findings the reporter confirmed as not personal data) is masked again here, and the original
    never enters the log: only whether one is kept."""
    values = audit.snapshot(incident, AUDIT_FIELDS)
    values["description"] = pii.mask(values["description"])[0]
    values["original_kept"] = bool(incident.description_original)
    return values


def mask_text(text: str, *, not_pii: Collection[str] = ()) -> tuple[str, list[dict]]:
    """The text as stored and its findings (Incident.pii): every finding of the personal-data check
    is replaced by its token except those whose exact text the writer confirmed as not personal
    data (`not_pii`); a personnummer or samordningsnummer is masked whatever was confirmed.
    Each finding keeps its offsets in the original too ("original_start"/"original_end")."""
    findings = pii.find_pii(text)
    keep = frozenset(
        i for i, f in enumerate(findings) if f.kind not in ALWAYS_MASKED and text[f.start : f.end] in not_pii
    )
    masked, moved = pii.mask_findings(text, findings, keep)
    return masked, [
        dict(m.as_dict(), masked=i not in keep, original_start=f.start, original_end=f.end)
        for i, (m, f) in enumerate(zip(moved, findings, strict=True))
    ]


def _without_original(findings: list[dict]) -> list[dict]:
    return [{k: v for k, v in f.items() if k not in ("original_start", "original_end")} for f in findings]


def _drop_original(incident: Incident) -> None:
    incident.description_original = ""
    incident.pii = _without_original(incident.pii)


@transaction.atomic
def report_incident(*, municipality: Municipality, actor, data: dict) -> Incident:
    """Store a validated report (ReportForm.cleaned_data). Personal data in the text is masked,
    except findings the reporter confirmed as not personal data (`data["not_pii"]`, their texts);
    when anything was masked the text as written is kept apart for the reviewing coordinators."""
    written = data["description"].strip()
    description, findings = mask_text(written, not_pii=frozenset(data.get("not_pii") or ()))
    if description == written:  # nothing masked: no original is kept, nor offsets into one
        findings = _without_original(findings)
    incident = Incident.objects.create(
        municipality=municipality,
        category=data["category"],
        occurred_at=data["occurred_at"],
        lat=round(data["lat"], 6),
        lon=round(data["lon"], 6),
        place=data.get("place"),
        area=locate_area(municipality, data["lat"], data["lon"]),
        description=description,
        description_original=written if description != written else "",
        people_count=data.get("people_count") or "",
        age_group=data.get("age_group") or "",
        police_notified=bool(data.get("police_notified")),
        rescue_notified=bool(data.get("rescue_notified")),
        pii=findings,
        reporter=actor if actor and actor.is_authenticated else None,
        # the membership query already ran for the permission check; this reads its cache
        organisation_id=organisation_id(actor, municipality) if actor and actor.is_authenticated else None,
    )
    audit.record(actor, AuditEntry.Action.CREATE, incident, changes=_snapshot(incident))
    return incident


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6371000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def possible_duplicates(
    municipality: Municipality,
    category: IncidentCategory,
    lat: float,
    lon: float,
    occurred_at,
    exclude_id: int | None = None,
) -> list[Incident]:
    """Reports of the same category within 100 m and 3 hours, nearest first."""
    dlat = DUPLICATE_RADIUS_M / 111_000
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = (
        Incident.objects.filter(
            municipality=municipality,
            category=category,
            occurred_at__gte=occurred_at - DUPLICATE_WINDOW,
            occurred_at__lte=occurred_at + DUPLICATE_WINDOW,
            lat__range=(lat - dlat, lat + dlat),
            lon__range=(lon - dlon, lon + dlon),
        )
        .counted()
        .select_related("category", "area")
    )
    if exclude_id:
        candidates = candidates.exclude(pk=exclude_id)
    found = []
    for incident in candidates:
        incident.distance_m = distance_m(lat, lon, incident.lat, incident.lon)
        if incident.distance_m <= DUPLICATE_RADIUS_M:
            found.append(incident)
    return sorted(found, key=lambda i: i.distance_m)


def _reviewed(incident: Incident, actor, before: dict) -> Incident:
    # The original is kept for the review only: any review decision ends it.
    _drop_original(incident)
    incident.save()
    changes = audit.diff(before, _snapshot(incident))
    if changes:
        audit.record(actor, AuditEntry.Action.UPDATE, incident, changes=changes)
    return incident


@transaction.atomic
def accept(incident: Incident, actor) -> Incident:
    before = _snapshot(incident)
    incident.status = Incident.Status.ACCEPTED
    incident.review_note = ""
    incident.merged_into = None
    return _reviewed(incident, actor, before)


@transaction.atomic
def reject(incident: Incident, actor, reason: str) -> Incident:
    if not reason.strip():
        raise ReviewError(_("Skriv varför händelsen avvisas."))
    before = _snapshot(incident)
    incident.status = Incident.Status.REJECTED
    incident.review_note = reason.strip()[:500]
    incident.merged_into = None
    return _reviewed(incident, actor, before)


@transaction.atomic
def recategorise(incident: Incident, actor, category: IncidentCategory) -> Incident:
    if category.municipality_id != incident.municipality_id:
        raise ReviewError(_("Kategorin hör inte till kommunen."))
    before = _snapshot(incident)
    incident.category = category
    if incident.status == Incident.Status.NEW:
        incident.status = Incident.Status.ACCEPTED
    return _reviewed(incident, actor, before)


@transaction.atomic
def merge(incident: Incident, actor, into: Incident) -> Incident:
    """Mark `incident` as a duplicate of `into`; `into` keeps counting, `incident` no longer does."""
    if into.pk == incident.pk:
        raise ReviewError(_("En händelse kan inte slås ihop med sig själv."))
    if into.municipality_id != incident.municipality_id:
        raise ReviewError(_("Händelsen finns inte."))
    if into.status in (Incident.Status.MERGED, Incident.Status.REJECTED):
        raise ReviewError(_("Händelse nr %(id)s är själv avvisad eller sammanslagen.") % {"id": into.pk})
    before = _snapshot(incident)
    incident.status = Incident.Status.MERGED
    incident.merged_into = into
    _reviewed(incident, actor, before)
    # Reports already merged into this one follow it, so no chain of merges is left behind.
    for child in Incident.objects.filter(merged_into=incident):
        child_before = _snapshot(child)
        child.merged_into = into
        _reviewed(child, actor, child_before)
    return incident


@transaction.atomic
def mask_description(*, incident: Incident, actor) -> Incident:
    """The reviewer's "mask": everything the check finds is masked, the findings the reporter
    confirmed as not personal data included, and the original is deleted."""
    before = _snapshot(incident)
    before_kinds = [f["kind"] for f in incident.pii if not f.get("masked")]
    text = incident.description
    # a stored token stays; confirmed findings, and anything the check finds now, are masked
    spans = list(incident.pii)
    spans += [f.as_dict() for f in pii.find_pii(text) if all(f.end <= s["start"] or f.start >= s["end"] for s in spans)]
    spans.sort(key=lambda f: f["start"])
    parts, findings, pos = [], [], 0
    for f in spans:
        parts.append(text[pos : f["start"]])
        token = text[f["start"] : f["end"]] if f.get("masked") else pii.MASK_TOKENS[f["kind"]]
        start = sum(len(p) for p in parts)
        parts.append(token)
        findings.append(
            {"kind": f["kind"], "label": f["label"], "start": start, "end": start + len(token), "masked": True}
        )
        pos = f["end"]
    parts.append(text[pos:])
    incident.description = "".join(parts)
    incident.pii = findings
    incident.description_original = ""
    incident.save()
    changes = audit.diff(before, _snapshot(incident))
    changes["pii"] = [before_kinds, []]  # the kinds that were left in the text, never the text
    audit.record(actor, AuditEntry.Action.UPDATE, incident, changes=changes)
    return incident


def clear_expired_originals(*, now: datetime.datetime | None = None) -> int:
    """Delete the originals of reports nobody reviewed within ORIGINAL_KEPT_DAYS (the daily
    manage.py mask_pii_originals); each report's log records that its original is gone."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=ORIGINAL_KEPT_DAYS)
    cleared = 0
    expired = Incident.objects.filter(created_at__lt=cutoff).exclude(description_original="")
    for incident in expired.select_related("municipality", "category"):
        with transaction.atomic():
            before = _snapshot(incident)
            _drop_original(incident)
            incident.save(update_fields=["description_original", "pii", "updated_at"])
            audit.record(None, AuditEntry.Action.UPDATE, incident, changes=audit.diff(before, _snapshot(incident)))
        cleared += 1
    return cleared


def reassign_areas(municipality_id: int) -> int:
    """Recompute every report's area after the municipality's areas changed."""
    municipality = Municipality.objects.get(pk=municipality_id)
    changed = []
    now = timezone.now()
    for incident in Incident.objects.filter(municipality=municipality).only("id", "lat", "lon", "area_id"):
        area_id = locate_area_id(municipality, incident.lat, incident.lon)
        if area_id != incident.area_id:
            incident.area_id = area_id
            incident.updated_at = now
            changed.append(incident)
    Incident.objects.bulk_update(changed, ["area_id", "updated_at"], batch_size=500)
    if changed:
        per_area: dict[str, int] = {}
        for incident in changed:
            per_area[str(incident.area_id)] = per_area.get(str(incident.area_id), 0) + 1
        audit.record(
            None,
            AuditEntry.Action.UPDATE,
            municipality=municipality,
            object_type="incidents.incident",
            object_repr=_("Områden omräknade efter ändrade områden"),
            changes={"count": len(changed), "new_area_counts": per_area},
        )
    for place in Place.objects.filter(municipality=municipality):
        area_id = locate_area_id(municipality, place.lat, place.lon)
        if area_id != place.area_id:
            before = audit.snapshot(place, ["area"])
            place.area_id = area_id
            place.save(update_fields=["area"])
            audit.updated(None, place, before)
    return len(changed)

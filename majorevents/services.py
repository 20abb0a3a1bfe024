"""Every rule and write of major events; the pages and the API call these functions."""

import datetime
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from majorevents.models import Entry, MajorEvent, Notification, OnCallContact, Side
from privacy import services as privacy
from samtrygg.inputs import parse_id
from tenancy.models import Organisation
from tenancy.scoping import organisation_id, roles_by_municipality

# the short list of tags chosen from; free tags may be added
TAGS = ["läge", "skadade", "utrymning", "trafik", "media", "sociala medier", "skola", "räddningstjänst", "resurser"]
# EST reports this close to the event's place belong to its picture (the whole municipality without a place)
NEARBY_METRES = 2000
MAX_TEXT = 4000


class MajorEventError(Exception):
    """Refused input: `field` names the field the Swedish message belongs to; `conflict` marks a
    refusal because of the event's state (409 in the API) rather than the input (422)."""

    def __init__(self, field: str, message: str, *, conflict: bool = False, findings=None):
        super().__init__(message)
        self.field = field
        self.message = message
        self.conflict = conflict
        self.findings = findings or []


def side_of(user, municipality) -> str:
    """The police for a police liaison, else the municipality."""
    roles = roles_by_municipality(user).get(municipality.id, frozenset())
    return Side.POLICE if "police_liaison" in roles else Side.MUNICIPALITY


def organisation_name(user, municipality) -> str:
    org_id = organisation_id(user, municipality)
    if org_id:
        return Organisation.objects.filter(pk=org_id).values_list("name", flat=True).first() or ""
    return str(Side(side_of(user, municipality)).label)


def _pii(obj, texts: dict[str, str], confirmed: dict[str, list[str]] | None, where: str) -> None:
    found = privacy.unresolved(obj=obj, fields=list(texts), texts=texts, also_confirmed=confirmed or {}, where=where)
    if found:
        raise MajorEventError(next(iter(texts)), privacy.refusal_message(found), findings=[f.as_dict() for f in found])


def _confirm(obj, confirmed: dict[str, list[str]] | None, actor) -> None:
    if confirmed:
        privacy.confirm(obj=obj, confirmations=confirmed, actor=actor)


def _clean_text(value, field: str, label: str, *, required=True, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise MajorEventError(field, _("Fyll i %(label)s.") % {"label": label})
    if len(value) > limit:
        raise MajorEventError(field, _("%(label)s får vara högst %(n)s tecken.") % {"label": label, "n": limit})
    return value


def _clean_position(lat, lon) -> tuple[float | None, float | None]:
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise MajorEventError("lat", _("Ange både latitud och longitud, eller ingen av dem."))
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise MajorEventError("lat", _("Ogiltig position.")) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise MajorEventError("lat", _("Ogiltig position."))
    return lat, lon


def _aware(moment):
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


# ---- the event -------------------------------------------------------------------------------


@transaction.atomic
def open_event(
    municipality,
    actor,
    *,
    title: str,
    kind: str,
    place_name: str = "",
    lat=None,
    lon=None,
    started_at=None,
    municipality_lead: str = "",
    police_lead: str = "",
    pii_confirmed: dict[str, list[str]] | None = None,
) -> MajorEvent:
    """Open a major event, tell the on-call list by e-mail (after commit) and start the clock."""
    title = _clean_text(title, "title", _("rubrik"), limit=200)
    if kind not in MajorEvent.Kind.values:
        raise MajorEventError("kind", _("Välj en typ av händelse."))
    lat, lon = _clean_position(lat, lon)
    now = timezone.now()
    started_at = _aware(started_at) or now
    if started_at > now + datetime.timedelta(minutes=5):
        raise MajorEventError("started_at", _("Starttiden kan inte ligga i framtiden."))
    event = MajorEvent(
        municipality=municipality,
        title=title,
        kind=kind,
        place_name=_clean_text(place_name, "place_name", _("plats"), required=False, limit=200),
        lat=lat,
        lon=lon,
        started_at=started_at,
        municipality_lead=_clean_text(municipality_lead, "municipality_lead", _("ledning"), required=False, limit=150),
        police_lead=_clean_text(police_lead, "police_lead", _("ledning"), required=False, limit=150),
        opened_by=actor,
        opened_by_side=side_of(actor, municipality),
        first_contact_target_minutes=settings.MAJOR_EVENT_FIRST_CONTACT_MINUTES,
    )
    _pii(event, {"title": title}, pii_confirmed, _("händelsens rubrik"))
    event.save()
    _confirm(event, pii_confirmed, actor)
    audit.record(actor, AuditEntry.Action.CREATE, event, changes=audit.snapshot(event), municipality=municipality)
    notify_on_call(event)
    return event


def notify_on_call(event: MajorEvent) -> list[Notification]:
    """One notification per address of the on-call list, sent by a background task after commit."""
    from majorevents.tasks import send_notification

    seen: set[str] = set()
    created = []
    for contact in OnCallContact.objects.filter(municipality=event.municipality).select_related("user"):
        address = (contact.address or "").strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        created.append(Notification.objects.create(event=event, address=address, label=contact.label))
    for notification in created:
        transaction.on_commit(lambda pk=notification.pk: send_notification.enqueue(pk))
    return created


def retry_notification(notification: Notification, actor) -> None:
    from majorevents.tasks import send_notification

    if notification.status == Notification.Status.SENT:
        raise MajorEventError("__all__", _("E-postmeddelandet är redan skickat."), conflict=True)
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
    audit.record(
        actor, AuditEntry.Action.UPDATE, notification.event, changes={"notification_retry": notification.address}
    )
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))


def first_contact(event: MajorEvent, now=None) -> dict:
    """The first-contact clock: minutes since opening until the other party acknowledged."""
    now = now or timezone.now()
    end = event.acknowledged_at or now
    minutes = max(0, int((end - event.opened_at).total_seconds() // 60))
    target = event.first_contact_target_minutes
    return {
        "minutes": minutes,
        "target_minutes": target,
        "acknowledged": event.acknowledged_at is not None,
        "acknowledged_at": event.acknowledged_at,
        "waiting_for": event.other_side,
        "waiting_for_label": str(Side(event.other_side).label),
        "within_target": minutes <= target,
        "missed": event.first_contact_missed_at is not None or minutes > target,
    }


def check_first_contact(event: MajorEvent, now=None) -> bool:
    """Log, once, that the other party did not acknowledge within the target. Returns True when
    it was logged now. Called whenever the event is read or acknowledged (and the page polls)."""
    now = now or timezone.now()
    if event.first_contact_missed_at is not None:
        return False
    end = event.acknowledged_at or now
    if (end - event.opened_at) <= datetime.timedelta(minutes=event.first_contact_target_minutes):
        return False
    with transaction.atomic():
        if not MajorEvent.objects.filter(pk=event.pk, first_contact_missed_at__isnull=True).update(
            first_contact_missed_at=now
        ):
            return False
        event.first_contact_missed_at = now
        text = _("Målet för första kontakt (%(target)s minuter) nåddes inte: %(side)s hade inte kvitterat.") % {
            "target": event.first_contact_target_minutes,
            "side": Side(event.other_side).label,
        }
        Entry.objects.create(
            event=event,
            kind=Entry.Kind.INFORMATION,
            text=text,
            author=None,
            author_name="Samtrygg",
            side=event.opened_by_side,
            tags=["första kontakt"],
            internal_only=True,
        )
        audit.record(
            None,
            AuditEntry.Action.UPDATE,
            event,
            changes={"first_contact_missed": now.isoformat()},
            municipality=event.municipality,
        )
    return True


@transaction.atomic
def acknowledge(event: MajorEvent, actor, text: str = "") -> Entry:
    """The other party's acknowledgement: stops the first-contact clock."""
    event = MajorEvent.objects.select_for_update().get(pk=event.pk)
    if event.acknowledged_at is not None:
        raise MajorEventError("__all__", _("Händelsen är redan kvitterad."), conflict=True)
    if side_of(actor, event.municipality) != event.other_side:
        raise MajorEventError(
            "__all__",
            _("Kvittensen ska komma från den andra parten (%(side)s).") % {"side": Side(event.other_side).label},
            conflict=True,
        )
    now = timezone.now()
    event.acknowledged_at = now
    event.acknowledged_by = actor
    event.save(update_fields=["acknowledged_at", "acknowledged_by"])
    entry = _create_entry(
        event, actor, kind=Entry.Kind.ACKNOWLEDGEMENT, text=text.strip() or _("Kvitterat."), check_open=False
    )
    audit.record(actor, AuditEntry.Action.UPDATE, event, changes={"acknowledged_at": now.isoformat()})
    check_first_contact(event, now)
    return entry


@transaction.atomic
def close(
    event: MajorEvent, actor, *, worked: str, did_not_work: str, pii_confirmed: dict[str, list[str]] | None = None
) -> MajorEvent:
    """Close the event with its short evaluation (the yearly follow-up lists it)."""
    event = MajorEvent.objects.select_for_update().get(pk=event.pk)
    if not event.is_open:
        raise MajorEventError("__all__", _("Händelsen är redan avslutad."), conflict=True)
    worked = _clean_text(worked, "worked", _("vad som fungerade"))
    did_not_work = _clean_text(did_not_work, "did_not_work", _("vad som inte fungerade"))
    texts = {"evaluation_worked": worked, "evaluation_did_not_work": did_not_work}
    _pii(event, texts, pii_confirmed, _("utvärderingen"))
    before = audit.snapshot(event)
    event.evaluation_worked, event.evaluation_did_not_work = worked, did_not_work
    event.status = MajorEvent.Status.CLOSED
    event.closed_at = timezone.now()
    event.closed_by = actor
    event.save()
    _confirm(event, pii_confirmed, actor)
    audit.record(actor, AuditEntry.Action.UPDATE, event, changes=audit.diff(before, audit.snapshot(event)))
    return event


# ---- the log ---------------------------------------------------------------------------------


def _clean_tags(tags) -> list[str]:
    out: list[str] = []
    for tag in tags or []:
        tag = str(tag).strip().lower()[:40]
        if tag and tag not in out:
            out.append(tag)
    return out[:10]


def _create_entry(event, actor, *, kind, text, check_open=True, **fields) -> Entry:
    if check_open and not event.is_open:
        raise MajorEventError("__all__", _("Händelsen är avslutad; loggen går inte att skriva i."), conflict=True)
    entry = Entry(
        event=event,
        kind=kind,
        text=text,
        author=actor,
        author_name=actor.get_username() if actor is not None else "Samtrygg",
        organisation=organisation_name(actor, event.municipality) if actor is not None else "",
        side=side_of(actor, event.municipality) if actor is not None else event.opened_by_side,
        **fields,
    )
    entry.save()
    audit.record(
        actor,
        AuditEntry.Action.CREATE,
        entry,
        municipality=event.municipality,
        changes={"kind": kind, "event": event.pk},
    )
    return entry


@transaction.atomic
def add_entry(
    event: MajorEvent,
    actor,
    *,
    kind: str,
    text: str,
    tags=(),
    internal_only: bool = False,
    assignee: str = "",
    due_at=None,
    decided_by: str = "",
    corrects: int | Entry | None = None,
    recipients: str = "",
    pii_confirmed: dict[str, list[str]] | None = None,
) -> Entry:
    """A new entry in the log. A correction is a new entry pointing at the one it corrects."""
    if kind == Entry.Kind.ACKNOWLEDGEMENT:  # the other party's first contact; only once
        return acknowledge(event, actor, text or "")
    if kind not in Entry.Kind.values:
        raise MajorEventError("kind", _("Välj en typ av loggpost."))
    text = _clean_text(text, "text", _("texten"))
    assignee = _clean_text(assignee, "assignee", _("vem som ska svara"), required=kind == Entry.Kind.REQUEST, limit=150)
    decided_by = _clean_text(
        decided_by, "decided_by", _("vem som beslutade"), required=kind == Entry.Kind.DECISION, limit=150
    )
    recipients = _clean_text(recipients, "recipients", _("mottagare"), required=False, limit=300)
    due_at = _aware(due_at)
    if kind == Entry.Kind.REQUEST and due_at is None:
        raise MajorEventError("due_at", _("Ange när begäran senast ska besvaras."))
    if kind != Entry.Kind.REQUEST:
        assignee, due_at = "", None
    corrected = None
    if corrects not in (None, ""):
        corrected_id = corrects.pk if isinstance(corrects, Entry) else corrects
        corrected_pk = parse_id(corrected_id)
        corrected = Entry.objects.filter(event=event, pk=corrected_pk).first() if corrected_pk is not None else None
        if corrected is None:
            raise MajorEventError("corrects", _("Loggposten som ska rättas finns inte i den här händelsen."))
    probe = Entry(event=event, kind=kind, text=text)
    _pii(probe, {"text": text}, pii_confirmed, _("loggposten"))
    entry = _create_entry(
        event,
        actor,
        kind=kind,
        text=text,
        tags=_clean_tags(tags),
        internal_only=bool(internal_only),
        assignee=assignee,
        due_at=due_at,
        decided_by=decided_by,
        corrects=corrected,
        recipients=recipients,
    )
    _confirm(entry, pii_confirmed, actor)
    return entry


@transaction.atomic
def answer_request(
    event: MajorEvent, request_entry: Entry, actor, *, text: str, pii_confirmed: dict[str, list[str]] | None = None
) -> Entry:
    """Answer an open request: a new entry pointing at it; the request is then no longer open."""
    if request_entry.event_id != event.pk or request_entry.kind != Entry.Kind.REQUEST:
        raise MajorEventError("__all__", _("Bara en begäran kan besvaras."))
    Entry.objects.select_for_update().filter(pk=request_entry.pk).first()
    if request_entry.answers_set.exists():
        raise MajorEventError("__all__", _("Begäran är redan besvarad."), conflict=True)
    text = _clean_text(text, "text", _("svaret"))
    probe = Entry(event=event, kind=Entry.Kind.INFORMATION, text=text)
    _pii(probe, {"text": text}, pii_confirmed, _("svaret"))
    entry = _create_entry(
        event,
        actor,
        kind=Entry.Kind.INFORMATION,
        text=text,
        answers=request_entry,
        internal_only=request_entry.internal_only,
        tags=["svar"],
    )
    _confirm(entry, pii_confirmed, actor)
    return entry


def open_requests(event: MajorEvent):
    return event.entries.filter(kind=Entry.Kind.REQUEST, answers_set__isnull=True).order_by("due_at", "id")


def entries(event: MajorEvent, *, include_internal: bool = True):
    rows = event.entries.select_related("corrects", "answers").prefetch_related("answers_set")
    return rows if include_internal else rows.filter(internal_only=False)


# ---- the on-call list -----------------------------------------------------------------------


def add_contact(municipality, actor, *, user=None, email: str = "", label: str = "") -> OnCallContact:
    email = (email or "").strip()
    if user is None and not email:
        raise MajorEventError("email", _("Välj en användare eller skriv en e-postadress."))
    if user is not None and not user.email and not email:
        raise MajorEventError("user", _("Användaren har ingen e-postadress; skriv en adress."))
    contact = OnCallContact.objects.create(municipality=municipality, user=user, email=email, label=label.strip()[:120])
    audit.record(
        actor,
        AuditEntry.Action.CREATE,
        contact,
        municipality=municipality,
        changes={"email": contact.address, "label": contact.label},
    )
    return contact


def remove_contact(contact: OnCallContact, actor) -> None:
    audit.record(
        actor,
        AuditEntry.Action.DELETE,
        contact,
        municipality=contact.municipality,
        changes={"email": contact.address, "label": contact.label},
    )
    contact.delete()


# ---- the live situation picture -------------------------------------------------------------


def _distance_m(lat1, lon1, lat2, lon2) -> float:
    r = 6371000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def nearby_reports(event: MajorEvent, limit: int = 50) -> list:
    """EST reports of the municipality since the event started, near its place when it has one."""
    from incidents.models import Incident

    end = event.closed_at or timezone.now()
    rows = (
        Incident.objects.filter(
            municipality_id=event.municipality_id, occurred_at__gte=event.started_at, occurred_at__lte=end
        )
        .exclude(status__in=["rejected", "merged"])
        .select_related("category")
        .order_by("-occurred_at")
    )
    if event.lat is not None:
        d_lat = NEARBY_METRES / 111_000
        d_lon = d_lat / max(0.1, math.cos(math.radians(event.lat)))
        rows = rows.filter(
            lat__range=(event.lat - d_lat, event.lat + d_lat), lon__range=(event.lon - d_lon, event.lon + d_lon)
        )
        return [r for r in rows[: limit * 2] if _distance_m(event.lat, event.lon, r.lat, r.lon) <= NEARBY_METRES][
            :limit
        ]
    return list(rows[:limit])


def police_events(event: MajorEvent, limit: int = 30) -> list:
    """The police's public events in the municipality since the day the event started."""
    from policedata.models import PoliceEvent

    since = event.started_at - datetime.timedelta(hours=12)
    end = event.closed_at or timezone.now()
    return list(
        PoliceEvent.objects.filter(
            municipality_id=event.municipality_id, occurred_at__gte=since, occurred_at__lte=end
        ).order_by("-occurred_at")[:limit]
    )

"""Every write to citizen promises (medborgarlöften) and their progress updates goes through these
functions, for the web pages, the API and the demo data alike; each records the audit log.

The four parts of a promise and its progress updates are published to citizens, so personal data
in them is checked with privacy.pii: a draft may be saved with findings (flagged, with a warning),
but publishing is refused while any remain unresolved (neither masked nor confirmed as not personal
data, privacy.services), and an update with unresolved personal data is never saved."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from audit import log as audit
from audit.models import AuditEntry
from privacy import services as privacy
from promises.models import CitizenPromise, PromiseUpdate
from tenancy.models import PoliceArea

TEXT_FIELDS = ["title", "situation_today", "what_we_do", "what_we_achieve", "follow_along"]
FIELDS = [
    *TEXT_FIELDS,
    "year",
    "police_area",
    "agreement",
    "decided_by",
    "decided_on",
    "order",
]
AUDIT_FIELDS = [*FIELDS, "published_at", "pii"]
UPDATE_FIELDS = ["date", "status", "text"]
DEFAULT_DECIDED_BY = gettext_lazy("Kommunstyrelsens ordförande och lokalpolisområdeschef")


class PromiseError(Exception):
    """An action the promise's state does not allow; the message is Swedish, for the user."""


class PersonalDataError(PromiseError):
    def __init__(self, message: str, findings: dict):
        super().__init__(message)
        self.findings = findings


def default_police_area(municipality) -> PoliceArea | None:
    """The police area covering the municipality (the first, if several do)."""
    return PoliceArea.objects.filter(municipalities=municipality).order_by("name").first()


def operative_agreements(municipality):
    return Agreement.objects.filter(municipality=municipality, kind=Agreement.Kind.OPERATIVE)


def find_personal_data(
    values: dict, *, promise: CitizenPromise | None = None, pii_confirmed: dict | None = None
) -> dict[str, list]:
    """{field name: unresolved findings} for the public texts in `values`: what is neither masked
    nor confirmed (for `promise`, or ticked now in `pii_confirmed`) as not personal data."""
    found: dict[str, list] = {}
    texts = {name: values.get(name) or "" for name in TEXT_FIELDS}
    target = promise if promise is not None else CitizenPromise()
    for f in privacy.unresolved(obj=target, fields=TEXT_FIELDS, texts=texts, also_confirmed=pii_confirmed):
        found.setdefault(f.field, []).append(f)
    return found


def _flags(found: dict) -> list[dict]:
    return [{"field": name, "kind": f.kind, "label": f.kind_label} for name, fs in found.items() for f in fs]


def _texts(promise: CitizenPromise) -> dict:
    return {n: getattr(promise, n) for n in TEXT_FIELDS}


def _apply(promise: CitizenPromise, data: dict, pii_confirmed: dict | None = None) -> None:
    for name in FIELDS:
        if name in data:
            setattr(promise, name, data[name])
    promise.pii = _flags(find_personal_data(_texts(promise), promise=promise, pii_confirmed=pii_confirmed))


def _refusal(found: dict) -> PersonalDataError:
    return PersonalDataError(privacy.refusal_message([f for fs in found.values() for f in fs]), found)


@transaction.atomic
def create_promise(municipality, actor, data: dict, *, pii_confirmed: dict | None = None) -> CitizenPromise:
    """A new, unpublished promise. `data`: title, the four parts (situation_today, what_we_do,
    what_we_achieve, follow_along), year, and optionally police_area (default: the one covering
    the municipality), agreement, focus_areas (FocusArea list), decided_by (default: the KS chair
    and the police area chief), decided_on, order. `pii_confirmed`: {field: finding texts} the
    user confirmed as not personal data."""
    data = dict(data)
    data.setdefault("police_area", default_police_area(municipality))
    data.setdefault("decided_by", str(DEFAULT_DECIDED_BY))
    promise = CitizenPromise(municipality=municipality, created_by=actor if actor and actor.is_authenticated else None)
    _apply(promise, data, pii_confirmed)
    promise.save()
    if data.get("focus_areas") is not None:
        promise.focus_areas.set(data["focus_areas"])
    audit.created(actor, promise, AUDIT_FIELDS)
    if pii_confirmed:
        privacy.confirm(obj=promise, confirmations=pii_confirmed, actor=actor)
    return promise


@transaction.atomic
def update_promise(promise: CitizenPromise, actor, data: dict, *, pii_confirmed: dict | None = None) -> CitizenPromise:
    """Change a promise. A published one stays published only while its texts are free of
    unresolved personal data: the change is refused otherwise."""
    before = audit.snapshot(promise, AUDIT_FIELDS)
    before_areas = sorted(promise.focus_areas.values_list("name", flat=True))
    _apply(promise, data, pii_confirmed)
    if promise.is_published and promise.pii:
        raise _refusal(find_personal_data(_texts(promise), promise=promise, pii_confirmed=pii_confirmed))
    promise.save()
    if pii_confirmed:
        privacy.confirm(obj=promise, confirmations=pii_confirmed, actor=actor)
    if data.get("focus_areas") is not None:
        promise.focus_areas.set(data["focus_areas"])
    after_areas = sorted(promise.focus_areas.values_list("name", flat=True))
    entry = audit.updated(actor, promise, before)
    if after_areas != before_areas:
        changes = dict(entry.changes) if entry else {}
        changes["focus_areas"] = [before_areas, after_areas]
        if entry:
            entry.changes = changes
            entry.save(update_fields=["changes"])
        else:
            audit.record(actor, AuditEntry.Action.UPDATE, promise, changes=changes)
    return promise


@transaction.atomic
def delete_promise(promise: CitizenPromise, actor) -> None:
    if promise.is_published:
        raise PromiseError(_("Ett publicerat löfte kan inte tas bort. Avpublicera det först."))
    audit.deleted(actor, promise, AUDIT_FIELDS)
    promise.delete()


@transaction.atomic
def publish_promise(promise: CitizenPromise, actor) -> CitizenPromise:
    """Make the promise public. Refused while any of its texts holds unresolved personal data,
    and while any of its progress updates does (they are public with it)."""
    found = find_personal_data(_texts(promise), promise=promise)
    if found:
        raise _refusal(found)
    for update in promise.updates.all():
        _check_update_text(update.text, update=update)
    if promise.is_published:
        return promise
    before = audit.snapshot(promise, ["published_at"])
    promise.published_at = timezone.now()
    promise.save(update_fields=["published_at", "updated_at"])
    audit.updated(actor, promise, before)
    return promise


@transaction.atomic
def unpublish_promise(promise: CitizenPromise, actor) -> CitizenPromise:
    if not promise.is_published:
        return promise
    before = audit.snapshot(promise, ["published_at"])
    promise.published_at = None
    promise.save(update_fields=["published_at", "updated_at"])
    audit.updated(actor, promise, before)
    return promise


def _check_update_text(text: str, *, update: PromiseUpdate | None = None, pii_confirmed: dict | None = None) -> None:
    target = update if update is not None else PromiseUpdate()
    found = privacy.unresolved(obj=target, fields=["text"], texts={"text": text or ""}, also_confirmed=pii_confirmed)
    if found:
        raise PersonalDataError(privacy.refusal_message(found), {"text": found})


@transaction.atomic
def add_update(promise: CitizenPromise, actor, data: dict, *, pii_confirmed: dict | None = None) -> PromiseUpdate:
    """A progress update: `data` has date, status (PromiseUpdate.Status) and text. Refused when
    the text holds unresolved personal data, since updates are public with the promise."""
    _check_update_text(data.get("text", ""), pii_confirmed=pii_confirmed)
    update = PromiseUpdate(
        promise=promise,
        date=data.get("date") or timezone.localdate(),
        status=data.get("status") or PromiseUpdate.Status.ON_TRACK,
        text=data["text"],
        created_by=actor if actor and actor.is_authenticated else None,
    )
    update.save()
    audit.created(actor, update, UPDATE_FIELDS, municipality=promise.municipality)
    if pii_confirmed:
        privacy.confirm(obj=update, confirmations=pii_confirmed, actor=actor)
    return update


@transaction.atomic
def edit_update(update: PromiseUpdate, actor, data: dict, *, pii_confirmed: dict | None = None) -> PromiseUpdate:
    _check_update_text(data.get("text", update.text), update=update, pii_confirmed=pii_confirmed)
    before = audit.snapshot(update, UPDATE_FIELDS)
    for name in UPDATE_FIELDS:
        if name in data:
            setattr(update, name, data[name])
    update.save()
    audit.updated(actor, update, before, municipality=update.promise.municipality)
    if pii_confirmed:
        privacy.confirm(obj=update, confirmations=pii_confirmed, actor=actor)
    return update


@transaction.atomic
def delete_update(update: PromiseUpdate, actor) -> None:
    audit.deleted(actor, update, UPDATE_FIELDS, municipality=update.promise.municipality)
    update.delete()


def published(municipality, year: int):
    """The promises citizens may see: published ones of that municipality and year."""
    return (
        CitizenPromise.objects.filter(municipality=municipality, year=year, published_at__isnull=False)
        .select_related("police_area")
        .prefetch_related("focus_areas", "updates")
        .order_by("order", "id")
    )


def published_years(municipality) -> list[int]:
    return sorted(
        set(
            CitizenPromise.objects.filter(municipality=municipality, published_at__isnull=False).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )


def parse_year(value, default: int) -> int:
    """The ?ar= year, or `default` when it is missing or not a sensible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def current_year() -> int:
    return timezone.localdate().year

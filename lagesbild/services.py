"""Every write to a situation picture (lägesbild) goes through these functions, views and API
alike, and each records itself in the audit log. A frozen picture never changes again."""

import datetime
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area
from audit import log as audit
from audit.models import AuditEntry
from lagesbild import changes
from lagesbild.models import SituationPicture, SituationSettings
from privacy import services as privacy
from samtrygg import dates
from samtrygg.dates import format_date, period_label
from samtrygg.inputs import parse_id
from tenancy.models import Municipality

Period = SituationPicture.Period
TEXT_FIELDS = ["mapping", "other_information", "analysis", "current_situation"]
AUDIT_FIELDS = ["title", "period", "date_from", "date_to", *TEXT_FIELDS, "frozen_at"]
# The parts of the computed figures that a frozen picture keeps and that are compared with live data.
FIGURE_KEYS = [
    "period",
    "scope",
    "totals",
    "by_category",
    "by_area",
    "weekday_hour",
    "comparison",
    "recurring_places",
    "hotspots",
    "police_events",
    "points",
    "by_age_group",
]
# Also frozen (a frozen picture keeps all its figures) but not compared with live data: how
# current each source was and whether the period was ongoing, as of the day it was fastställd.
FROZEN_CONTEXT_KEYS = ["coverage", "ongoing", "as_of"]


class PictureFrozen(Exception):
    """The picture is fastställd: its figures and texts may not change."""


class InvalidPicture(ValueError):
    pass


class PeriodOngoing(Exception):
    """The picture's period has not ended: fastställ it only with an explicit confirmation."""


# ---- periods (dates are Europe/Stockholm calendar days) ------------------------------------


def format_range(date_from, date_to) -> str:
    return f"{format_date(date_from)} – {format_date(date_to)}"


def default_title(municipality: Municipality, kind: str, date_from, date_to) -> str:
    return _("Lägesbild %(name)s %(period)s") % {
        "name": municipality.name,
        "period": period_label(kind, date_from, date_to),
    }


# ---- the figures --------------------------------------------------------------------------


def compute(municipalities, date_from, date_to, areas=None, *, age: str | None = None) -> dict:
    """The live figures, JSON-ready (dates as ISO strings, tuples as lists); `age` narrows the
    EST figures (lagesbild.compute.AGE_FILTERS)."""
    from lagesbild.compute import situation_picture

    data = situation_picture(list(municipalities), date_from, date_to, areas=list(areas) if areas else None, age=age)
    return json.loads(json.dumps(data, default=str))


def live_data(picture: SituationPicture) -> dict:
    """The figures as they are now, for the picture's municipality, areas and period."""
    return compute([picture.municipality], picture.date_from, picture.date_to, list(picture.areas.all()) or None)


def figures_differ(frozen: dict | None, live: dict) -> bool:
    """Whether live data has changed since the picture was fastställd."""
    if frozen is None:
        return False
    # A key a picture frozen before it existed is not compared: it has nothing to differ from.
    return any(frozen[key] != _shaped_like(frozen[key], live.get(key)) for key in FIGURE_KEYS if key in frozen)


def _shaped_like(frozen, live):
    """`live` with only the dict keys `frozen` has (at every depth): a field added to the figures
    after a picture was fastställd (e.g. comparison.change_abs) is not a change of its figures."""
    if isinstance(frozen, dict) and isinstance(live, dict):
        return {key: _shaped_like(frozen[key], live.get(key)) for key in frozen}
    if isinstance(frozen, list) and isinstance(live, list) and len(frozen) == len(live):
        return [_shaped_like(f, v) for f, v in zip(frozen, live, strict=True)]
    return live


def picture_data(picture: SituationPicture) -> tuple[dict, bool]:
    """What the picture shows: the frozen figures (and whether live data differs from them)
    once fastställd, else the live figures."""
    if picture.is_frozen and picture.data is not None:
        # A fingerprint of the data under the figures, not a recount (lagesbild/changes.py);
        # only a picture fastställd before fingerprints were kept is compared with live figures.
        changed = changes.changed_since_frozen(picture)
        if changed is None:
            changed = figures_differ(picture.data, live_data(picture))
        return picture.data, changed
    return live_data(picture), False


# ---- writes -------------------------------------------------------------------------------


def _locked(picture: SituationPicture) -> SituationPicture:
    """The picture re-read under a row lock; refused if it is frozen."""
    current = SituationPicture.objects.select_for_update().get(pk=picture.pk)
    if current.is_frozen:
        raise PictureFrozen(_("Lägesbilden är fastställd och kan inte ändras."))
    return current


@transaction.atomic
def create_picture(
    municipality: Municipality,
    actor,
    *,
    period: str = Period.MONTH,
    date_from: datetime.date,
    date_to: datetime.date,
    areas=(),
    title: str = "",
) -> SituationPicture:
    if date_to < date_from:
        raise InvalidPicture(_("Slutdatum kan inte vara före startdatum."))
    if period not in Period.values:
        raise InvalidPicture(_("Okänd period."))
    areas = list(areas or [])
    if any(getattr(a, "municipality_id", None) != municipality.id for a in areas):
        raise InvalidPicture(_("Områdena måste höra till kommunen."))
    picture = SituationPicture.objects.create(
        municipality=municipality,
        title=(title or "").strip()[:200] or default_title(municipality, period, date_from, date_to),
        period=period,
        date_from=date_from,
        date_to=date_to,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if areas:
        picture.areas.set(areas)
    audit.record(
        actor,
        AuditEntry.Action.CREATE,
        picture,
        changes={**audit.snapshot(picture, AUDIT_FIELDS), "areas": ", ".join(sorted(a.name for a in areas))},
    )
    return picture


@transaction.atomic
def update_assessment(picture: SituationPicture, actor, **texts) -> SituationPicture:
    """Change the assessment texts (and the title). Refused when the picture is frozen."""
    unknown = set(texts) - {*TEXT_FIELDS, "title"}
    if unknown:
        raise InvalidPicture(f"unknown fields: {sorted(unknown)}")
    current = _locked(picture)
    before = audit.snapshot(current, AUDIT_FIELDS)
    for name, value in texts.items():
        value = (value or "").strip()
        if name == "title":
            value = value[:200] or current.title
        setattr(current, name, value)
    current.save()
    audit.updated(actor, current, before)
    _refresh(picture, current)
    return picture


@transaction.atomic
def freeze(picture: SituationPicture, actor, *, confirm_ongoing: bool = False) -> SituationPicture:
    """Fastställ the picture: store today's figures with it; afterwards nothing changes. A period
    that has not ended (lagesbild.coverage.is_ongoing) is refused with PeriodOngoing unless
    `confirm_ongoing`: its figures are not final."""
    from lagesbild import coverage

    if not confirm_ongoing and coverage.is_ongoing(picture.date_to):
        raise PeriodOngoing(ongoing_question(picture))
    current = _locked(picture)
    # nothing with unmasked, unconfirmed personal data in its texts is fastställd (issue 10)
    privacy.ensure_resolved(obj=current, fields=TEXT_FIELDS)
    before = audit.snapshot(current, AUDIT_FIELDS)
    current.data = live_data(current)
    current.data[changes.KEY] = changes.fingerprint(current)
    current.frozen_at = timezone.now()
    current.save(update_fields=["data", "frozen_at", "updated_at"])
    audit.updated(actor, current, before)
    _refresh(picture, current)
    return picture


def ongoing_question(picture: SituationPicture) -> str:
    """The confirmation an ongoing period asks for before it is fastställd."""
    return _("Perioden %(period)s pågår fortfarande (t.o.m. %(today)s). Vill du ändå fastställa den?") % {
        "period": period_label(picture.period, picture.date_from, picture.date_to),
        "today": format_date(dates.local_today()),
    }


def _refresh(picture: SituationPicture, current: SituationPicture) -> None:
    for field in SituationPicture._meta.concrete_fields:
        setattr(picture, field.attname, getattr(current, field.attname))


def areas_for(municipality: Municipality, ids) -> list[Area]:
    parsed = [parse_id(str(i).strip()) for i in ids]
    if None in parsed:
        raise InvalidPicture(_("Okänt område."))
    ids = parsed
    areas = list(Area.objects.filter(municipality=municipality, pk__in=ids))
    if len(areas) != len(set(ids)):
        raise InvalidPicture(_("Okänt område."))
    return areas


# ---- the municipality's lägesbild settings ------------------------------------------------


@transaction.atomic
def set_est_start(*, municipality: Municipality, actor, est_start: datetime.date | None) -> SituationSettings:
    """Set (or clear, with None) the day the municipality began reporting in EST; EST figures
    before it are "saknas" (lagesbild/coverage.py)."""
    if est_start is not None and est_start > dates.local_today():
        raise InvalidPicture(_("Startdagen kan inte ligga i framtiden."))
    settings, created = SituationSettings.objects.select_for_update().get_or_create(municipality=municipality)
    before = {} if created else audit.snapshot(settings, ["est_start"])
    settings.est_start = est_start
    settings.save()
    if created:
        audit.created(actor, settings, ["est_start"])
    else:
        audit.updated(actor, settings, before)
    return settings

"""Every write to walks, participants and observations goes through these functions (pages and
API alike), and each records itself in the audit log."""

import datetime
from collections.abc import Collection

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from incidents.services import mask_text
from privacy import pii
from samtrygg import inputs, uploads
from tenancy.models import Municipality, Organisation
from walks import photos
from walks.models import ORIGINAL_KEPT_DAYS, RATING_FIELDS, Observation, ObservationPhoto, Walk, WalkParticipant

WALK_FIELDS = ["title", "area", "route", "starts_at", "ends_at", "meeting_point", "purpose", "status"]
# a change of any of these makes the calendar entry out of date
CALENDAR_FIELDS = ("starts_at", "ends_at", "meeting_point", "status")


class WalkError(ValueError):
    """Bad input with a Swedish message for the page or the API (422)."""

    def __init__(self, message: str, field: str = "__all__"):
        super().__init__(message)
        self.field = field


@transaction.atomic
def create_walk(*, municipality: Municipality, actor, title: str, starts_at: datetime.datetime, **fields) -> Walk:
    area = fields.get("area")
    if area is not None and area.municipality_id != municipality.id:
        raise WalkError(_("Området hör inte till kommunen."), "area")
    walk = Walk.objects.create(
        municipality=municipality, title=title.strip(), starts_at=starts_at, created_by=actor, **fields
    )
    audit.created(actor, walk, WALK_FIELDS)
    return walk


@transaction.atomic
def update_walk(*, walk: Walk, actor, **fields) -> Walk:
    before = audit.snapshot(walk, WALK_FIELDS)
    for name, value in fields.items():
        setattr(walk, name, value)
    calendar_changed = any(audit._plain(fields[f]) != before.get(f) for f in CALENDAR_FIELDS if f in fields)
    if calendar_changed:
        walk.sequence += 1
    walk.save()
    audit.updated(actor, walk, before)
    if calendar_changed and walk.participants.filter(invitation_sent_at__isnull=False).exists():
        from walks import mail

        # those invited get the moved or cancelled calendar entry (same UID, higher SEQUENCE)
        transaction.on_commit(lambda: mail.send_invitations(walk.pk, changed=True))
    return walk


@transaction.atomic
def add_participant(
    *,
    walk: Walk,
    actor,
    user=None,
    organisation: Organisation | None = None,
    name: str = "",
    email: str = "",
    kind: str = WalkParticipant.Kind.WALKER,
) -> WalkParticipant:
    if user is None and organisation is None and not name.strip():
        raise WalkError(_("Ange en användare, en organisation eller ett namn."), "name")
    if organisation is not None and organisation.municipality_id != walk.municipality_id:
        raise WalkError(_("Organisationen hör inte till kommunen."), "organisation")
    participant = WalkParticipant.objects.create(
        walk=walk, user=user, organisation=organisation, name=name.strip(), email=email.strip(), kind=kind
    )
    audit.created(actor, participant, ["walk", "user", "organisation", "name", "kind"], municipality=walk.municipality)
    return participant


@transaction.atomic
def remove_participant(*, participant: WalkParticipant, actor) -> None:
    audit.deleted(
        actor, participant, ["walk", "user", "organisation", "name", "kind"], municipality=participant.walk.municipality
    )
    participant.delete()


def _observation_snapshot(observation: Observation) -> dict:
    """The audited fields: the masked text (masked again, as for EST reports), never the original."""
    values = audit.snapshot(observation, ["walk", "lat", "lon", "category", "text", "client_id"])
    values["text"] = pii.mask(values["text"])[0]
    values["original_kept"] = bool(observation.text_original)
    return values


def _without_original(findings: list[dict]) -> list[dict]:
    return [{k: v for k, v in f.items() if k not in ("original_start", "original_end")} for f in findings]


def record_observation(
    *,
    walk: Walk,
    actor,
    lat: float,
    lon: float,
    category,
    text: str,
    client_id: str,
    not_pii: Collection[str] = (),
    ratings: dict[str, int | None] | None = None,
) -> tuple[Observation, bool]:
    """(the observation, created). The same client_id on the same walk returns the one stored
    before, unchanged: a phone that lost the answer sends again and nothing is stored twice."""
    client_id = client_id.strip()
    if not client_id or len(client_id) > 64:
        raise WalkError(_("Klient-id saknas eller är för långt (högst 64 tecken)."), "client_id")
    existing = Observation.objects.filter(walk=walk, client_id=client_id).first()
    if existing is not None:
        return existing, False
    if category.municipality_id != walk.municipality_id:
        raise WalkError(_("Okänd kategori."), "category")
    if not inputs.valid_position(lat, lon):
        raise WalkError(_("Positionen är ogiltig."), "lat")
    ratings = ratings or {}
    allowed = {name for name, _label in RATING_FIELDS}
    for name, value in ratings.items():
        if name not in allowed:
            raise WalkError(_("Okänd bedömningsfaktor."), name)
        if value is not None and not 0 <= int(value) <= 3:
            raise WalkError(_("Bedömningen ska vara 0–3."), name)
    written = text.strip()
    masked, findings = mask_text(written, not_pii=frozenset(not_pii))
    if masked == written:
        findings = _without_original(findings)
    try:
        # two uploads of the same client_id at once: the unique constraint lets one in
        with transaction.atomic():
            observation = Observation.objects.create(
                walk=walk,
                lat=round(lat, 6),
                lon=round(lon, 6),
                category=category,
                text=masked,
                text_original=written if masked != written else "",
                pii=findings,
                client_id=client_id,
                created_by=actor if actor is not None and actor.is_authenticated else None,
                **{k: v for k, v in ratings.items() if v is not None},
            )
            audit.record(
                actor,
                AuditEntry.Action.CREATE,
                observation,
                changes=_observation_snapshot(observation),
                municipality=walk.municipality,
            )
    except IntegrityError:
        return Observation.objects.get(walk=walk, client_id=client_id), False
    return observation, True


@transaction.atomic
def add_photo(*, observation: Observation, actor, upload) -> ObservationPhoto:
    try:
        content, width, height = photos.clean_photo(upload)
    except photos.PhotoError as exc:
        raise WalkError(str(exc), "photo") from exc
    photo = ObservationPhoto(observation=observation, width=width, height=height, uploaded_by=actor)
    with uploads.removed_on_error(photo.file):
        photo.file.save("photo.jpg", content, save=False)
        photo.save()
        audit.created(actor, photo, ["observation", "width", "height"], municipality=observation.walk.municipality)
    return photo


@transaction.atomic
def approve_photo(*, photo: ObservationPhoto, actor, approved: bool) -> ObservationPhoto:
    before = audit.snapshot(photo, ["approved_for_publication"])
    photo.approved_for_publication = approved
    photo.save(update_fields=["approved_for_publication"])
    audit.updated(actor, photo, before, municipality=photo.observation.walk.municipality)
    return photo


def drop_original(*, observation: Observation, actor=None) -> bool:
    """Delete the text as written (once the coordinator has made proposals from it)."""
    if not observation.text_original:
        return False
    before = _observation_snapshot(observation)
    observation.text_original = ""
    observation.pii = _without_original(observation.pii)
    observation.save(update_fields=["text_original", "pii"])
    audit.record(
        actor,
        AuditEntry.Action.UPDATE,
        observation,
        changes=audit.diff(before, _observation_snapshot(observation)),
        municipality=observation.walk.municipality,
    )
    return True


def clear_expired_originals(*, now: datetime.datetime | None = None) -> int:
    """Delete the originals older than ORIGINAL_KEPT_DAYS (run daily with mask_pii_originals' cron)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=ORIGINAL_KEPT_DAYS)
    cleared = 0
    for observation in (
        Observation.objects.filter(created_at__lt=cutoff).exclude(text_original="").select_related("walk__municipality")
    ):
        with transaction.atomic():
            cleared += drop_original(observation=observation)
    return cleared

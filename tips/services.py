"""Residents' tips: submitted without login, masked before anyone but the coordinator reads them,
reviewed like EST reports (rejected with a reason, or turned into a proposal routed to its owner
through walks.proposals), followed up by e-mail to the tipper who left an address, who may say
"inte åtgärdat" once. The address is deleted when the tip is closed. Every write is audit-logged;
the tipper's own writes are logged as the system, with the masked text only."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from incidents.services import mask_text
from samtrygg import uploads
from samtrygg.dates import local_today
from tenancy.models import Municipality, Organisation
from tips.models import Tip
from walks import photos
from walks import proposals as proposal_services
from walks.models import Proposal, WalkCategory
from walks.services import WalkError

MAX_TEXT = 2000
# Sweden's extent with a margin: a point outside it is a slip of the finger, not a tip.
LAT_RANGE = (55.0, 69.2)
LON_RANGE = (10.5, 24.3)
# The tipper's "inte åtgärdat" link works this long after the tip is done.
REOPEN_DAYS = 60
# How long a tip's unmasked text is kept at most, as for EST reports and walk observations.
ORIGINAL_KEPT_DAYS = 30
AUDIT_FIELDS = ["kind", "category", "lat", "lon", "text", "status", "reject_reason", "proposal"]


class TipError(ValueError):
    def __init__(self, message: str, field: str = "__all__"):
        super().__init__(message)
        self.field = field


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _snapshot(tip: Tip) -> dict:
    values = audit.snapshot(tip, AUDIT_FIELDS)
    values["email_kept"] = bool(tip.email)
    return values


def validate(
    *, municipality: Municipality, lat, lon, text: str, email: str = "", category: WalkCategory | None = None
) -> dict[str, str]:
    """{field: Swedish message} for everything wrong with a tip; empty when it may be stored."""
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Beskriv platsen eller problemet.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Texten är för lång (högst %(n)s tecken, du skrev %(m)s).") % {"n": MAX_TEXT, "m": len(text)}
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        errors["lat"] = _("Markera platsen på kartan.")
    else:
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            errors["lat"] = _("Platsen ligger utanför Sverige. Markera platsen på kartan igen.")
    if email:
        try:
            validate_email(email.strip())
        except ValidationError:
            errors["email"] = _("E-postadressen ser inte ut att stämma. Kontrollera den eller lämna fältet tomt.")
    if category is not None and category.municipality_id != municipality.pk:
        errors["category"] = _("Okänd kategori.")
    return errors


@transaction.atomic
def submit_tip(
    *,
    municipality: Municipality,
    lat: float,
    lon: float,
    text: str,
    email: str = "",
    category: WalkCategory | None = None,
    kind: str = Tip.Kind.PLACE,
    photo=None,
) -> Tip:
    """Store a resident's tip; TipError (with its field) when something is wrong."""
    errors = validate(municipality=municipality, lat=lat, lon=lon, text=text, email=email, category=category)
    if errors:
        field, message = next(iter(errors.items()))
        raise TipError(message, field)
    if kind not in Tip.Kind.values:
        kind = Tip.Kind.PLACE
    written = text.strip()
    masked, findings = mask_text(written)
    tip = Tip(
        municipality=municipality,
        kind=kind,
        category=category,
        lat=round(float(lat), 6),
        lon=round(float(lon), 6),
        text=masked,
        text_original=written if masked != written else "",
        pii=[{k: v for k, v in f.items() if k not in ("original_start", "original_end")} for f in findings],
        email=(email or "").strip(),
        token_hash=token_hash(secrets.token_urlsafe(32)),
    )
    if photo is not None:
        try:
            content, _w, _h = photos.clean_photo(photo)
        except photos.PhotoError as exc:
            raise TipError(str(exc), "photo") from exc
    with uploads.removed_on_error(tip.photo):  # no photo left on disk without its tip
        if photo is not None:
            tip.photo.save("photo.jpg", content, save=False)
        tip.save()
        audit.record(None, AuditEntry.Action.CREATE, tip, changes=_snapshot(tip), municipality=municipality)
    return tip


def _close(tip: Tip) -> None:
    """A closed tip keeps nothing personal: the address and the unmasked text go."""
    tip.email = ""
    tip.text_original = ""
    tip.closed_at = timezone.now()


@transaction.atomic
def reject_tip(*, tip: Tip, actor, reason: str) -> Tip:
    from tips import mail

    reason = (reason or "").strip()
    if not reason:
        raise TipError(_("Ange varför tipset avvisas."), "reason")
    if tip.status not in (Tip.Status.NEW, Tip.Status.REOPENED):
        raise TipError(_("Tipset är redan hanterat (%(s)s).") % {"s": tip.get_status_display()})
    before = _snapshot(tip)
    address = tip.email
    tip.status = Tip.Status.REJECTED
    tip.reject_reason = reason
    tip.reviewed_by = actor
    _close(tip)
    tip.save()
    audit.updated(actor, tip, before)
    if address:
        transaction.on_commit(lambda: mail.send_rejected(tip, address))
    return tip


@transaction.atomic
def route_tip(
    *,
    tip: Tip,
    actor,
    title: str,
    owner_organisation: Organisation,
    answer_by: datetime.date,
    owner_name: str = "",
    owner_email: str = "",
    description: str | None = None,
) -> Proposal:
    """Turn the tip into a proposal (without a walk) routed to its owner through the walk proposal
    service; it is sent at once when the owner has a contact address."""
    from tips import mail

    if tip.status not in (Tip.Status.NEW, Tip.Status.REOPENED):
        raise TipError(_("Tipset är redan hanterat (%(s)s).") % {"s": tip.get_status_display()})
    if answer_by < local_today():
        raise TipError(_("Svarsdatumet har redan passerat."), "answer_by")
    try:
        proposal = proposal_services.create_proposal(
            municipality=tip.municipality,
            actor=actor,
            title=title,
            owner_organisation=owner_organisation,
            answer_by=answer_by,
            description=tip.text if description is None else description,
            owner_name=owner_name,
            owner_email=owner_email,
        )
        if proposal.owner_email:
            proposal_services.send_proposals(proposals=[proposal], actor=actor)
    except WalkError as exc:
        raise TipError(str(exc), exc.field) from exc
    before = _snapshot(tip)
    tip.status = Tip.Status.ROUTED
    tip.proposal = proposal
    tip.reviewed_by = actor
    tip.text_original = ""  # the proposal carries the masked text; the original is no longer needed
    tip.save()
    audit.updated(actor, tip, before)
    if tip.email:
        address = tip.email
        transaction.on_commit(lambda: mail.send_routed(tip, address))
    return proposal


@transaction.atomic
def close_tip(*, tip: Tip, actor) -> Tip:
    """The coordinator closes a tip (after a decline, or a reopened tip that needs nothing more)."""
    if tip.status in Tip.CLOSED_STATUSES:
        raise TipError(_("Tipset är redan avslutat."))
    before = _snapshot(tip)
    tip.status = Tip.Status.CLOSED
    _close(tip)
    tip.save()
    audit.updated(actor, tip, before)
    return tip


def find_by_token(token: str) -> Tip | None:
    return Tip.objects.select_related("municipality").filter(token_hash=token_hash(token or "")).first()


@transaction.atomic
def reopen_tip(*, tip: Tip) -> Tip:
    """The tipper says "inte åtgärdat" through the link in the done mail: once, within REOPEN_DAYS.
    The tip opens again for the coordinator."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if tip.reopened_at is not None:
        raise TipError(_("Du har redan sagt att det inte är åtgärdat. Kommunen har fått ditt besked."))
    if tip.status != Tip.Status.DONE:
        raise TipError(_("Tipset är inte markerat som åtgärdat, så det finns inget att öppna igen."))
    if tip.closed_at and timezone.now() - tip.closed_at > datetime.timedelta(days=REOPEN_DAYS):
        raise TipError(_("Länken gällde i %(n)s dagar och har gått ut.") % {"n": REOPEN_DAYS})
    before = _snapshot(tip)
    tip.status = Tip.Status.REOPENED
    tip.reopened_at = timezone.now()
    tip.save()
    audit.updated(None, tip, before, municipality=tip.municipality)
    return tip


def proposal_changed(*, proposal: Proposal, old: str | None, new: str) -> None:
    """Tell the tippers behind a proposal what its owner answered; done closes their tips (the mail
    carries the "inte åtgärdat" link, and the address is deleted)."""
    from tips import mail

    if new not in (Proposal.Status.ACCEPTED, Proposal.Status.DONE, Proposal.Status.DECLINED):
        return
    for tip in Tip.objects.filter(proposal=proposal, status=Tip.Status.ROUTED).select_related("municipality"):
        address = tip.email
        if new == Proposal.Status.DONE:
            token = secrets.token_urlsafe(32)
            before = _snapshot(tip)
            tip.token_hash = token_hash(token)
            tip.status = Tip.Status.DONE
            _close(tip)
            tip.save()
            audit.updated(None, tip, before, municipality=tip.municipality)
            if address:
                transaction.on_commit(lambda tip=tip, a=address, t=token: mail.send_done(tip, a, t))
        elif address:
            transaction.on_commit(lambda tip=tip, a=address, p=proposal: mail.send_answered(tip, a, p))


def follow_reroute(*, proposal: Proposal) -> None:
    """A declined proposal routed to another owner: the tips behind it follow the new proposal."""
    if proposal.rerouted_from_id:
        Tip.objects.filter(proposal_id=proposal.rerouted_from_id).update(proposal=proposal)


def clear_expired_originals(*, now: datetime.datetime | None = None) -> int:
    """Drop the unmasked text of tips older than ORIGINAL_KEPT_DAYS (daily, by command)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=ORIGINAL_KEPT_DAYS)
    cleared = 0
    for tip in Tip.objects.filter(created_at__lt=cutoff).exclude(text_original="").select_related("municipality"):
        with transaction.atomic():
            tip.text_original = ""
            tip.save(update_fields=["text_original", "updated_at"])
            audit.record(
                None,
                AuditEntry.Action.UPDATE,
                tip,
                changes={"original_kept": [True, False]},
                municipality=tip.municipality,
            )
            cleared += 1
    return cleared

"""Residents' subscriptions to walk feedback: to one walk or to every walk of a municipality.
Double opt-in: nothing is sent but the confirmation until its link is opened. Every mail carries
the link that ends the subscription, which deletes the address at once."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from tenancy.models import Municipality
from tips.models import Subscription
from tips.services import TipError
from walks.models import Walk


@transaction.atomic
def subscribe(*, municipality: Municipality, email: str, walk: Walk | None = None) -> Subscription:
    """Ask for a subscription: the confirmation mail goes out (again, for one not confirmed yet)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from tips import mail

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise TipError(_("Ange en giltig e-postadress."), "email") from exc
    if walk is not None and walk.municipality_id != municipality.pk:
        raise TipError(_("Okänd vandring."), "walk")
    subscription, created = Subscription.objects.get_or_create(
        municipality=municipality, walk=walk, email=email, defaults={"token": secrets.token_urlsafe(32)}
    )
    if created:
        audit.record(
            None,
            AuditEntry.Action.CREATE,
            subscription,
            changes={"walk": walk.pk if walk else None},
            municipality=municipality,
            object_repr=_("Prenumeration på återkoppling"),
        )
    if subscription.confirmed_at is None:
        transaction.on_commit(lambda: mail.send_confirm_subscription(subscription))
    return subscription


@transaction.atomic
def confirm(*, token: str) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).select_related("municipality", "walk").first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        audit.record(
            None,
            AuditEntry.Action.UPDATE,
            subscription,
            changes={"confirmed": True},
            municipality=subscription.municipality,
            object_repr=_("Prenumeration på återkoppling"),
        )
    return subscription


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return False
    audit.record(
        None,
        AuditEntry.Action.DELETE,
        subscription,
        changes={"walk": subscription.walk_id},
        municipality=subscription.municipality,
        object_repr=_("Prenumeration på återkoppling"),
    )
    subscription.delete()
    return True


def recipients(walk: Walk) -> list[Subscription]:
    """Confirmed subscriptions to this walk or to its municipality, one per address."""
    from django.db.models import Q

    rows = Subscription.objects.filter(
        Q(walk=walk) | Q(walk__isnull=True), municipality_id=walk.municipality_id, confirmed_at__isnull=False
    ).order_by("walk_id", "id")
    seen, out = set(), []
    for s in rows:
        if s.email not in seen:
            seen.add(s.email)
            out.append(s)
    return out

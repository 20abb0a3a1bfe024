"""The personal links owners answer through without an account. The secret is random and only
its SHA-256 is stored, so a copy of the database opens nothing; a link opens the proposals of its
own organisation in its own municipality, until it expires or is revoked."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import log as audit
from audit.models import AuditEntry
from tenancy.models import Municipality, Organisation
from walks.models import OwnerLink, Proposal

LINK_DAYS = 90


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("walks_owner:answer", kwargs={"token": token})


@transaction.atomic
def issue_link(
    *, municipality: Municipality, organisation: Organisation, email: str, name: str = "", actor=None
) -> tuple[OwnerLink, str]:
    """(the link, its secret). The secret is given once, for the e-mail; it cannot be read back."""
    token = secrets.token_urlsafe(32)
    link = OwnerLink.objects.create(
        municipality=municipality,
        organisation=organisation,
        email=email,
        name=name,
        token_hash=_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.created(actor, link, ["organisation", "email", "expires_at"])
    return link, token


def resolve(token: str, *, now: datetime.datetime | None = None) -> OwnerLink | None:
    """The valid link for a secret, or None (unknown, expired or revoked alike)."""
    if not token or len(token) > 100:
        return None
    link = OwnerLink.objects.select_related("municipality", "organisation").filter(token_hash=_hash(token)).first()
    now = now or timezone.now()
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        return None
    return link


def proposals_for(link: OwnerLink):
    """What the link opens: its organisation's proposals in its municipality, sent or later."""
    return (
        Proposal.objects.filter(municipality=link.municipality, owner_organisation=link.organisation)
        .exclude(status=Proposal.Status.NEW)
        .select_related("walk", "owner_organisation")
        .prefetch_related("answers", "observations__category")
    )


@transaction.atomic
def revoke(*, link: OwnerLink, actor) -> OwnerLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit.record(actor, AuditEntry.Action.UPDATE, link, changes={"revoked_at": [None, link.revoked_at.isoformat()]})
    return link

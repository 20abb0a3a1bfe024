"""Reminders to owners (`manage.py send_proposal_reminders`, daily): a proposal is reminded of
before its answer-by date, when that date has passed without an answer, and when its planned date
has passed without "done". All of an owner's proposals go in one e-mail, and an owner (organisation
and address) gets at most one reminder a week, however many proposals wait."""

import datetime

from django.db import transaction
from django.utils import timezone

from walks import owner_links
from walks.models import OwnerReminder, Proposal

DUE_SOON_DAYS = 7
MIN_INTERVAL = datetime.timedelta(days=7)


def waiting(today: datetime.date) -> dict[tuple[int, str], dict[str, list[Proposal]]]:
    """{(organisation id, address): {"due_soon"|"overdue"|"planned_passed": [proposals]}}."""
    owners: dict[tuple[int, str], dict[str, list[Proposal]]] = {}
    candidates = (
        Proposal.objects.filter(status__in=(Proposal.Status.SENT, Proposal.Status.ACCEPTED))
        .exclude(owner_email="")
        .select_related("municipality", "owner_organisation", "walk")
        .order_by("answer_by", "id")
    )
    for proposal in candidates:
        if proposal.status == Proposal.Status.SENT:
            if proposal.answer_by < today:
                kind = "overdue"
            elif proposal.answer_by <= today + datetime.timedelta(days=DUE_SOON_DAYS):
                kind = "due_soon"
            else:
                continue
        elif proposal.planned_date and proposal.planned_date < today:
            kind = "planned_passed"
        else:
            continue
        key = (proposal.owner_organisation_id, proposal.owner_email.lower())
        owners.setdefault(key, {}).setdefault(kind, []).append(proposal)
    return owners


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders due; returns how many e-mails went out."""
    from walks import mail

    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for (organisation_id, email), groups in waiting(today).items():
        with transaction.atomic():
            recent = OwnerReminder.objects.select_for_update().filter(
                organisation_id=organisation_id, email=email, sent_at__gt=now - MIN_INTERVAL
            )
            if recent.exists():
                continue
            proposals = [p for group in groups.values() for p in group]
            first = proposals[0]
            # only the hash of earlier links is stored, so each reminder carries a fresh link
            link, token = owner_links.issue_link(
                municipality=first.municipality,
                organisation=first.owner_organisation,
                email=first.owner_email,
                name=first.owner_name,
            )
            reminder = OwnerReminder.objects.create(
                municipality=first.municipality, organisation_id=organisation_id, email=email, sent_at=now
            )
            reminder.proposals.set(proposals)
            transaction.on_commit(lambda link=link, token=token, groups=groups: mail.send_reminder(link, token, groups))
        sent += 1
    return sent

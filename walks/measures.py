"""The measure the seeds ask for, per walk, per owner and per year: of the proposals sent to their
owners, the share answered by their answer-by date, the median days from sending to the first
answer, the share done, how many were declined (always with a reason) and how many are open.

A proposal that was declined and routed to another owner counts as declined for the first owner;
its copy counts for the new owner."""

import datetime
import statistics

from django.utils import timezone

from samtrygg.dates import local_today
from walks.models import Proposal

OPEN = (Proposal.Status.SENT, Proposal.Status.ACCEPTED)
DECLINED = (Proposal.Status.DECLINED, Proposal.Status.REROUTED)


def measures(proposals, *, today: datetime.date | None = None) -> dict:
    """{sent, answered, answered_on_time, due, share_answered_on_time, median_days_to_answer,
    done, share_done, declined, open}. Shares are fractions 0–1, or None with nothing to divide."""
    today = today or local_today()
    rows = list(proposals.exclude(status=Proposal.Status.NEW).prefetch_related("answers"))
    days, on_time, due, answered = [], 0, 0, 0
    for proposal in rows:
        answers = sorted(proposal.answers.all(), key=lambda a: (a.answered_at, a.pk))
        first = timezone.localdate(answers[0].answered_at) if answers else None
        if first is not None or proposal.answer_by < today:
            due += 1
        if first is not None:
            answered += 1
            if first <= proposal.answer_by:
                on_time += 1
            if proposal.sent_at:
                days.append((first - timezone.localdate(proposal.sent_at)).days)
    done = sum(1 for p in rows if p.status == Proposal.Status.DONE)
    sent = len(rows)
    return {
        "sent": sent,
        "answered": answered,
        "due": due,
        "answered_on_time": on_time,
        "share_answered_on_time": on_time / due if due else None,
        "median_days_to_answer": statistics.median(days) if days else None,
        "done": done,
        "share_done": done / sent if sent else None,
        "declined": sum(1 for p in rows if p.status in DECLINED),
        "open": sum(1 for p in rows if p.status in OPEN),
    }


def for_walk(walk, **kw) -> dict:
    return measures(Proposal.objects.filter(walk=walk), **kw)


def for_year(municipality, year: int, **kw) -> dict:
    """The proposals sent in a calendar year (local time)."""
    return measures(_sent_in(municipality, year), **kw)


def by_owner(municipality, year: int | None = None, **kw) -> list[dict]:
    """[{organisation_id, organisation, ...measures}] for each owner, by name."""
    proposals = _sent_in(municipality, year) if year else Proposal.objects.filter(municipality=municipality)
    owners = (
        proposals.exclude(status=Proposal.Status.NEW)
        .values_list("owner_organisation_id", "owner_organisation__name")
        .distinct()
        .order_by("owner_organisation__name")
    )
    return [
        {"organisation_id": oid, "organisation": name} | measures(proposals.filter(owner_organisation_id=oid), **kw)
        for oid, name in owners
    ]


def _sent_in(municipality, year: int):
    from samtrygg.dates import local_day_start

    start = local_day_start(datetime.date(year, 1, 1))
    end = local_day_start(datetime.date(year + 1, 1, 1))
    return Proposal.objects.filter(municipality=municipality, sent_at__gte=start, sent_at__lt=end)

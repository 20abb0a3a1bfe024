"""What needs the coordinator's attention in a municipality's walks and tips: proposals past their
answer-by date without an answer, accepted ones whose planned date passed without "done", ones still
waiting for an answer, and residents' tips to review. Read by the start page, the quarterly KSAU
report and the yearly follow-up."""

import datetime

from django.db.models import Q

from walks.models import Proposal


def overdue(municipality, today: datetime.date):
    """Sent and unanswered past the answer-by date, or accepted and past the planned date."""
    return (
        Proposal.objects.filter(municipality=municipality)
        .filter(
            Q(status=Proposal.Status.SENT, answer_by__lt=today)
            | Q(status=Proposal.Status.ACCEPTED, planned_date__lt=today)
        )
        .select_related("owner_organisation", "walk")
        .order_by("answer_by", "id")
    )


def unanswered(municipality, today: datetime.date):
    """Sent, not answered, answer-by date not passed yet."""
    return Proposal.objects.filter(municipality=municipality, status=Proposal.Status.SENT, answer_by__gte=today)


def waiting(municipality, today: datetime.date) -> dict:
    from tips.models import Tip

    late = list(overdue(municipality, today)[:5])
    return {
        "overdue": overdue(municipality, today).count(),
        "overdue_list": late,
        "unanswered": unanswered(municipality, today).count(),
        "tips": Tip.objects.filter(municipality=municipality, status__in=[Tip.Status.NEW, Tip.Status.REOPENED]).count(),
    }

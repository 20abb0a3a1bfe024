"""The weekly situation picture by e-mail. `manage.py send_weekly_situation` runs every Monday
morning (cron or a systemd timer: `0 7 * * MON`); it queues one background task per municipality,
which sends last week's figures to everyone who subscribed and may still read them, and to the
members of the forums that asked for it (forums.Forum.weekly_situation)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from audit import log as audit
from lagesbild import services
from lagesbild.models import SituationPicture, WeeklySubscription
from samtrygg import dates
from tenancy.models import Municipality
from tenancy.scoping import has_permission


@transaction.atomic
def subscribe(user, municipality: Municipality) -> WeeklySubscription:
    subscription, created = WeeklySubscription.objects.get_or_create(user=user, municipality=municipality)
    if created:
        audit.created(user, subscription)
    return subscription


@transaction.atomic
def unsubscribe(user, municipality: Municipality) -> None:
    for subscription in WeeklySubscription.objects.filter(user=user, municipality=municipality):
        audit.deleted(user, subscription)
        subscription.delete()


def last_week(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    return dates.period_bounds(SituationPicture.Period.WEEK, today, back=1)


def addresses(municipality: Municipality) -> list[str]:
    """Who gets the week's picture: users who subscribed, and the members of the municipality's
    forums that asked for it (a forum's seats may be people without an account). A user, either
    way, only while they may still read the picture: a subscription or a seat outlives a role."""
    from forums.models import ForumMember

    User = get_user_model()
    subscribers = User.objects.filter(
        pk__in=WeeklySubscription.objects.filter(municipality=municipality).values("user_id")
    )
    seats = ForumMember.objects.filter(forum__municipality=municipality, forum__weekly_situation=True).select_related(
        "user"
    )
    users = {user for user in subscribers} | {seat.user for seat in seats if seat.user_id}
    found = {
        user.email.lower(): user.email
        for user in users
        if user.is_active and user.email and has_permission(user, municipality, "view_situation")
    }
    for seat in seats:
        if not seat.user_id and seat.email:
            found.setdefault(seat.email.lower(), seat.email)
    return sorted(found.values(), key=str.lower)


def send_for_municipality(municipality_id: int, date_from: datetime.date, date_to: datetime.date) -> int:
    """Send the week's picture to the municipality's subscribers; returns how many got it."""
    municipality = Municipality.objects.get(pk=municipality_id)
    recipients = addresses(municipality)
    if not recipients:
        return 0
    from lagesbild import exporters

    data = services.compute([municipality], date_from, date_to)
    context = {
        "municipality": municipality,
        "data": data,
        # counts as shown everywhere: "saknas" for a source without data, never 0 (coverage.py)
        "rows": exporters.figures(data),
        "period": services.format_range(date_from, date_to),
        "week": date_from.isocalendar().week,
        "link": settings.SITE_URL.rstrip("/") + reverse("lagesbild:index", kwargs={"code": municipality.code}),
    }
    subject = _("Veckolägesbild %(municipality)s vecka %(week)s") % {
        "municipality": municipality.name,
        "week": context["week"],
    }
    text = render_to_string("lagesbild/weekly_email.txt", context)
    html = render_to_string("lagesbild/weekly_email.html", context)
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        message.send()
    return len(recipients)


def queue_all(today: datetime.date | None = None) -> int:
    """Queue one task per municipality that has subscribers; returns the number queued."""
    from lagesbild.tasks import send_weekly

    date_from, date_to = last_week(today)
    from forums.models import Forum

    ids = set(WeeklySubscription.objects.values_list("municipality_id", flat=True)) | set(
        Forum.objects.filter(weekly_situation=True).values_list("municipality_id", flat=True)
    )
    for municipality_id in sorted(ids):
        send_weekly.enqueue(municipality_id, date_from.isoformat(), date_to.isoformat())
    return len(ids)

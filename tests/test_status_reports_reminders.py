"""The daily reminder: `send_status_report_reminders` reminds organisations whose report is due
tomorrow or overdue, at most once per 24 hours, until they answer or the meeting starts."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from forums.models import Meeting
from statusreports import services
from statusreports.models import StatusReport
from tests.test_status_reports import FRITIDS, SKOLOR, make_meeting, report_of, with_email

pytestmark = pytest.mark.django_db


def due_in(meeting, days):
    StatusReport.objects.filter(meeting=meeting).update(due_date=timezone.localdate() + datetime.timedelta(days=days))


@pytest.fixture
def requested(lomma, user):
    with_email(user, "reporter.lomma")  # Fritidsgårdarna's reporter
    meeting = make_meeting(lomma, days=5, orgs=(FRITIDS,))
    services.request_reports(meeting, user("coordinator.lomma"))
    mail.outbox.clear()
    return meeting


def test_it_reminds_once_per_24_hours(requested):
    due_in(requested, 1)
    call_command("send_status_report_reminders", verbosity=0)
    assert [m.to for m in mail.outbox] == [["reporter.lomma@example.se"]]
    assert "Påminnelse" in mail.outbox[0].subject
    report = report_of(requested, FRITIDS)
    assert report.reminded_at is not None
    call_command("send_status_report_reminders", verbosity=0)
    assert len(mail.outbox) == 1  # not twice in a day
    StatusReport.objects.filter(pk=report.pk).update(reminded_at=timezone.now() - datetime.timedelta(hours=25))
    call_command("send_status_report_reminders", verbosity=0)
    assert len(mail.outbox) == 2


def test_overdue_reports_are_reminded_but_not_those_due_later(requested):
    due_in(requested, 2)
    call_command("send_status_report_reminders", verbosity=0)
    assert mail.outbox == []
    due_in(requested, -2)
    call_command("send_status_report_reminders", verbosity=0)
    assert len(mail.outbox) == 1


def test_answered_reports_and_started_or_cancelled_meetings_are_not_reminded(requested, user, lomma):
    due_in(requested, 0)
    services.submit(report_of(requested, FRITIDS), user("reporter.lomma"), situation="Lugnt.")
    cancelled = make_meeting(lomma, days=5, orgs=(SKOLOR, FRITIDS))
    services.request_reports(cancelled, user("coordinator.lomma"))
    due_in(cancelled, 0)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    started = make_meeting(lomma, days=1, orgs=(FRITIDS,))
    services.request_reports(started, user("coordinator.lomma"))
    Meeting.objects.filter(pk=started.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    mail.outbox.clear()
    assert not services.due_for_reminder().exists()
    assert services.queue_reminders() is False
    call_command("send_status_report_reminders", verbosity=0)
    assert mail.outbox == []

"""Every write to a status report (lägesrapport) goes through these functions, views, API and the
reminder task alike, and each records itself in the audit log.

A forum's coordinator asks each member organisation for a report before a meeting
(`request_reports`), the organisation answers (`submit`) until the meeting starts, and those who
have not answered are reminded (`remind`, by hand or by the daily `send_status_report_reminders`)."""

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from forums.models import ForumMember, Meeting
from privacy import pii
from privacy import services as privacy
from samtrygg.dates import local_today
from statusreports import notify
from statusreports.models import StatusReport
from tenancy.models import Organisation
from tenancy.roles import PERMISSIONS
from tenancy.scoping import has_permission, organisation_id

TEXT_FIELDS = ["situation", "observations", "measures", "needs"]
AUDIT_FIELDS = ["meeting", "organisation", "due_date", "reminded_at", *TEXT_FIELDS, "pii_flags", "submitted_at"]
REMINDER_INTERVAL = datetime.timedelta(hours=24)


class StatusReportError(ValueError):
    """A request or an answer that cannot be made; the message is for the user."""


class ReportLocked(StatusReportError):
    """The meeting has started (or was cancelled): the report can no longer change."""


class EmptyReport(StatusReportError):
    pass


# ---- reading ---------------------------------------------------------------------------------


def is_open(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Reports may be requested and answered until the meeting starts, unless it was cancelled."""
    return meeting.status != Meeting.Status.CANCELLED and (now or timezone.now()) < meeting.starts_at


def default_due_date(meeting: Meeting) -> datetime.date:
    """The meeting's day minus the forum's status_report_days, but never in the past."""
    meeting_day = timezone.localtime(meeting.starts_at).date()
    due = meeting_day - datetime.timedelta(days=meeting.forum.status_report_days)
    return max(due, min(local_today(), meeting_day))


def member_organisations(meeting: Meeting) -> list[Organisation]:
    """The distinct organisations represented by the forum's members, by name."""
    ids = ForumMember.objects.filter(forum_id=meeting.forum_id, organisation__isnull=False).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def overview_rows(meeting: Meeting) -> list[tuple[Organisation, StatusReport | None]]:
    """(organisation, report or None) for every member organisation and every organisation that
    was asked (it may have left the forum since), by name."""
    reports = {r.organisation_id: r for r in meeting.status_reports.select_related("organisation", "submitted_by")}
    organisations = {o.pk: o for o in member_organisations(meeting)}
    for report in reports.values():
        organisations.setdefault(report.organisation_id, report.organisation)
    ordered = sorted(organisations.values(), key=lambda o: o.name.lower())
    return [(o, reports.get(o.pk)) for o in ordered]


def is_late(report: StatusReport, today: datetime.date | None = None) -> bool:
    return report.submitted_at is None and report.due_date < (today or local_today())


def user_organisation_ids(user, municipality) -> set[int]:
    """The organisations a user answers for in a municipality: their membership's, and those of
    their forum seats."""
    ids = set(
        ForumMember.objects.filter(user=user, forum__municipality=municipality, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    own = organisation_id(user, municipality)
    if own:
        ids.add(own)
    return ids


def can_submit(user, report: StatusReport) -> bool:
    """The report's own organisation answers; coordinators, police liaisons and admins may answer
    on its behalf."""
    municipality = report.meeting.forum.municipality
    if has_permission(user, municipality, "edit_collaboration"):
        return True
    if not has_permission(user, municipality, "submit_status_report"):
        return False
    return report.organisation_id in user_organisation_ids(user, municipality)


def recipients(report: StatusReport) -> list[str]:
    """The addresses of the organisation's people: its seats in the forum, and the users who work
    for it in the municipality and may answer a status report."""
    addresses = [
        member.address
        for member in ForumMember.objects.filter(
            forum_id=report.meeting.forum_id, organisation_id=report.organisation_id
        ).select_related("user")
        if member.address and (member.user_id is None or member.user.is_active)
    ]
    users = get_user_model().objects.filter(
        is_active=True,
        memberships__municipality_id=report.meeting.forum.municipality_id,
        memberships__organisation_id=report.organisation_id,
        memberships__role__in=PERMISSIONS["submit_status_report"],
    )
    addresses += [u.email for u in users.exclude(email="").distinct()]
    unique = {}
    for address in addresses:
        unique.setdefault(address.strip().lower(), address.strip())
    return sorted(unique.values(), key=str.lower)


def pii_findings(
    texts: dict[str, str], *, report: StatusReport | None = None, pii_confirmed: dict | None = None
) -> dict[str, list]:
    """{field: unresolved findings} for the fields with personal data in them that is neither
    masked nor confirmed (for `report`, or ticked now in `pii_confirmed`) as not personal data."""
    found: dict[str, list] = {}
    target = report if report is not None else StatusReport()
    texts = {field: texts.get(field) or "" for field in TEXT_FIELDS}
    for f in privacy.unresolved(obj=target, fields=TEXT_FIELDS, texts=texts, also_confirmed=pii_confirmed):
        found.setdefault(f.field, []).append(f)
    return found


def _flags(texts: dict[str, str], report: StatusReport | None = None, pii_confirmed: dict | None = None) -> list[dict]:
    """The kinds of personal data left in each field, never the data itself."""
    flags = []
    for field, findings in pii_findings(texts, report=report, pii_confirmed=pii_confirmed).items():
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        flags += [{"field": field, "kind": kind, "count": n} for kind, n in sorted(counts.items())]
    return flags


def field_labels() -> dict[str, str]:
    """{field: its Swedish heading} for the four parts of the template."""
    return {field: str(StatusReport._meta.get_field(field).verbose_name) for field in TEXT_FIELDS}


def flag_labels(report: StatusReport | None) -> list[str]:
    """'namn (Läget i verksamheten)' for each kind of personal data left in a submitted report."""
    if report is None or not report.pii_flags:
        return []
    labels = field_labels()
    return [
        f"{pii.Finding(flag['kind'], 0, 0).label} ({labels.get(flag['field'], flag['field'])})"
        for flag in report.pii_flags
    ]


def _snapshot(report: StatusReport) -> dict:
    """The audited fields with personal data masked: the log must not keep what a reporter wrote
    about a person (nor what they masked away)."""
    values = audit.snapshot(report, AUDIT_FIELDS)
    for field in TEXT_FIELDS:
        if values[field]:
            values[field] = pii.mask(values[field])[0]
    return values


def _municipality(report: StatusReport):
    return report.meeting.forum.municipality


# ---- writing ---------------------------------------------------------------------------------


def request_reports(meeting: Meeting, actor, due_date: datetime.date | None = None) -> list[StatusReport]:
    """Ask every member organisation of the meeting's forum for a status report and e-mail its
    people. Idempotent: organisations already asked are left alone, so a second request only asks
    those that joined since. Returns the reports created now."""
    if not is_open(meeting):
        raise StatusReportError(_("Mötet har redan börjat eller är inställt. Det går inte att begära lägesrapporter."))
    if due_date is None:
        due_date = default_due_date(meeting)
    elif due_date < local_today():
        raise StatusReportError(_("Sista dag kan inte ligga i det förflutna."))
    elif due_date > timezone.localtime(meeting.starts_at).date():
        raise StatusReportError(_("Sista dag måste vara senast mötesdagen."))
    with transaction.atomic():
        asked = set(meeting.status_reports.values_list("organisation_id", flat=True))
        created = []
        now = timezone.now()
        for organisation in member_organisations(meeting):
            if organisation.pk in asked:
                continue
            report = StatusReport.objects.create(
                meeting=meeting,
                organisation=organisation,
                requested_at=now,
                requested_by=actor if actor is not None and actor.is_authenticated else None,
                due_date=due_date,
            )
            audit.record(
                actor, AuditEntry.Action.CREATE, report, changes=_snapshot(report), municipality=_municipality(report)
            )
            created.append(report)
    # mail only once the rows are committed: a failing mail server must not undo the request
    for report in created:
        notify.send_request(report, recipients(report))
    return created


@transaction.atomic
def submit(
    report: StatusReport,
    actor,
    *,
    situation: str = "",
    observations: str = "",
    measures: str = "",
    needs: str = "",
    mask_pii: bool = False,
    pii_confirmed: dict | None = None,
) -> StatusReport:
    """Answer (or change the answer to) a request. Personal data is masked when asked for; what is
    left and not confirmed as not personal data (`pii_confirmed`: {field: finding texts}) is
    flagged by kind in pii_flags for the coordinator's attention, and keeps the compiled meeting
    papers from being made until it is resolved."""
    report = (
        StatusReport.objects.select_for_update()
        .select_related("meeting__forum__municipality", "organisation")
        .get(pk=report.pk)
    )
    if not is_open(report.meeting):
        raise ReportLocked(_("Mötet har börjat. Lägesrapporten kan inte längre ändras."))
    texts = {"situation": situation, "observations": observations, "measures": measures, "needs": needs}
    texts = {field: (value or "").strip() for field, value in texts.items()}
    if not any(texts.values()):
        raise EmptyReport(_("Skriv något i minst en av de fyra delarna."))
    if mask_pii:
        texts = {field: pii.mask(value)[0] if value else value for field, value in texts.items()}
    before = _snapshot(report)
    for field, value in texts.items():
        setattr(report, field, value)
    report.pii_flags = _flags(texts, report, pii_confirmed)
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save()
    if pii_confirmed:
        privacy.confirm(obj=report, confirmations=pii_confirmed, actor=actor)
    changes = audit.diff(before, _snapshot(report))
    audit.record(actor, AuditEntry.Action.UPDATE, report, changes=changes, municipality=_municipality(report))
    return report


def remind(reports: Iterable[StatusReport], actor) -> list[StatusReport]:
    """E-mail the organisations of these reports again and note when. Reports already submitted,
    or whose meeting has started, are skipped. Returns the reports reminded."""
    reminded = []
    for report in reports:
        with transaction.atomic():
            report = (
                StatusReport.objects.select_for_update()
                .select_related("meeting__forum__municipality", "organisation")
                .get(pk=report.pk)
            )
            if report.submitted_at is not None or not is_open(report.meeting):
                continue
            before = _snapshot(report)
            report.reminded_at = timezone.now()
            report.save(update_fields=["reminded_at"])
            audit.record(
                actor,
                AuditEntry.Action.UPDATE,
                report,
                changes=audit.diff(before, _snapshot(report)),
                municipality=_municipality(report),
            )
        notify.send_request(report, recipients(report), reminder=True)
        reminded.append(report)
    return reminded


# ---- the daily reminders -------------------------------------------------------------------------


def due_for_reminder(now: datetime.datetime | None = None):
    """Unanswered reports due tomorrow or overdue, of meetings that have not started, not reminded
    in the last 24 hours."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    return (
        StatusReport.objects.filter(
            submitted_at__isnull=True,
            due_date__lte=tomorrow,
            meeting__starts_at__gt=now,
            meeting__status=Meeting.Status.PLANNED,
        )
        .exclude(reminded_at__gt=now - REMINDER_INTERVAL)
        .order_by("meeting_id", "id")
    )


def send_due_reminders() -> int:
    """The task's work: remind every organisation that is due; returns how many were reminded."""
    return len(remind(list(due_for_reminder()), None))


def queue_reminders() -> bool:
    """Queue the reminder task if anything is due (run daily by send_status_report_reminders)."""
    from statusreports.tasks import send_reminders

    if not due_for_reminder().exists():
        return False
    send_reminders.enqueue()
    return True


def awaiting_count(user, municipality) -> int:
    """How many requests for the user's organisations are still unanswered and open, for the
    start page."""
    organisations = user_organisation_ids(user, municipality)
    if not organisations:
        return 0
    return (
        StatusReport.objects.filter(
            meeting__forum__municipality=municipality,
            organisation_id__in=organisations,
            submitted_at__isnull=True,
            meeting__starts_at__gt=timezone.now(),
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .count()
    )

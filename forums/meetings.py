"""Writes to one meeting: time and status, agenda, situation picture, papers, minutes, decisions,
action items and attendance. Every function records the audit log; changes of time or status bump
`sequence` (so calendar apps replace their copy) and e-mail the members (forums.mail)."""

import datetime
import os

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from forums import mail
from forums.models import ActionItem, AgendaItem, Attendance, Decision, Forum, Meeting, MeetingPaper
from lagesbild.models import SituationPicture
from privacy import pii
from privacy import services as privacy
from samtrygg import uploads

MAX_PAPER_BYTES = 20 * 1024 * 1024
# extension -> content types a browser may send for it
PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


class MeetingError(ValueError):
    """A write that cannot be done; the message is Swedish and meant for the user."""


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("forum__municipality").get(pk=meeting.pk)


@transaction.atomic
def add_meeting(
    forum: Forum,
    actor,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    title: str = "",
    location: str | None = None,
) -> Meeting:
    """An extra meeting added by hand (no slot: regenerating never touches it)."""
    ends_at = ends_at or starts_at + datetime.timedelta(minutes=forum.duration_minutes)
    if ends_at <= starts_at:
        raise MeetingError(_("Mötet måste sluta efter att det börjar."))
    meeting = Meeting.objects.create(
        forum=forum,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=forum.location if location is None else location,
    )
    audit.created(actor, meeting, municipality=forum.municipality)
    return meeting


@transaction.atomic
def move_meeting(
    meeting: Meeting, actor, starts_at: datetime.datetime, *, location: str | None = None, notify: bool = True
) -> Meeting:
    """A new start (same length); the first original time is kept in moved_from."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError(_("Mötet är inställt och kan inte flyttas."))
    before = audit.snapshot(meeting, ["starts_at", "ends_at", "location", "moved_from", "sequence", "reminded_at"])
    length = meeting.ends_at - meeting.starts_at
    if meeting.moved_from is None:
        meeting.moved_from = meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + length
    meeting.reminded_at = None  # remind again before the new time
    if location is not None:
        meeting.location = location
    meeting.sequence += 1
    meeting.save()
    audit.updated(actor, meeting, before, municipality=meeting.forum.municipality)
    if notify:
        transaction.on_commit(lambda: mail.send_change(meeting.pk))
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, actor, reason: str, *, notify: bool = True) -> Meeting:
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError(_("Mötet är redan inställt."))
    before = audit.snapshot(meeting, ["status", "cancel_reason", "sequence"])
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
    meeting.sequence += 1
    meeting.save()
    audit.updated(actor, meeting, before, municipality=meeting.forum.municipality)
    if notify:
        transaction.on_commit(lambda: mail.send_change(meeting.pk))
    return meeting


@transaction.atomic
def mark_held(meeting: Meeting, actor) -> Meeting:
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError(_("Mötet är inställt."))
    if meeting.starts_at > timezone.now():
        raise MeetingError(_("Mötet har inte börjat än."))
    before = audit.snapshot(meeting, ["status"])
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    audit.updated(actor, meeting, before, municipality=meeting.forum.municipality)
    return meeting


@transaction.atomic
def send_invitation(meeting: Meeting, actor) -> int:
    """Send the invitation (kallelse) with the agenda; returns how many it goes to. The e-mail
    leaves after the commit, so that a failure later in the transaction sends nothing and an
    invitation that went out always has invited_at set."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise MeetingError(_("Mötet är inställt."))
    count = len(mail.recipients(meeting))
    if not count:
        raise MeetingError(_("Ingen medlem i forumet har en e-postadress."))
    meeting.invited_at = timezone.now()
    meeting.save(update_fields=["invited_at", "updated_at"])
    audit.record(
        actor,
        AuditEntry.Action.UPDATE,
        meeting,
        changes={"invited_at": [None, meeting.invited_at.isoformat()], "recipients": count},
        municipality=meeting.forum.municipality,
    )
    transaction.on_commit(lambda: mail.send_invitation(meeting))
    return count


# ---- agenda -----------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(meeting: Meeting, actor, *, title: str, presenter: str = "", notes: str = "") -> AgendaItem:
    last = meeting.agenda.aggregate(m=Max("order"))["m"]
    item = AgendaItem.objects.create(
        meeting=meeting, title=title, presenter=presenter, notes=notes, order=0 if last is None else last + 1
    )
    audit.created(actor, item, municipality=meeting.forum.municipality)
    return item


@transaction.atomic
def update_agenda_item(item: AgendaItem, actor, **fields) -> AgendaItem:
    before = audit.snapshot(item, list(fields))
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    audit.updated(actor, item, before, municipality=item.meeting.forum.municipality)
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem, actor) -> None:
    audit.deleted(actor, item, municipality=item.meeting.forum.municipality)
    item.delete()


@transaction.atomic
def move_agenda_item(item: AgendaItem, actor, direction: int) -> None:
    """One step up (-1) or down (+1); the items are renumbered 0, 1, 2 …"""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("order", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items):
        if other.order != order:
            before = audit.snapshot(other, ["order"])
            other.order = order
            other.save(update_fields=["order"])
            audit.updated(actor, other, before, municipality=item.meeting.forum.municipality)


# ---- situation picture, papers, minutes -------------------------------------------------------


@transaction.atomic
def attach_situation_picture(meeting: Meeting, actor, picture: SituationPicture | None) -> Meeting:
    """A frozen (fastställd) picture of the forum's municipality, or None to detach."""
    if picture is not None and (picture.municipality_id != meeting.forum.municipality_id or not picture.frozen_at):
        raise MeetingError(_("Välj en fastställd lägesbild för kommunen."))
    meeting = _locked(meeting)
    before = audit.snapshot(meeting, ["situation_picture"])
    meeting.situation_picture = picture
    meeting.save(update_fields=["situation_picture", "updated_at"])
    audit.updated(actor, meeting, before, municipality=meeting.forum.municipality)
    return meeting


def check_paper(upload) -> None:
    """Raise MeetingError unless the upload is an allowed type and at most 20 MB."""
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in PAPER_TYPES:
        raise MeetingError(_("Filtypen är inte tillåten. Ladda upp PDF, Word, Excel, en bild eller en textfil."))
    if upload.size > MAX_PAPER_BYTES:
        raise MeetingError(_("Filen är för stor. Den får vara högst 20 MB."))
    if upload.size == 0:
        raise MeetingError(_("Filen är tom."))


def _paper_fields(paper: MeetingPaper) -> dict:
    return {"meeting": paper.meeting_id, "title": paper.title, "file": paper.file.name}


# room in MeetingPaper.file (100) after "meetings/<meeting id>/<16 hex>/" for the file's own name
PAPER_NAME_LENGTH = 60


@transaction.atomic
def add_paper(meeting: Meeting, actor, *, title: str, upload) -> MeetingPaper:
    """A long file name is shortened (extension kept; the title keeps up to 200 characters of
    it); if the row cannot be written, the stored file is removed again."""
    check_paper(upload)
    title_length = MeetingPaper._meta.get_field("title").max_length
    title = (title or "").strip() or uploads.fitting_name(upload.name, title_length)
    if len(title) > title_length:
        raise MeetingError(_("Rubriken får vara högst %(max)d tecken.") % {"max": title_length})
    upload.name = uploads.fitting_name(upload.name, PAPER_NAME_LENGTH)
    paper = MeetingPaper(
        meeting=meeting, title=title, file=upload, uploaded_by=actor if actor.is_authenticated else None
    )
    with uploads.removed_on_error(paper.file):
        paper.save()
        audit.record(
            actor,
            AuditEntry.Action.CREATE,
            paper,
            changes=_paper_fields(paper),
            municipality=meeting.forum.municipality,
        )
    return paper


@transaction.atomic
def delete_paper(paper: MeetingPaper, actor) -> None:
    audit.record(
        actor,
        AuditEntry.Action.DELETE,
        paper,
        changes=_paper_fields(paper),
        municipality=paper.meeting.forum.municipality,
    )
    storage, name = paper.file.storage, paper.file.name
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def save_minutes(meeting: Meeting, actor, text: str, *, pii_confirmed: dict | None = None) -> Meeting:
    """Store the minutes and the personal data found in them that is not confirmed as not
    personal data (`pii_confirmed`: {"minutes": finding texts}); shown as a warning, not refused:
    minutes may name officials in their roles, which the person writing them has to judge."""
    meeting = _locked(meeting)
    before = meeting.minutes
    meeting.minutes = text
    meeting.save(update_fields=["minutes", "updated_at"])
    if pii_confirmed:
        privacy.confirm(obj=meeting, confirmations=pii_confirmed, actor=actor)
    meeting.minutes_pii = [f.as_dict() for f in privacy.unresolved(obj=meeting, fields=["minutes"])]
    meeting.save(update_fields=["minutes_pii"])
    if before != text:
        # the audit log keeps the minutes masked, as for status reports and incidents: a name
        # removed after the warning must not live on in the log
        masked = [pii.mask(t)[0] if t else t for t in (before, text)]
        changes = {"minutes": masked, "minutes_pii": len(meeting.minutes_pii)}
        audit.record(actor, AuditEntry.Action.UPDATE, meeting, changes=changes, municipality=meeting.forum.municipality)
    return meeting


# ---- decisions, action items, attendance ------------------------------------------------------


@transaction.atomic
def add_decision(meeting: Meeting, actor, text: str, *, pii_confirmed: dict | None = None) -> Decision:
    """A decision of the meeting; `pii_confirmed` ({"text": finding texts}) keeps the findings
    confirmed as not personal data (privacy.services)."""
    decision = Decision.objects.create(meeting=meeting, text=text)
    audit.created(actor, decision, municipality=meeting.forum.municipality)
    if pii_confirmed:
        privacy.confirm(obj=decision, confirmations=pii_confirmed, actor=actor)
    return decision


@transaction.atomic
def delete_decision(decision: Decision, actor) -> None:
    audit.deleted(actor, decision, municipality=decision.meeting.forum.municipality)
    decision.delete()


@transaction.atomic
def add_action_item(
    meeting: Meeting, actor, *, text: str, owner: str, due_date: datetime.date, organisation=None
) -> ActionItem:
    if organisation is not None and organisation.municipality_id != meeting.forum.municipality_id:
        raise MeetingError(_("Organisationen finns inte i kommunen."))
    item = ActionItem.objects.create(
        meeting=meeting, text=text, owner=owner, due_date=due_date, organisation=organisation
    )
    audit.created(actor, item, municipality=meeting.forum.municipality)
    return item


@transaction.atomic
def set_action_done(item: ActionItem, actor, done: bool) -> ActionItem:
    before = audit.snapshot(item, ["done_at"])
    item.done_at = timezone.localdate() if done else None
    item.save(update_fields=["done_at"])
    audit.updated(actor, item, before, municipality=item.meeting.forum.municipality)
    return item


@transaction.atomic
def delete_action_item(item: ActionItem, actor) -> None:
    audit.deleted(actor, item, municipality=item.meeting.forum.municipality)
    item.delete()


@transaction.atomic
def record_attendance(meeting: Meeting, actor, statuses: dict[int, str]) -> None:
    """statuses: {ForumMember id: present/absent/excused}; an empty value clears the row."""
    members = {m.pk: m for m in meeting.forum.members.all()}
    existing = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    municipality = meeting.forum.municipality
    # the whole form is checked before anything is written: all of it is saved, or none of it
    if any(member_id not in members for member_id in statuses):
        raise MeetingError(_("Okänd medlem."))
    if any(status and status not in Attendance.Status.values for status in statuses.values()):
        raise MeetingError(_("Ogiltig närvaro."))
    for member_id, status in statuses.items():
        row = existing.get(member_id)
        if not status:
            if row:
                audit.deleted(actor, row, municipality=municipality)
                row.delete()
            continue
        if row is None:
            row = Attendance.objects.create(meeting=meeting, member=members[member_id], status=status)
            audit.created(actor, row, municipality=municipality)
        elif row.status != status:
            before = audit.snapshot(row, ["status"])
            row.status = status
            row.save(update_fields=["status"])
            audit.updated(actor, row, before, municipality=municipality)

"""Writes to forums and their members. Every function records the audit log; views and the API
call these (meetings: forums.meetings; e-mail: forums.mail)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from forums.models import CalendarToken, Forum, ForumMember
from tenancy.models import Municipality, Organisation

FORUM_FIELDS = [
    "name",
    "kind",
    "level",
    "purpose",
    "parent",
    "reports_to",
    "reports_per_year",
    "cadence",
    "weekday",
    "start_time",
    "duration_minutes",
    "location",
    "status_report_days",
    "reminder_days",
    "weekly_situation",
]


class ForumError(ValueError):
    """A write that cannot be done; the message is Swedish and meant for the user."""


def _snapshot(forum: Forum, fields: list[str]) -> dict:
    """audit.snapshot, with the start time as text (the audit log stores JSON)."""
    values = audit.snapshot(forum, fields)
    if isinstance(values.get("start_time"), datetime.time):
        values["start_time"] = values["start_time"].strftime("%H:%M")
    return values


def _check_parent(forum: Forum, parent: Forum | None) -> None:
    if parent is None:
        return
    if parent.municipality_id != forum.municipality_id:
        raise ForumError(_("Det överordnade forumet finns inte."))
    node = parent
    while node is not None:
        if node.pk == forum.pk:
            raise ForumError(_("Ett forum kan inte ingå i sig självt."))
        node = node.parent


@transaction.atomic
def create_forum(municipality: Municipality, actor, **fields) -> Forum:
    """create_forum(lomma, user, name="Trygghetsrådet", kind="safety_council", cadence="four_times_a_year", …)"""
    unknown = set(fields) - set(FORUM_FIELDS)
    if unknown:
        raise TypeError(f"unknown forum fields: {sorted(unknown)}")
    if Forum.objects.filter(municipality=municipality, name=fields.get("name", "")).exists():
        raise ForumError(_("Det finns redan ett forum med det namnet."))
    forum = Forum(municipality=municipality, created_by=actor if actor and actor.is_authenticated else None, **fields)
    _check_parent(forum, fields.get("parent"))
    forum.save()
    audit.record(actor, AuditEntry.Action.CREATE, forum, changes=_snapshot(forum, FORUM_FIELDS))
    return forum


@transaction.atomic
def update_forum(forum: Forum, actor, **fields) -> Forum:
    unknown = set(fields) - set(FORUM_FIELDS)
    if unknown:
        raise TypeError(f"unknown forum fields: {sorted(unknown)}")
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if (
        "name" in fields
        and Forum.objects.filter(municipality_id=forum.municipality_id, name=fields["name"])
        .exclude(pk=forum.pk)
        .exists()
    ):
        raise ForumError(_("Det finns redan ett forum med det namnet."))
    _check_parent(forum, fields.get("parent", forum.parent))
    before = _snapshot(forum, list(fields))
    for name, value in fields.items():
        setattr(forum, name, value)
    forum.save()
    changes = audit.diff(before, _snapshot(forum, list(fields)))
    if changes:
        audit.record(actor, AuditEntry.Action.UPDATE, forum, changes=changes)
    return forum


@transaction.atomic
def add_member(
    forum: Forum,
    actor,
    *,
    role_title: str,
    user=None,
    name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    kind: str = ForumMember.Kind.FULL,
) -> ForumMember:
    """A seat for a user of the municipality, a named person with an e-mail address, or, as the
    agreements list them, a role of an organisation ("Räddningschef", Räddningstjänsten) until a
    person is named."""
    if user is None and not name and organisation is None:
        raise ForumError(_("Välj en användare, skriv ett namn eller välj en organisation."))
    if organisation is not None and organisation.municipality_id != forum.municipality_id:
        raise ForumError(_("Organisationen finns inte i kommunen."))
    if user is not None and forum.members.filter(user=user).exists():
        raise ForumError(_("Personen är redan medlem i forumet."))
    member = ForumMember.objects.create(
        forum=forum, user=user, name=name, email=email, role_title=role_title, organisation=organisation, kind=kind
    )
    audit.created(actor, member, municipality=forum.municipality)
    return member


@transaction.atomic
def remove_member(member: ForumMember, actor) -> None:
    audit.deleted(actor, member, municipality=member.forum.municipality)
    member.delete()


@transaction.atomic
def rotate_calendar_token(user) -> CalendarToken:
    """A new secret for the user's calendar links (the first one, or a replacement)."""
    exists = CalendarToken.objects.filter(user=user).exists()
    token = CalendarToken.for_user(user, rotate=exists)
    audit.record(
        user,
        AuditEntry.Action.UPDATE if exists else AuditEntry.Action.CREATE,
        object_type="forums.calendartoken",
        object_id=str(token.pk),
        object_repr=user.get_username(),
    )
    return token

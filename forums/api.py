"""Forums and meetings, read-only, and the calendar feeds. Objects of a municipality the user
cannot see answer 404; without view_collaboration there, 403."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import APIKeyQuery

from accounts.api import API_AUTH
from forums import ics
from forums.models import Attendance, CalendarToken, Forum, ForumMember, Meeting
from samtrygg.openapi import choice
from tenancy.scoping import get_municipality, municipality_ids

router = Router(tags=["forums"], auth=API_AUTH)
PERMISSION = "view_collaboration"


class CalendarTokenAuth(APIKeyQuery):
    """?token=<CalendarToken.token>: calendar apps cannot send a bearer token. Only the two
    calendar feeds accept it."""

    param_name = "token"

    def authenticate(self, request, key):
        if not key:
            return None
        row = CalendarToken.objects.select_related("user").filter(token=key).first()
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


class MemberOut(Schema):
    name: str
    role: str
    organisation: str | None
    kind: choice(ForumMember.Kind)


class ForumOut(Schema):
    id: int
    municipality: str
    name: str
    kind: choice(Forum.Kind)
    level: choice(Forum.Level)
    purpose: str
    parent_id: int | None
    reports_to: str
    reports_per_year: int | None
    cadence: choice(Forum.Cadence)
    weekday: choice(Forum.Weekday)
    start_time: str
    duration_minutes: int
    location: str
    status_report_days: int
    reminder_days: int
    members: list[MemberOut]


class MeetingOut(Schema):
    id: int
    forum_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    status: choice(Meeting.Status)
    cancel_reason: str
    slot: str
    moved_from: datetime.datetime | None
    sequence: int


class AgendaOut(Schema):
    order: int
    title: str
    presenter: str
    notes: str


class ForumDecisionOut(Schema):
    id: int
    text: str


class ActionOut(Schema):
    id: int
    text: str
    owner: str
    organisation: str | None
    due_date: datetime.date
    done_at: datetime.date | None
    overdue: bool


class AttendanceOut(Schema):
    member: str
    role: str
    kind: choice(ForumMember.Kind)
    status: choice(Attendance.Status) | None


class PaperOut(Schema):
    id: int
    title: str


class MeetingDetailOut(MeetingOut):
    forum: str
    minutes: str
    situation_picture_id: int | None
    agenda: list[AgendaOut]
    decisions: list[ForumDecisionOut]
    action_items: list[ActionOut]
    attendance: list[AttendanceOut]
    papers: list[PaperOut]


def member_out(member: ForumMember) -> dict:
    return {
        "name": member.display_name,
        "role": member.role_title,
        "organisation": member.organisation.name if member.organisation_id else None,
        "kind": member.kind,
    }


def forum_out(forum: Forum) -> dict:
    return {
        **{f: getattr(forum, f) for f in ForumOut.model_fields if f not in ("members", "municipality", "start_time")},
        "municipality": forum.municipality.code,
        "start_time": forum.start_time.strftime("%H:%M"),
        "members": [member_out(m) for m in forum.members.all()],
    }


def _forums():
    return Forum.objects.select_related("municipality").prefetch_related("members__user", "members__organisation")


def forum_for(user, forum_id: int) -> Forum:
    forum = get_object_or_404(_forums(), pk=forum_id)
    get_municipality(user, forum.municipality.code, PERMISSION)  # 404 if not visible, 403 without the permission
    return forum


def meeting_for(user, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("forum__municipality"), pk=meeting_id)
    get_municipality(user, meeting.forum.municipality.code, PERMISSION)
    return meeting


class ForumQuery(Schema):
    municipality: str = Field(..., examples=["1262"])


@router.get("/forums", response=list[ForumOut], summary="The forums of a municipality, with their members")
def forums(request, query: Query[ForumQuery]):
    municipality = get_municipality(request.user, query.municipality, PERMISSION)
    return [forum_out(f) for f in _forums().filter(municipality=municipality)]


@router.get("/forums/{forum_id}", response=ForumOut, summary="One forum with its members")
def forum(request, forum_id: int):
    return forum_out(forum_for(request.user, forum_id))


class MeetingYearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, examples=[2026])


@router.get("/forums/{forum_id}/meetings", response=list[MeetingOut], summary="A forum's meetings (of one year)")
def forum_meetings(request, forum_id: int, query: Query[MeetingYearQuery]):
    meetings = forum_for(request.user, forum_id).meetings.all()
    if query.year:
        start = datetime.datetime(query.year, 1, 1, tzinfo=timezone.get_current_timezone())
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=start.replace(year=query.year + 1))
    return list(meetings)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="A meeting: agenda, decisions, action items")
def meeting(request, meeting_id: int):
    m = meeting_for(request.user, meeting_id)
    today = timezone.localdate()
    attendance = {a.member_id: a.status for a in m.attendance.all()}
    return {
        **{f: getattr(m, f) for f in MeetingOut.model_fields},
        "forum": m.forum.name,
        "minutes": m.minutes,
        "situation_picture_id": m.situation_picture_id,
        "agenda": list(m.agenda.all()),
        "decisions": list(m.decisions.all()),
        "action_items": [
            {
                "id": a.pk,
                "text": a.text,
                "owner": a.owner,
                "organisation": a.organisation.name if a.organisation_id else None,
                "due_date": a.due_date,
                "done_at": a.done_at,
                "overdue": a.done_at is None and a.due_date < today,
            }
            for a in m.action_items.select_related("organisation")
        ],
        "attendance": [
            {"member": p.display_name, "role": p.role_title, "kind": p.kind, "status": attendance.get(p.pk)}
            for p in m.forum.members.select_related("user")
        ],
        "papers": list(m.papers.all()),
    }


CALENDAR_DOC = {"responses": {200: {"description": "iCalendar", "content": {"text/calendar": {}}}}}


def _ics(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="samtrygg.ics"'
    return response


@router.get(
    "/forums/{forum_id}/calendar.ics",
    auth=[CalendarTokenAuth(), *API_AUTH],
    response={200: None},
    summary="A forum's meetings as an iCalendar feed (also with ?token=)",
    openapi_extra=CALENDAR_DOC,
)
def forum_calendar(request, forum_id: int):
    forum = forum_for(request.user, forum_id)
    meetings = ics.feed_meetings(Meeting.objects.filter(forum=forum))
    walks = ics.feed_walks([forum.municipality_id])
    return _ics(ics.calendar(meetings, f"{forum.name} ({forum.municipality.name})", walks=walks))


@router.get(
    "/calendar.ics",
    auth=[CalendarTokenAuth(), *API_AUTH],
    response={200: None},
    summary="The meetings of the forums the user sits in, as an iCalendar feed (also with ?token=)",
    openapi_extra=CALENDAR_DOC,
)
def my_calendar(request):
    forums = ForumMember.objects.filter(
        user=request.user, forum__municipality_id__in=municipality_ids(request.user, PERMISSION)
    ).values("forum_id")
    meetings = ics.feed_meetings(Meeting.objects.filter(forum_id__in=forums))
    walks = ics.feed_walks(
        ForumMember.objects.filter(
            user=request.user, forum__municipality_id__in=municipality_ids(request.user, PERMISSION)
        ).values("forum__municipality_id")
    )
    return _ics(ics.calendar(meetings, _("Mina möten i Samtrygg"), walks=walks))

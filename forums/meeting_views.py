"""The meeting page and its actions: move, cancel, held, invitation, agenda, situation picture and
papers (minutes, decisions, action items, attendance: forums.record_views). Each POST calls one service function in
forums.meetings; a form with errors re-renders the page with what was typed (status 422)."""

import os

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forums import meetings
from forums.forms import (
    ActionItemForm,
    AgendaForm,
    CancelForm,
    DecisionForm,
    MeetingTimeForm,
    MinutesForm,
    PaperForm,
    PictureForm,
)
from forums.models import AgendaItem, Attendance, Meeting, MeetingPaper
from tenancy.decorators import municipality_view


def meeting_for(municipality, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("forum__municipality", "situation_picture"),
        pk=meeting_id,
        forum__municipality=municipality,
    )


def _back(municipality, meeting, anchor: str = "") -> HttpResponse:
    url = reverse("forums:meeting", kwargs={"code": municipality.code, "meeting_id": meeting.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _page(request, municipality, meeting, forms=None, status=200):
    local = timezone.localtime(meeting.starts_at)
    members = list(meeting.forum.members.select_related("user", "organisation"))
    attendance = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    for member in members:
        member.present_status = attendance.get(member.pk, "")
    context = {
        "municipality": municipality,
        "meeting": meeting,
        "forum": meeting.forum,
        "agenda": list(meeting.agenda.all()),
        "papers": list(meeting.papers.all()),
        "decisions": list(meeting.decisions.all()),
        "actions": _actions(meeting),
        "members": members,
        "attendance_choices": Attendance.Status.choices,
        "is_past": meeting.starts_at <= timezone.now(),
        "move_form": MeetingTimeForm(
            initial={"date": local.date(), "time": local.time(), "location": meeting.location}
        ),
        "cancel_form": CancelForm(),
        "agenda_form": AgendaForm(),
        "picture_form": PictureForm(municipality, initial={"picture": meeting.situation_picture_id}),
        "paper_form": PaperForm(),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}, pii_object=meeting, pii_user=request.user),
        "decision_form": DecisionForm(),
        "action_form": ActionItemForm(municipality),
    }
    context.update(forms or {})
    context["failed"] = [form for form in (forms or {}).values()]
    return render(request, "forums/meeting.html", context, status=status)


def _actions(meeting):
    """All the meeting's action items; the open ones marked overdue as on the forum pages."""
    today = timezone.localdate()
    items = list(meeting.action_items.select_related("organisation"))
    for item in items:
        item.overdue = item.done_at is None and item.due_date < today
    return items


@municipality_view("view_collaboration")
@require_GET
def meeting(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    return _page(request, municipality, meeting_for(municipality, meeting_id))


def _try(request, action, success: str) -> bool:
    try:
        action()
    except meetings.MeetingError as e:
        messages.error(request, str(e))
        return False
    messages.success(request, success)
    return True


@municipality_view("edit_collaboration")
@require_POST
def move(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = MeetingTimeForm(request.POST)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"move_form": form}, status=422)
    _try(
        request,
        lambda: meetings.move_meeting(meeting, request.user, form.starts_at(), location=form.cleaned_data["location"]),
        _("Mötet är flyttat. Medlemmarna har fått ett e-postmeddelande om den nya tiden."),
    )
    return _back(municipality, meeting)


@municipality_view("edit_collaboration")
@require_POST
def cancel(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"cancel_form": form}, status=422)
    _try(
        request,
        lambda: meetings.cancel_meeting(meeting, request.user, form.cleaned_data["reason"]),
        _("Mötet är inställt. Medlemmarna har fått ett e-postmeddelande."),
    )
    return _back(municipality, meeting)


@municipality_view("edit_collaboration")
@require_POST
def held(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    _try(request, lambda: meetings.mark_held(meeting, request.user), _("Mötet är markerat som genomfört."))
    return _back(municipality, meeting)


@municipality_view("edit_collaboration")
@require_POST
def invite(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    try:
        count = meetings.send_invitation(meeting, request.user)
    except meetings.MeetingError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            ngettext(
                "Kallelsen är skickad till %(count)d person.", "Kallelsen är skickad till %(count)d personer.", count
            )
            % {"count": count},
        )
    return _back(municipality, meeting)


# ---- agenda -----------------------------------------------------------------------------------


@municipality_view("edit_collaboration")
@require_POST
def agenda_add(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = AgendaForm(request.POST)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"agenda_form": form}, status=422)
    meetings.add_agenda_item(meeting, request.user, **form.cleaned_data)
    messages.success(request, _("Punkten är tillagd på dagordningen."))
    return _back(municipality, meeting, "agenda-h")


def _agenda_item(municipality, item_id: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__forum__municipality"),
        pk=item_id,
        meeting__forum__municipality=municipality,
    )


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _agenda_item(municipality, item_id)
    form = AgendaForm(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    if request.method == "POST":
        if form.is_valid():
            meetings.update_agenda_item(item, request.user, **form.cleaned_data)
            messages.success(request, _("Punkten är sparad."))
            return _back(municipality, item.meeting, "agenda-h")
        status = 422
    else:
        status = 200
    return render(
        request,
        "forums/agenda_edit.html",
        {"municipality": municipality, "item": item, "meeting": item.meeting, "form": form},
        status=status,
    )


@municipality_view("edit_collaboration")
@require_POST
def agenda_delete(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _agenda_item(municipality, item_id)
    meetings.delete_agenda_item(item, request.user)
    messages.success(request, _("Punkten är borttagen."))
    return _back(municipality, item.meeting, "agenda-h")


@municipality_view("edit_collaboration")
@require_POST
def agenda_move(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _agenda_item(municipality, item_id)
    meetings.move_agenda_item(item, request.user, -1 if request.POST.get("direction") == "up" else 1)
    return _back(municipality, item.meeting, "agenda-h")


# ---- situation picture, papers, minutes -------------------------------------------------------


@municipality_view("edit_collaboration")
@require_POST
def picture(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = PictureForm(municipality, request.POST)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"picture_form": form}, status=422)
    chosen = form.cleaned_data["picture"]
    _try(
        request,
        lambda: meetings.attach_situation_picture(meeting, request.user, chosen),
        _("Lägesbilden är kopplad till mötet.") if chosen else _("Lägesbilden är borttagen från mötet."),
    )
    return _back(municipality, meeting, "picture-h")


@municipality_view("edit_collaboration")
@require_POST
def paper_upload(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"paper_form": form}, status=422)
    meetings.add_paper(meeting, request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
    messages.success(request, _("Handlingen är uppladdad."))
    return _back(municipality, meeting, "papers-h")


def _paper(municipality, paper_id: int) -> MeetingPaper:
    return get_object_or_404(
        MeetingPaper.objects.select_related("meeting__forum__municipality"),
        pk=paper_id,
        meeting__forum__municipality=municipality,
    )


@municipality_view("view_collaboration")
@require_GET
def paper(request: HttpRequest, municipality, paper_id: int) -> HttpResponse:
    """The file, only through this permission-checked view (papers have no public URL)."""
    obj = _paper(municipality, paper_id)
    name = os.path.basename(obj.file.name)
    response = FileResponse(obj.file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@municipality_view("edit_collaboration")
@require_POST
def paper_delete(request: HttpRequest, municipality, paper_id: int) -> HttpResponse:
    obj = _paper(municipality, paper_id)
    meetings.delete_paper(obj, request.user)
    messages.success(request, _("Handlingen är borttagen."))
    return _back(municipality, obj.meeting, "papers-h")

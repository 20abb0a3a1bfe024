"""The meeting's record: minutes, decisions, action items and attendance. Each POST calls one
service function in forums.meetings; a form with errors re-renders the meeting page (422)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import meetings
from forums.forms import ActionItemForm, DecisionForm, MinutesForm
from forums.meeting_views import _back, _page, _try, meeting_for
from forums.models import ActionItem, Decision
from privacy import services as privacy
from samtrygg import inputs
from tenancy.decorators import municipality_view


@municipality_view("edit_collaboration")
@require_POST
def minutes(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = MinutesForm(request.POST, pii_object=meeting, pii_user=request.user)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"minutes_form": form}, status=422)
    saved = meetings.save_minutes(
        meeting, request.user, form.cleaned_data["minutes"], pii_confirmed=form.pii_confirmed()
    )
    if saved.minutes_pii:
        messages.warning(
            request,
            _(
                "Anteckningarna är sparade, men de kan innehålla personuppgifter. Maskera dem eller bekräfta "
                "att de inte är personuppgifter."
            ),
        )
    else:
        messages.success(request, _("Anteckningarna är sparade."))
    return _back(municipality, meeting, "minutes-h")


# ---- decisions, action items, attendance ------------------------------------------------------


@municipality_view("edit_collaboration")
@require_POST
def decision_add(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"decision_form": form}, status=422)
    decision = meetings.add_decision(
        meeting, request.user, form.cleaned_data["text"], pii_confirmed=form.pii_confirmed()
    )
    messages.success(request, _("Beslutet är tillagt."))
    if left := privacy.unresolved(obj=decision):
        messages.warning(request, privacy.refusal_message(left))
    return _back(municipality, meeting, "decisions-h")


@municipality_view("edit_collaboration")
@require_POST
def decision_delete(request: HttpRequest, municipality, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("meeting__forum__municipality"),
        pk=decision_id,
        meeting__forum__municipality=municipality,
    )
    meetings.delete_decision(decision, request.user)
    messages.success(request, _("Beslutet är borttaget."))
    return _back(municipality, decision.meeting, "decisions-h")


@municipality_view("edit_collaboration")
@require_POST
def action_add(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    form = ActionItemForm(municipality, request.POST)
    if not form.is_valid():
        return _page(request, municipality, meeting, {"action_form": form}, status=422)
    meetings.add_action_item(meeting, request.user, **form.cleaned_data)
    messages.success(request, _("Uppdraget är tillagt."))
    return _back(municipality, meeting, "actions-h")


def _action_item(municipality, item_id: int) -> ActionItem:
    return get_object_or_404(
        ActionItem.objects.select_related("meeting__forum__municipality"),
        pk=item_id,
        meeting__forum__municipality=municipality,
    )


@municipality_view("edit_collaboration")
@require_POST
def action_done(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _action_item(municipality, item_id)
    done = request.POST.get("done") != "0"
    meetings.set_action_done(item, request.user, done)
    messages.success(request, _("Uppdraget är klart.") if done else _("Uppdraget är öppnat igen."))
    if request.POST.get("next") == "forum":
        return redirect("forums:detail", code=municipality.code, forum_id=item.meeting.forum_id)
    return _back(municipality, item.meeting, "actions-h")


@municipality_view("edit_collaboration")
@require_POST
def action_delete(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _action_item(municipality, item_id)
    meetings.delete_action_item(item, request.user)
    messages.success(request, _("Uppdraget är borttaget."))
    return _back(municipality, item.meeting, "actions-h")


@municipality_view("edit_collaboration")
@require_POST
def attendance(request: HttpRequest, municipality, meeting_id: int) -> HttpResponse:
    meeting = meeting_for(municipality, meeting_id)
    statuses = {}
    for key, value in request.POST.items():
        if key.startswith("member-") and (member_id := inputs.parse_id(key[7:])) is not None:
            statuses[member_id] = value
    _try(request, lambda: meetings.record_attendance(meeting, request.user, statuses), _("Närvaron är sparad."))
    return _back(municipality, meeting, "attendance-h")

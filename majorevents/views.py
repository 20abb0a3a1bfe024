from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majorevents import services, summary
from majorevents.forms import AnswerForm, CloseForm, EntryForm, EventForm, OnCallForm
from majorevents.models import Entry, MajorEvent, Notification, OnCallContact
from samtrygg import exporters
from tenancy.decorators import municipality_view
from tenancy.models import Membership
from tenancy.scoping import has_permission


def _event(municipality, event_id) -> MajorEvent:
    return get_object_or_404(MajorEvent.objects.select_related("municipality"), municipality=municipality, pk=event_id)


def _center(municipality) -> tuple[float, float]:
    if municipality.min_lat is None:
        return (55.6756, 13.0703)  # Lomma, for a municipality without a stored boundary
    return ((municipality.min_lat + municipality.max_lat) / 2, (municipality.min_lon + municipality.max_lon) / 2)


def _error(request, form, error: services.MajorEventError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@municipality_view("view_major_events")
def index(request, municipality):
    events = MajorEvent.objects.filter(municipality=municipality)
    return render(
        request,
        "majorevents/index.html",
        {
            "municipality": municipality,
            "center": _center(municipality),
            "open_events": events.filter(status=MajorEvent.Status.OPEN),
            "closed_events": events.filter(status=MajorEvent.Status.CLOSED)[:50],
            "form": EventForm(pii_user=request.user),
            "can_edit": has_permission(request.user, municipality, "edit_major_events"),
            "can_manage": has_permission(request.user, municipality, "manage_on_call"),
        },
    )


@require_POST
@municipality_view("edit_major_events")
def create(request, municipality):
    form = EventForm(request.POST, pii_user=request.user)
    if form.is_valid():
        try:
            event = services.open_event(
                municipality, request.user, **form.cleaned_data, pii_confirmed=form.pii_confirmed()
            )
        except services.MajorEventError as error:
            _error(request, form, error)
        else:
            messages.success(request, _("Händelsen är öppnad och beredskapslistan underrättas."))
            return redirect("majorevents:detail", municipality.code, event.pk)
    events = MajorEvent.objects.filter(municipality=municipality)
    return render(
        request,
        "majorevents/index.html",
        {
            "municipality": municipality,
            "center": _center(municipality),
            "open_events": events.filter(status=MajorEvent.Status.OPEN),
            "closed_events": events.filter(status=MajorEvent.Status.CLOSED)[:50],
            "form": form,
            "can_edit": True,
            "can_manage": has_permission(request.user, municipality, "manage_on_call"),
        },
        status=422,
    )


def _live_context(request, municipality, event) -> dict:
    services.check_first_contact(event)
    entries = list(services.entries(event).order_by("-created_at", "-id"))
    return {
        "municipality": municipality,
        "event": event,
        "entries": entries,
        "open_requests": list(services.open_requests(event)),
        "clock": services.first_contact(event),
        "my_side": services.side_of(request.user, municipality),
        "reports": services.nearby_reports(event),
        "police_events": services.police_events(event),
        "notifications": list(event.notifications.all()),
        "can_edit": has_permission(request.user, municipality, "edit_major_events"),
        "can_manage": has_permission(request.user, municipality, "manage_on_call"),
        "answer_form": AnswerForm(pii_user=request.user, prefix="answer"),
    }


@municipality_view("view_major_events")
def detail(request, municipality, event_id):
    return _detail_page(request, municipality, event_id)


def _detail_page(request, municipality, event_id, entry_form=None, close_form=None, status=200):
    event = _event(municipality, event_id)
    context = _live_context(request, municipality, event)
    context["entry_form"] = entry_form or EntryForm(pii_user=request.user)
    context["close_form"] = close_form or CloseForm(pii_user=request.user, pii_object=event)
    return render(request, "majorevents/detail.html", context, status=status)


@municipality_view("view_major_events")
def live(request, municipality, event_id):
    """The polled fragment: the log, open requests, the clock, EST reports and police events."""
    event = _event(municipality, event_id)
    return render(request, "majorevents/_live.html", _live_context(request, municipality, event))


@require_POST
@municipality_view("edit_major_events")
def add_entry(request, municipality, event_id):
    event = _event(municipality, event_id)
    form = EntryForm(request.POST, pii_user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_entry(
                event,
                request.user,
                kind=data["kind"],
                text=data["text"],
                tags=form.all_tags(),
                internal_only=data["internal_only"],
                assignee=data["assignee"],
                due_at=data["due_at"],
                decided_by=data["decided_by"],
                recipients=data["recipients"],
                corrects=data["corrects"],
                pii_confirmed=form.pii_confirmed(),
            )
        except services.MajorEventError as error:
            _error(request, form, error)
        else:
            return redirect("majorevents:detail", municipality.code, event.pk)
    return _detail_page(request, municipality, event_id, entry_form=form, status=422)


@require_POST
@municipality_view("edit_major_events")
def acknowledge(request, municipality, event_id):
    event = _event(municipality, event_id)
    try:
        services.acknowledge(event, request.user, request.POST.get("text", ""))
    except services.MajorEventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Händelsen är kvitterad."))
    return redirect("majorevents:detail", municipality.code, event.pk)


@require_POST
@municipality_view("edit_major_events")
def answer(request, municipality, event_id, entry_id):
    event = _event(municipality, event_id)
    request_entry = get_object_or_404(Entry, event=event, pk=entry_id)
    form = AnswerForm(request.POST, pii_user=request.user, prefix="answer")
    if form.is_valid():
        try:
            services.answer_request(
                event, request_entry, request.user, text=form.cleaned_data["text"], pii_confirmed=form.pii_confirmed()
            )
        except services.MajorEventError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Svaret är loggat."))
    else:
        messages.error(request, _("Skriv ett svar."))
    return redirect("majorevents:detail", municipality.code, event.pk)


@require_POST
@municipality_view("edit_major_events")
def close(request, municipality, event_id):
    event = _event(municipality, event_id)
    form = CloseForm(request.POST, pii_user=request.user, pii_object=event)
    if form.is_valid():
        try:
            services.close(
                event,
                request.user,
                worked=form.cleaned_data["worked"],
                did_not_work=form.cleaned_data["did_not_work"],
                pii_confirmed=form.pii_confirmed(),
            )
        except services.MajorEventError as error:
            _error(request, form, error)
        else:
            messages.success(request, _("Händelsen är avslutad."))
            return redirect("majorevents:detail", municipality.code, event.pk)
    return _detail_page(request, municipality, event_id, close_form=form, status=422)


@require_POST
@municipality_view("edit_major_events")
def retry(request, municipality, event_id, notification_id):
    event = _event(municipality, event_id)
    notification = get_object_or_404(Notification, event=event, pk=notification_id)
    try:
        services.retry_notification(notification, request.user)
    except services.MajorEventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("E-postmeddelandet skickas igen."))
    return redirect("majorevents:detail", municipality.code, event.pk)


@municipality_view("view_major_events")
def summary_file(request, municipality, event_id, fmt):
    if fmt not in summary.Format.__members__:
        raise Http404
    event = _event(municipality, event_id)
    export = summary.render(event, fmt, include_internal=request.GET.get("offentlig") != "1")
    return exporters.response(export, inline=fmt == "txt")


@municipality_view("manage_on_call")
def on_call(request, municipality):
    users = (
        get_user_model()
        .objects.filter(id__in=Membership.objects.filter(municipality=municipality).values("user_id"))
        .order_by("username")
    )
    form = OnCallForm(request.POST or None, users=users)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_contact(municipality, request.user, **form.cleaned_data)
            except services.MajorEventError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Mottagaren är tillagd."))
                return redirect("majorevents:on_call", municipality.code)
        status = 422
    contacts = OnCallContact.objects.filter(municipality=municipality).select_related("user")
    return render(
        request,
        "majorevents/on_call.html",
        {"municipality": municipality, "form": form, "contacts": contacts},
        status=status,
    )


@require_POST
@municipality_view("manage_on_call")
def on_call_delete(request, municipality, contact_id):
    contact = get_object_or_404(OnCallContact, municipality=municipality, pk=contact_id)
    services.remove_contact(contact, request.user)
    messages.success(request, _("Mottagaren är borttagen."))
    return redirect("majorevents:on_call", municipality.code)

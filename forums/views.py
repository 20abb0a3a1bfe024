"""The forum pages: the municipality's forums, a forum with its members and meetings, create and
edit, members, the year's meetings, an extra meeting, and the calendar subscription page."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forums import meetings, schedule, services
from forums.forms import ExtraMeetingForm, ForumForm, GenerateForm, MemberForm
from forums.models import ActionItem, CalendarToken, Forum, ForumMember, Meeting
from tenancy.decorators import municipality_view


def forum_for(municipality, forum_id: int) -> Forum:
    return get_object_or_404(Forum.objects.select_related("parent"), pk=forum_id, municipality=municipality)


def open_action_items(queryset):
    """Not done yet, oldest due date first, each marked `overdue` when its date has passed."""
    today = timezone.localdate()
    items = list(queryset.filter(done_at__isnull=True).select_related("meeting__forum", "organisation"))
    for item in items:
        item.overdue = item.due_date < today
    return items


@municipality_view("view_collaboration")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    forums = (
        Forum.objects.filter(municipality=municipality)
        .select_related("parent")
        .prefetch_related(Prefetch("members", queryset=ForumMember.objects.only("id", "forum_id")))
    )
    upcoming = (
        Meeting.objects.filter(forum__municipality=municipality, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("forum")[:10]
    )
    actions = open_action_items(ActionItem.objects.filter(meeting__forum__municipality=municipality))
    return render(
        request,
        "forums/index.html",
        {"municipality": municipality, "forums": forums, "upcoming": upcoming, "actions": actions},
    )


def _form_page(request, municipality, form, forum=None, status=200):
    return render(
        request, "forums/form.html", {"municipality": municipality, "form": form, "forum": forum}, status=status
    )


def _forum_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.FORUM_FIELDS}


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality) -> HttpResponse:
    form = ForumForm(municipality, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                forum = services.create_forum(municipality, request.user, **_forum_fields(form))
            except services.ForumError as e:
                form.add_error("name" if "namn" in str(e) else "parent", str(e))
            else:
                messages.success(request, _("Forumet är skapat. Lägg till medlemmar och skapa årets möten."))
                return redirect("forums:detail", code=municipality.code, forum_id=forum.pk)
        return _form_page(request, municipality, form, status=422)
    return _form_page(request, municipality, form)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality, forum_id: int) -> HttpResponse:
    forum = forum_for(municipality, forum_id)
    form = ForumForm(municipality, request.POST or None, instance=Forum.objects.get(pk=forum.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_forum(forum, request.user, **_forum_fields(form))
            except services.ForumError as e:
                form.add_error("name" if "namn" in str(e) else "parent", str(e))
            else:
                messages.success(request, _("Forumet är sparat."))
                return redirect("forums:detail", code=municipality.code, forum_id=forum.pk)
        return _form_page(request, municipality, form, forum, status=422)
    return _form_page(request, municipality, form, forum)


def _detail(request, municipality, forum, *, member_form=None, extra_form=None, status=200):
    members = list(forum.members.select_related("user", "organisation"))
    this_year = timezone.localdate().year
    all_meetings = list(forum.meetings.all())
    now = timezone.now()
    context = {
        "municipality": municipality,
        "forum": forum,
        "children": forum.children.all(),
        "full_members": [m for m in members if m.kind == ForumMember.Kind.FULL],
        "adjunct_members": [m for m in members if m.kind == ForumMember.Kind.ADJUNCT],
        "upcoming": [m for m in all_meetings if m.ends_at >= now],
        "past": [m for m in all_meetings if m.ends_at < now][::-1][:20],
        "member_form": member_form or MemberForm(municipality),
        "extra_form": extra_form or ExtraMeetingForm(initial={"location": forum.location, "time": forum.start_time}),
        "generate_form": GenerateForm(this_year=this_year),
        "actions": open_action_items(ActionItem.objects.filter(meeting__forum=forum)),
    }
    return render(request, "forums/detail.html", context, status=status)


@municipality_view("view_collaboration")
@require_GET
def detail(request: HttpRequest, municipality, forum_id: int) -> HttpResponse:
    return _detail(request, municipality, forum_for(municipality, forum_id))


@municipality_view("edit_collaboration")
@require_POST
def member_add(request: HttpRequest, municipality, forum_id: int) -> HttpResponse:
    forum = forum_for(municipality, forum_id)
    form = MemberForm(municipality, request.POST)
    if form.is_valid():
        try:
            member = services.add_member(forum, request.user, **form.cleaned_data)
        except services.ForumError as e:
            form.add_error("user", str(e))
        else:
            messages.success(request, _("%(name)s är tillagd i forumet.") % {"name": member.display_name})
            return redirect(reverse("forums:detail", args=[municipality.code, forum.pk]) + "#members-h")
    return _detail(request, municipality, forum, member_form=form, status=422)


@municipality_view("edit_collaboration")
@require_POST
def member_remove(request: HttpRequest, municipality, forum_id: int, member_id: int) -> HttpResponse:
    forum = forum_for(municipality, forum_id)
    member = get_object_or_404(ForumMember, pk=member_id, forum=forum)
    name = member.display_name
    services.remove_member(member, request.user)
    messages.success(request, _("%(name)s är borttagen ur forumet.") % {"name": name})
    return redirect(reverse("forums:detail", args=[municipality.code, forum.pk]) + "#members-h")


@municipality_view("edit_collaboration")
@require_POST
def generate(request: HttpRequest, municipality, forum_id: int) -> HttpResponse:
    """ "Skapa årets möten": this year from today on, or all of next year."""
    forum = forum_for(municipality, forum_id)
    today = timezone.localdate()
    form = GenerateForm(request.POST, this_year=today.year)
    if not form.is_valid():
        messages.error(request, _("Välj i år eller nästa år."))
    elif forum.cadence == Forum.Cadence.AD_HOC:
        messages.error(request, _("Forumet träffas vid behov. Lägg till möten ett och ett."))
    else:
        year = form.cleaned_data["year"]
        created = schedule.generate_meetings(forum, year, request.user, from_date=today if year == today.year else None)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d möte är skapat för %(year)d.", "%(count)d möten är skapade för %(year)d.", len(created)
                )
                % {"count": len(created), "year": year},
            )
        else:
            messages.success(request, _("Alla möten för %(year)d finns redan.") % {"year": year})
    return redirect(reverse("forums:detail", args=[municipality.code, forum.pk]) + "#meetings-h")


@municipality_view("edit_collaboration")
@require_POST
def meeting_add(request: HttpRequest, municipality, forum_id: int) -> HttpResponse:
    forum = forum_for(municipality, forum_id)
    form = ExtraMeetingForm(request.POST)
    if form.is_valid():
        meeting = meetings.add_meeting(
            forum,
            request.user,
            starts_at=form.starts_at(),
            title=form.cleaned_data["title"],
            location=form.cleaned_data["location"],
        )
        messages.success(request, _("Mötet är tillagt."))
        return redirect("forums:meeting", code=municipality.code, meeting_id=meeting.pk)
    return _detail(request, municipality, forum, extra_form=form, status=422)


@municipality_view("view_collaboration")
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, municipality) -> HttpResponse:
    """The user's calendar subscription links; POST makes the secret (a new one: the old links stop
    working). A GET never writes: a user without a secret gets the button that makes one."""
    if request.method == "POST":
        had_one = CalendarToken.objects.filter(user=request.user).exists()
        services.rotate_calendar_token(request.user)
        messages.success(
            request,
            _("Nya länkar är skapade. De gamla fungerar inte längre.") if had_one else _("Dina länkar är skapade."),
        )
        return redirect("forums:calendar", code=municipality.code)
    token = CalendarToken.objects.filter(user=request.user).first()
    if token is None:
        return render(request, "forums/calendar.html", {"municipality": municipality, "mine": None})
    base = request.build_absolute_uri("/api/v1/")
    mine = f"{base}calendar.ics?token={token.token}"
    forums = []
    for forum in Forum.objects.filter(municipality=municipality):
        url = f"{base}forums/{forum.pk}/calendar.ics?token={token.token}"
        forums.append((forum, url, _webcal(url)))
    return render(
        request,
        "forums/calendar.html",
        {"municipality": municipality, "mine": mine, "mine_webcal": _webcal(mine), "forums": forums},
    )


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]

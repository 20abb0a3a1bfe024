"""The forms for a plan's goals and activities. A series goal's baseline is computed by the
service when it is saved; the goal page shows it afterwards."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actionplans import indicators, services, smart
from actionplans.forms import ActivityForm, GoalForm
from actionplans.models import Activity, Goal
from actionplans.views import get_plan, to_plan
from tenancy.decorators import municipality_view


def _goal_page(request, municipality, plan, form, goal=None, status=200):
    context = {"municipality": municipality, "plan": plan, "form": form, "goal": goal}
    if goal is not None:
        context["missing"] = smart.labels(smart.missing(goal))
        context["series"] = indicators.is_series(goal)
    return render(request, "actionplans/goal_form.html", context, status=status)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    form = GoalForm(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        goal = services.add_goal(plan, request.user, form.service_data())
        return _saved(request, municipality, plan, goal)
    return _goal_page(request, municipality, plan, form, status=422 if form.errors else 200)


def _saved(request, municipality, plan, goal):
    gaps = smart.labels(smart.missing(goal))
    if gaps:
        messages.warning(
            request,
            _("Målet är sparat men inte SMART än – det saknar: %(parts)s.") % {"parts": ", ".join(gaps).lower()},
        )
    else:
        messages.success(request, _("Målet är sparat."))
    if indicators.is_series(goal):
        if goal.baseline is not None:
            messages.info(
                request,
                _("Utgångsvärdet är uträknat ur %(series)s: %(value)s per månad.")
                % {"series": goal.indicator.lower(), "value": str(goal.baseline).replace(".", ",")},
            )
    return to_plan(municipality, plan)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, municipality, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    goal = get_object_or_404(Goal, pk=goal_id, plan=plan)
    copy = get_object_or_404(Goal, pk=goal_id, plan=plan)
    form = GoalForm(plan, request.POST if request.method == "POST" else None, instance=copy)
    if request.method == "POST" and form.is_valid():
        services.update_goal(goal, request.user, form.service_data())
        return _saved(request, municipality, plan, goal)
    return _goal_page(request, municipality, plan, form, goal, status=422 if form.errors else 200)


@municipality_view("edit_collaboration")
@require_POST
def goal_delete(request: HttpRequest, municipality, plan_id: int, goal_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    services.delete_goal(get_object_or_404(Goal, pk=goal_id, plan=plan), request.user)
    messages.success(request, _("Målet är borttaget."))
    return to_plan(municipality, plan)


def _activity_page(request, municipality, plan, form, activity=None, status=200):
    return render(
        request,
        "actionplans/activity_form.html",
        {"municipality": municipality, "plan": plan, "form": form, "activity": activity},
        status=status,
    )


def _activity_saved(request, form):
    labels = form.pii_labels()
    if labels:
        messages.warning(
            request,
            _("Aktiviteten är sparad, men kommentaren verkar innehålla personuppgifter (%(kinds)s). Ta bort dem.")
            % {"kinds": ", ".join(labels)},
        )
    else:
        messages.success(request, _("Aktiviteten är sparad."))


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    initial = {"starts_on": plan.starts_on, "ends_on": plan.ends_on, "status": Activity.Status.GREEN}
    form = ActivityForm(plan, request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.add_activity(plan, request.user, form.cleaned_data)
        _activity_saved(request, form)
        return to_plan(municipality, plan)
    return _activity_page(request, municipality, plan, form, status=422 if form.errors else 200)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, municipality, plan_id: int, activity_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    activity = get_object_or_404(Activity, pk=activity_id, plan=plan)
    copy = get_object_or_404(Activity, pk=activity_id, plan=plan)
    form = ActivityForm(plan, request.POST if request.method == "POST" else None, instance=copy)
    if request.method == "POST" and form.is_valid():
        services.update_activity(activity, request.user, form.cleaned_data)
        _activity_saved(request, form)
        return to_plan(municipality, plan)
    return _activity_page(request, municipality, plan, form, activity, status=422 if form.errors else 200)


@municipality_view("edit_collaboration")
@require_POST
def activity_delete(request: HttpRequest, municipality, plan_id: int, activity_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    services.delete_activity(get_object_or_404(Activity, pk=activity_id, plan=plan), request.user)
    messages.success(request, _("Aktiviteten är borttagen."))
    return to_plan(municipality, plan)

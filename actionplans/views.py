"""The action plan pages: the plans of a year, the plan page (Brå's chain, SMART goals, the child
impact assessment, the workflow, follow-ups and the evaluation), the late activities, and the
forms for the plan, the workflow steps, the assessment, the follow-up and the evaluation. Goals
and activities have their own forms in part_views."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans import chart, indicators, services, smart
from actionplans.forms import ChildImpactForm, PlanForm
from actionplans.models import ActionPlan, Activity, ChildImpactAssessment, Evaluation
from focusareas import services as focus_services
from focusareas.models import FocusArea
from promises.services import parse_year
from tenancy.decorators import municipality_view


def warn_personal_data(request, texts) -> bool:
    """A warning when free text the user typed looks like personal data (privacy.pii)."""
    labels = sorted({label for text in texts for label in (f["label"] for f in services.pii_flags(text))})
    if labels:
        messages.warning(
            request,
            _("Texten verkar innehålla personuppgifter (%(kinds)s). Skriv på gruppnivå och ta bort dem.")
            % {"kinds": ", ".join(labels)},
        )
    return bool(labels)


def get_plan(municipality, plan_id: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("focus_area", "municipality"), pk=plan_id, municipality=municipality
    )


def to_plan(municipality, plan) -> HttpResponse:
    return redirect("actionplans:detail", code=municipality.code, plan_id=plan.pk)


@municipality_view("view_collaboration")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    today = timezone.localdate()
    year = parse_year(request.GET.get("ar"), today.year)
    plans = list(services.plans_of_year(municipality, year))
    rows = []
    for plan in plans:
        goals = list(plan.goals.all())
        activities = list(plan.activities.all())
        rows.append(
            {
                "plan": plan,
                "goals": len(goals),
                "incomplete_goals": sum(1 for g in goals if smart.missing(g)),
                "activities": len(activities),
                "red": sum(1 for a in activities if a.status == Activity.Status.RED and not a.done_at),
                "yellow": sum(1 for a in activities if a.status == Activity.Status.YELLOW and not a.done_at),
                "late": sum(1 for a in activities if services.is_late(a, today)),
            }
        )
    years = set(focus_services.years(municipality, today.year)) | {year}
    return render(
        request,
        "actionplans/index.html",
        {
            "municipality": municipality,
            "year": year,
            "years": sorted(years, reverse=True),
            "rows": rows,
            "plannable": services.plannable_focus_areas(municipality, year),
            "undecided": FocusArea.objects.filter(
                municipality=municipality, year=year, status=FocusArea.Status.PROPOSED
            ).count(),
            "late_count": services.late_activities(municipality, today).count(),
        },
    )


@municipality_view("view_collaboration")
@require_GET
def late(request: HttpRequest, municipality) -> HttpResponse:
    today = timezone.localdate()
    activities = list(services.late_activities(municipality, today))
    for a in activities:
        a.overdue_days = (today - a.ends_on).days if a.ends_on < today else 0
    return render(request, "actionplans/late.html", {"municipality": municipality, "activities": activities})


def _plan_form_page(request, municipality, form, plan=None, status=200):
    return render(
        request, "actionplans/plan_form.html", {"municipality": municipality, "form": form, "plan": plan}, status=status
    )


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality) -> HttpResponse:
    year = parse_year(request.GET.get("ar"), timezone.localdate().year)
    chosen = FocusArea.objects.filter(municipality=municipality, pk=request.GET.get("fokusomrade") or 0).first()
    if chosen:
        year = chosen.year
    focus_areas = FocusArea.objects.filter(
        municipality=municipality, status=FocusArea.Status.DECIDED, action_plan__isnull=True
    ).order_by("-year", "order", "name")
    if request.method == "GET":
        initial = {"focus_area": chosen.pk if chosen else None}
        initial.update(starts_on=f"{year}-01-01", ends_on=f"{year}-12-31")
        return _plan_form_page(request, municipality, PlanForm(focus_areas=focus_areas, initial=initial))
    form = PlanForm(request.POST, focus_areas=focus_areas)
    if not form.is_valid():
        return _plan_form_page(request, municipality, form, status=422)
    data = form.cleaned_data
    try:
        plan = services.create_plan(
            data["focus_area"], request.user, title=data["title"], starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
    except services.ActionPlanError as e:
        form.add_error("focus_area", str(e))
        return _plan_form_page(request, municipality, form, status=422)
    messages.success(request, _("Handlingsplanen är skapad. Lägg till mål och aktiviteter."))
    return to_plan(municipality, plan)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    copy = get_plan(municipality, plan_id)
    form = PlanForm(request.POST if request.method == "POST" else None, instance=copy)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_plan(
            plan, request.user, title=data["title"] or plan.title, starts_on=data["starts_on"], ends_on=data["ends_on"]
        )
        messages.success(request, _("Handlingsplanen är sparad."))
        return to_plan(municipality, plan)
    return _plan_form_page(request, municipality, form, plan, status=422 if form.errors else 200)


@municipality_view("edit_collaboration")
@require_POST
def delete(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    try:
        services.delete_plan(plan, request.user)
    except services.ActionPlanError as e:
        messages.error(request, str(e))
        return to_plan(municipality, plan)
    messages.success(request, _("Handlingsplanen är borttagen."))
    return redirect(f"{_index(municipality)}?ar={plan.focus_area.year}")


def _index(municipality) -> str:
    from django.urls import reverse

    return reverse("actionplans:index", kwargs={"code": municipality.code})


def goal_rows(plan: ActionPlan, today) -> list[dict]:
    rows = []
    for goal in plan.goals.all().select_related("cause"):
        gaps = smart.missing(goal)
        rows.append(
            {
                "goal": goal,
                "series": indicators.is_series(goal),
                "missing": gaps,
                "missing_labels": smart.labels(gaps),
                "current": indicators.current_value(goal, today) if indicators.is_series(goal) else None,
                "chart": chart.series_chart(goal, today),
                "parts": [(code, smart.SHORT[code], code not in gaps) for code in smart.PARTS],
            }
        )
    return rows


def plan_context(plan: ActionPlan) -> dict:
    today = timezone.localdate()
    activities = list(plan.activities.select_related("goal", "cause", "goal__cause", "organisation", "owner"))
    latest = {}
    for f in plan.follow_ups.filter(activity__isnull=False).order_by("year", "quarter", "id"):
        latest[f.activity_id] = f
    for a in activities:
        a.late = services.is_late(a, today)
        a.chain_cause = a.cause or (a.goal.cause if a.goal else None)
        a.latest_follow_up = latest.get(a.pk)
    quarters: dict[tuple[int, int], dict] = {}
    for f in plan.follow_ups.select_related("activity", "goal").order_by("-year", "-quarter", "id"):
        q = quarters.setdefault(
            (f.year, f.quarter), {"year": f.year, "quarter": f.quarter, "activities": [], "goals": []}
        )
        q["activities" if f.activity_id else "goals"].append(f)
    causes = []
    analysis = getattr(plan.focus_area, "cause_analysis", None)  # the reverse one-to-one raises when missing
    if analysis:
        causes = list(analysis.causes.all())
    return {
        "plan": plan,
        "goal_rows": goal_rows(plan, today),
        "activities": activities,
        "child_impact": ChildImpactAssessment.objects.filter(plan=plan).first(),
        "steps": services.next_steps(plan),
        "transitions": plan.transitions.select_related("actor"),
        "quarters": list(quarters.values()),
        "evaluation": Evaluation.objects.filter(plan=plan).first(),
        "analysis": analysis,
        "causes": causes,
        "can_follow_up": plan.status in services.workflow_follow_up_statuses(),
        "can_evaluate": plan.status in (ActionPlan.Status.COMPLETED, ActionPlan.Status.EVALUATED),
    }


@municipality_view("view_collaboration")
@require_GET
def detail(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    return render(request, "actionplans/detail.html", {"municipality": municipality, **plan_context(plan)})


@municipality_view("edit_collaboration")
@require_POST
def transition(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    to = request.POST.get("to", "")
    try:
        plan = services.transition(plan, request.user, to, request.POST.get("comment", ""))
    except ValueError:
        messages.error(request, _("Okänd status."))
    except services.TransitionRefused as e:
        messages.error(request, _("Steget gick inte att ta: %(reasons)s") % {"reasons": " ".join(e.reasons)})
    else:
        messages.success(request, _("Planen har nu status %(status)s.") % {"status": plan.get_status_display()})
    return to_plan(municipality, plan)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def child_impact(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    instance = ChildImpactAssessment.objects.filter(plan=plan).first()
    form = ChildImpactForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        assessment = services.save_child_impact(plan, request.user, form.cleaned_data)
        warn_personal_data(request, form.cleaned_data.values())
        if assessment.completed_at:
            messages.success(request, _("Barnkonsekvensanalysen är klar."))
        else:
            messages.warning(
                request,
                _(
                    "Barnkonsekvensanalysen är sparad men inte klar: "
                    "fyll i de tre första delarna innan planen godkänns."
                ),
            )
        return to_plan(municipality, plan)
    return render(
        request,
        "actionplans/child_impact_form.html",
        {"municipality": municipality, "plan": plan, "form": form},
        status=422 if form.errors else 200,
    )

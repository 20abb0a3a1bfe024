"""The quarterly follow-up of a plan (a status and comment per activity, a comment per goal, a
measured value for goals without a series) and the evaluation after it ends."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from actionplans import services
from actionplans.followup_forms import EvaluationForm, FollowUpForm
from actionplans.models import ActionPlan, Evaluation
from actionplans.views import get_plan, to_plan, warn_personal_data
from tenancy.decorators import municipality_view


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    if plan.status not in services.workflow_follow_up_statuses():
        messages.error(request, _("Planen följs upp när den är godkänd, pågår eller är avslutad."))
        return to_plan(municipality, plan)
    year, quarter = services.current_quarter()
    form = FollowUpForm(
        plan, request.POST if request.method == "POST" else None, initial={"year": year, "quarter": quarter}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_follow_up(plan, request.user, **form.service_data())
        except services.ActionPlanError as e:
            form.add_error(None, str(e))
        else:
            labels = form.pii_labels()
            if labels:
                messages.warning(
                    request,
                    _(
                        "Uppföljningen är sparad, men kommentarerna verkar innehålla personuppgifter "
                        "(%(kinds)s). Ta bort dem."
                    )
                    % {"kinds": ", ".join(labels)},
                )
            else:
                messages.success(request, _("Uppföljningen är sparad."))
            return to_plan(municipality, plan)
    activity_rows, goal_rows_ = form.rows()
    return render(
        request,
        "actionplans/follow_up_form.html",
        {
            "municipality": municipality,
            "plan": plan,
            "form": form,
            "activity_rows": activity_rows,
            "goal_rows": goal_rows_,
        },
        status=422 if form.errors else 200,
    )


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, municipality, plan_id: int) -> HttpResponse:
    plan = get_plan(municipality, plan_id)
    if plan.status not in (ActionPlan.Status.COMPLETED, ActionPlan.Status.EVALUATED):
        messages.error(request, _("Planen utvärderas när den är avslutad."))
        return to_plan(municipality, plan)
    form = EvaluationForm(
        request.POST if request.method == "POST" else None, instance=Evaluation.objects.filter(plan=plan).first()
    )
    if request.method == "POST" and form.is_valid():
        services.save_evaluation(plan, request.user, form.cleaned_data)
        warn_personal_data(request, form.cleaned_data.values())
        messages.success(request, _("Utvärderingen är sparad."))
        return to_plan(municipality, plan)
    return render(
        request,
        "actionplans/evaluation_form.html",
        {"municipality": municipality, "plan": plan, "form": form},
        status=422 if form.errors else 200,
    )

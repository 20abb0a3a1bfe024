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
from actionplans.views import get_plan, to_plan
from privacy import services as privacy
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
        plan,
        request.POST if request.method == "POST" else None,
        initial={"year": year, "quarter": quarter},
        pii_user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.record_follow_up(plan, request.user, **form.service_data())
        except services.ActionPlanError as e:
            form.add_error(None, str(e))
        else:
            left = form.confirm_pii(rows, request.user)
            if left:
                kinds = sorted({f.kind_label for f in left})
                messages.warning(
                    request,
                    _(
                        "Uppföljningen är sparad, men kommentarerna verkar innehålla personuppgifter "
                        "(%(kinds)s). Maskera dem eller bekräfta att de inte är personuppgifter: "
                        "rapporterna kan inte laddas ner förrän dess."
                    )
                    % {"kinds": ", ".join(kinds)},
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
        request.POST if request.method == "POST" else None,
        instance=Evaluation.objects.filter(plan=plan).first(),
        pii_user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        evaluation = services.save_evaluation(plan, request.user, form.cleaned_data)
        privacy.confirm(obj=evaluation, confirmations=form.pii_confirmed(), actor=request.user)
        left = privacy.unresolved(obj=evaluation)
        if left:
            messages.warning(request, privacy.refusal_message(left))
        messages.success(request, _("Utvärderingen är sparad."))
        return to_plan(municipality, plan)
    return render(
        request,
        "actionplans/evaluation_form.html",
        {"municipality": municipality, "plan": plan, "form": form},
        status=422 if form.errors else 200,
    )

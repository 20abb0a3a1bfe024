"""The coordinator's side of the feedback: the report's summary, publishing (refused while a shown
text holds unresolved personal data) and the proposed follow-up walk in the same area 3–6 months
later (4 by default), which starts from the proposals still open."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from privacy.services import CHECKED, UnresolvedPersonalData
from samtrygg.dates import add_months, format_date
from tenancy.decorators import municipality_view
from walks import feedback, services
from walks.measures import OPEN
from walks.models import Proposal, Walk
from walks.services import WalkError

FOLLOWUP_MONTHS = (3, 6)
FOLLOWUP_DEFAULT = 4


def open_proposals(walk: Walk) -> list[Proposal]:
    return list(
        walk.proposals.filter(status__in=(*OPEN, Proposal.Status.NEW))
        .select_related("owner_organisation")
        .order_by("answer_by", "id")
    )


def suggested_date(walk: Walk) -> datetime.date:
    return add_months(timezone.localdate(walk.starts_at), FOLLOWUP_DEFAULT)


def followups(walk: Walk):
    """Walks already planned as this one's follow-up (same area, 3–6 months later)."""
    day = timezone.localdate(walk.starts_at)
    return Walk.objects.filter(
        municipality=walk.municipality,
        area=walk.area,
        starts_at__date__gte=add_months(day, FOLLOWUP_MONTHS[0]),
        starts_at__date__lte=add_months(day, FOLLOWUP_MONTHS[1]),
    ).exclude(pk=walk.pk)


@transaction.atomic
def create_followup(*, walk: Walk, actor, day: datetime.date | None = None) -> Walk:
    """A planned walk in the same area and at the same time of day, its purpose listing the open
    proposals. WalkError unless the walk is done and the day is 3–6 months after it."""
    if walk.status != Walk.Status.DONE:
        raise WalkError(_("En uppföljande vandring planeras efter att vandringen är genomförd."))
    start_day = timezone.localdate(walk.starts_at)
    day = day or suggested_date(walk)
    if not add_months(start_day, FOLLOWUP_MONTHS[0]) <= day <= add_months(start_day, FOLLOWUP_MONTHS[1]):
        raise WalkError(_("Välj ett datum 3–6 månader efter vandringen."), "day")
    local = timezone.localtime(walk.starts_at)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, local.time().replace(tzinfo=None)))
    lines = [
        _("Uppföljning av trygghetsvandringen %(t)s %(d)s.") % {"t": walk.title, "d": format_date(start_day)},
    ]
    still_open = open_proposals(walk)
    if still_open:
        lines.append(_("Förslag som fortfarande är öppna:"))
        lines += [f"- {p.title} ({p.owner_organisation.name}, {p.get_status_display().lower()})" for p in still_open]
    else:
        lines.append(_("Alla förslag från vandringen är besvarade och åtgärdade eller avböjda."))
    duration = (walk.ends_at - walk.starts_at) if walk.ends_at else None
    return services.create_walk(
        municipality=walk.municipality,
        actor=actor,
        title=_("Uppföljning: %(t)s") % {"t": walk.title},
        starts_at=starts_at,
        ends_at=starts_at + duration if duration else None,
        area=walk.area,
        route=walk.route,
        meeting_point=walk.meeting_point,
        purpose="\n".join(lines),
    )


def _walk(municipality, walk_id: int) -> Walk:
    return get_object_or_404(Walk.objects.select_related("municipality", "area"), pk=walk_id, municipality=municipality)


@municipality_view("edit_walks")
@require_http_methods(["GET", "POST"])
def feedback_admin(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    refusal = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                n = feedback.confirm_not_personal(walk=walk, actor=request.user, keys=request.POST.getlist("finding"))
                messages.success(request, _("%(n)s fynd bekräftade som inte personuppgifter.") % {"n": n})
                return redirect(reverse("tips_review:feedback", kwargs={"code": municipality.code, "walk_id": walk.pk}))
            if action == "unpublish":
                feedback.unpublish(walk=walk, actor=request.user)
                messages.success(request, _("Återkopplingen är inte längre publicerad."))
            else:
                feedback.publish(walk=walk, actor=request.user, summary=request.POST.get("feedback_summary", ""))
                messages.success(request, _("Återkopplingen är publicerad."))
            return redirect(reverse("tips_review:feedback", kwargs={"code": municipality.code, "walk_id": walk.pk}))
        except (WalkError, UnresolvedPersonalData) as exc:
            refusal = str(exc)
            status = 409
            walk.refresh_from_db(fields=["published_at"])
    return render(
        request,
        "walks/public/feedback_admin.html",
        {
            "municipality": municipality,
            "walk": walk,
            "refusal": refusal,
            "summary": request.POST.get("feedback_summary", walk.feedback_summary),
            "open": open_proposals(walk),
            "suggested": suggested_date(walk),
            "followups": list(followups(walk)),
            "findings": [
                {"key": feedback.finding_key(obj, f), "finding": f, "confirmable": obj._meta.label_lower in CHECKED}
                for obj, f in feedback.unresolved_by_object(walk)
            ],
        },
        status=status,
    )


@municipality_view("edit_walks")
@require_POST
def create_followup_view(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    try:
        day = datetime.date.fromisoformat(request.POST.get("day", "")) if request.POST.get("day") else None
        new = create_followup(walk=walk, actor=request.user, day=day)
    except ValueError as exc:  # WalkError is a ValueError, as is a malformed date
        messages.error(request, str(exc) if isinstance(exc, WalkError) else _("Ange ett datum (ÅÅÅÅ-MM-DD)."))
        return redirect(reverse("tips_review:feedback", kwargs={"code": municipality.code, "walk_id": walk.pk}))
    messages.success(request, _("Den uppföljande vandringen är planerad."))
    return redirect(reverse("walks:detail", kwargs={"code": municipality.code, "walk_id": new.pk}))

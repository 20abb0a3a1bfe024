"""Proposals (åtgärdsförslag): made from observations, sent to their owners, answered (accept with
a planned date, done, or decline with a reason, possibly naming the owner instead, which routes a
copy there). Every change is audit-logged with who and when; an answer through an owner's link is
logged as the system with the owner's name and address."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from audit.models import AuditEntry
from samtrygg import uploads
from samtrygg.dates import local_today
from tenancy.models import Municipality, Organisation
from walks import owner_links, photos
from walks.models import Observation, OwnerLink, Proposal, ProposalAnswer, Walk
from walks.services import WalkError, drop_original

PROPOSAL_FIELDS = [
    "walk",
    "title",
    "description",
    "owner_organisation",
    "owner_name",
    "owner_email",
    "answer_by",
    "status",
    "planned_date",
    "focus_area",
    "activity",
    "rerouted_from",
]
# an answer opens only proposals that wait for one, or that were accepted and are not done yet
ANSWERABLE = (Proposal.Status.SENT, Proposal.Status.ACCEPTED)
# a re-routed proposal gives its new owner at least this long to answer
REROUTE_ANSWER_DAYS = 21


@transaction.atomic
def create_proposal(
    *,
    municipality: Municipality,
    actor,
    title: str,
    owner_organisation: Organisation,
    answer_by: datetime.date,
    walk: Walk | None = None,
    observations: list[Observation] = (),
    description: str = "",
    owner_name: str = "",
    owner_email: str = "",
    focus_area=None,
    activity=None,
) -> Proposal:
    if not title.strip():
        raise WalkError(_("Ange en rubrik."), "title")
    if owner_organisation.municipality_id != municipality.id:
        raise WalkError(_("Organisationen hör inte till kommunen."), "owner_organisation")
    if walk is not None and walk.municipality_id != municipality.id:
        raise WalkError(_("Vandringen hör inte till kommunen."), "walk")
    for observation in observations:
        if walk is None or observation.walk_id != walk.pk:
            raise WalkError(_("Observationen hör inte till vandringen."), "observations")
    if focus_area is not None and focus_area.municipality_id != municipality.id:
        raise WalkError(_("Fokusområdet hör inte till kommunen."), "focus_area")
    proposal = Proposal.objects.create(
        municipality=municipality,
        walk=walk,
        title=title.strip(),
        description=description.strip(),
        owner_organisation=owner_organisation,
        owner_name=owner_name.strip(),
        owner_email=owner_email.strip(),
        answer_by=answer_by,
        focus_area=focus_area,
        activity=activity,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    proposal.observations.set(observations)
    changes = audit.snapshot(proposal, PROPOSAL_FIELDS)
    changes["observations"] = sorted(o.pk for o in observations)
    audit.record(actor, AuditEntry.Action.CREATE, proposal, changes=changes)
    # the proposal now carries what the observation said: its text as written is no longer needed
    for observation in observations:
        drop_original(observation=observation, actor=actor)
    return proposal


@transaction.atomic
def update_proposal(*, proposal: Proposal, actor, **fields) -> Proposal:
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    audit.updated(actor, proposal, before)
    return proposal


@transaction.atomic
def send_proposals(*, proposals: list[Proposal], actor) -> list[OwnerLink]:
    """Send each owner (organisation + contact address) one e-mail with a new personal link to all
    their proposals; the proposals become "sent". A proposal without a contact address stays new."""
    from walks import mail

    groups: dict[tuple[int, str], list[Proposal]] = {}
    for proposal in proposals:
        if proposal.status != Proposal.Status.NEW:
            continue
        if not proposal.owner_email:
            raise WalkError(
                _("Förslaget ”%(title)s” saknar kontaktpersonens e-postadress.") % {"title": proposal.title},
                "owner_email",
            )
        groups.setdefault((proposal.owner_organisation_id, proposal.owner_email.lower()), []).append(proposal)
    links = []
    now = timezone.now()
    for group in groups.values():
        first = group[0]
        link, token = owner_links.issue_link(
            municipality=first.municipality,
            organisation=first.owner_organisation,
            email=first.owner_email,
            name=first.owner_name,
            actor=actor,
        )
        for proposal in group:
            update_proposal(proposal=proposal, actor=actor, status=Proposal.Status.SENT, sent_at=now)
        ids = [p.pk for p in group]
        transaction.on_commit(lambda link=link, token=token, ids=ids: mail.send_owner_link(link, token, ids))
        links.append(link)
    return links


def may_answer(user, proposal: Proposal) -> bool:
    """A user of the owner organisation, or a coordinator recording an answer given otherwise."""
    from tenancy.scoping import has_permission, organisation_id

    if not user or not user.is_authenticated:
        return False
    if has_permission(user, proposal.municipality, "edit_walks"):
        return True
    return (
        has_permission(user, proposal.municipality, "answer_proposals")
        and organisation_id(user, proposal.municipality) == proposal.owner_organisation_id
    )


@transaction.atomic
def answer_proposal(
    *,
    proposal: Proposal,
    decision: str,
    actor=None,
    link: OwnerLink | None = None,
    reason: str = "",
    planned_date: datetime.date | None = None,
    comment: str = "",
    photo=None,
    rerouted_to: Organisation | None = None,
    rerouted_contact_name: str = "",
    rerouted_contact_email: str = "",
) -> ProposalAnswer:
    """Record an owner's answer. Through a link (`link`) or by a user with an account (`actor`)."""
    if link is not None and (
        link.organisation_id != proposal.owner_organisation_id or link.municipality_id != proposal.municipality_id
    ):
        # another owner's proposal: the caller answers 404, as if it did not exist
        raise Proposal.DoesNotExist
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in ANSWERABLE:
        raise WalkError(
            _("Förslaget kan inte besvaras i sin nuvarande status (%(s)s).") % {"s": proposal.get_status_display()}
        )
    reason, comment = reason.strip(), comment.strip()
    status = {
        ProposalAnswer.Decision.ACCEPT: Proposal.Status.ACCEPTED,
        ProposalAnswer.Decision.DONE: Proposal.Status.DONE,
        ProposalAnswer.Decision.DECLINE: Proposal.Status.DECLINED,
    }.get(decision)
    if status is None:
        raise WalkError(_("Välj ett svar."), "decision")
    if decision == ProposalAnswer.Decision.ACCEPT and planned_date is None:
        raise WalkError(_("Ange när åtgärden är planerad."), "planned_date")
    if decision == ProposalAnswer.Decision.DECLINE:
        if not reason:
            raise WalkError(_("Ange varför förslaget inte åtgärdas."), "reason")
        if rerouted_to is not None:
            if (
                rerouted_to.municipality_id != proposal.municipality_id
                or rerouted_to.pk == proposal.owner_organisation_id
            ):
                raise WalkError(_("Välj en annan organisation i kommunen."), "rerouted_to")
            status = Proposal.Status.REROUTED
    answer = ProposalAnswer(
        proposal=proposal,
        decision=decision,
        reason=reason,
        planned_date=planned_date if decision == ProposalAnswer.Decision.ACCEPT else None,
        comment=comment,
        answered_by=actor if actor is not None and actor.is_authenticated else None,
        answered_by_name=(link.name or link.email)
        if link is not None
        else (actor.get_full_name() or actor.get_username()),
        via_link=link is not None,
        rerouted_to=rerouted_to if status == Proposal.Status.REROUTED else None,
        rerouted_contact_name=rerouted_contact_name.strip(),
        rerouted_contact_email=rerouted_contact_email.strip(),
    )
    if photo is not None:
        try:
            content, _w, _h = photos.clean_photo(photo)
        except photos.PhotoError as exc:
            raise WalkError(str(exc), "photo") from exc
    with uploads.removed_on_error(answer.photo):  # no photo left on disk without its answer
        if photo is not None:
            answer.photo.save("photo.jpg", content, save=False)
        answer.save()
    who = actor if link is None else None
    changes = audit.snapshot(answer, ["proposal", "decision", "reason", "planned_date", "comment", "rerouted_to"])
    changes["answered_by_name"] = answer.answered_by_name
    if link is not None:
        changes["via_link"] = link.email
        link.last_used_at = timezone.now()
        link.save(update_fields=["last_used_at"])
    audit.record(
        who,
        AuditEntry.Action.CREATE,
        answer,
        changes=changes,
        municipality=proposal.municipality,
        object_repr=f"{proposal.title}: {answer.get_decision_display()}",
    )
    fields = {"status": status}
    if decision == ProposalAnswer.Decision.ACCEPT:
        fields["planned_date"] = planned_date
    update_proposal(proposal=proposal, actor=who, **fields)
    if status == Proposal.Status.REROUTED:
        _reroute(proposal, answer, who)
    return answer


def _reroute(proposal: Proposal, answer: ProposalAnswer, actor) -> Proposal:
    """A copy for the organisation named instead, sent at once when a contact address was given."""
    today = local_today()
    copy = Proposal.objects.create(
        municipality=proposal.municipality,
        walk=proposal.walk,
        title=proposal.title,
        description=proposal.description,
        owner_organisation=answer.rerouted_to,
        owner_name=answer.rerouted_contact_name,
        owner_email=answer.rerouted_contact_email,
        answer_by=max(proposal.answer_by, today + datetime.timedelta(days=REROUTE_ANSWER_DAYS)),
        focus_area=proposal.focus_area,
        activity=proposal.activity,
        rerouted_from=proposal,
        created_by=proposal.created_by,
    )
    copy.observations.set(proposal.observations.all())
    audit.record(actor, AuditEntry.Action.CREATE, copy, changes=audit.snapshot(copy, PROPOSAL_FIELDS))
    if copy.owner_email:
        send_proposals(proposals=[copy], actor=actor)
    return copy

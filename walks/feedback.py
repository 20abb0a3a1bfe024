"""The walk's feedback report (återkopplingsrapport): what was observed, each proposal with its
owner, answer and status, and the photos the coordinator approved. The same content feeds the
public page, the PDF, the Word file and the public JSON.

Publishing (Walk.published_at) is refused while any text that would be shown has an unresolved
personal-data finding (privacy.services, as for citizen promises). Publishing tells the walk's
participants and the residents who subscribe; so does every later change of a proposal's status."""

import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log as audit
from privacy import services as privacy
from samtrygg import exporters
from samtrygg.dates import format_date
from walks import measures
from walks.models import Observation, ObservationPhoto, Proposal, ProposalAnswer, Walk
from walks.services import WalkError

# The texts a feedback report shows, per model; all of them are checked before publishing.
SHOWN_FIELDS = {
    Walk: ("title", "purpose", "feedback_summary"),
    Observation: ("text",),
    Proposal: ("title", "description"),
    ProposalAnswer: ("reason", "comment"),
}
STATUS_CSS = {
    Proposal.Status.NEW: "new",
    Proposal.Status.SENT: "sent",
    Proposal.Status.ACCEPTED: "planned",
    Proposal.Status.DONE: "done",
    Proposal.Status.DECLINED: "declined",
    Proposal.Status.REROUTED: "rerouted",
}


def published_walks(municipality):
    return Walk.objects.filter(municipality=municipality, published_at__isnull=False).select_related("area")


def public_proposals(municipality):
    """The proposals of the municipality's published walks: what the public map shows."""
    return (
        Proposal.objects.filter(municipality=municipality, walk__published_at__isnull=False)
        .select_related("owner_organisation", "walk")
        .prefetch_related("answers", "observations__category")
    )


def _proposals(walk: Walk) -> list[Proposal]:
    return list(
        walk.proposals.select_related("owner_organisation", "rerouted_from__owner_organisation")
        .prefetch_related("answers", "observations")
        .order_by("id")
    )


def unresolved_by_object(walk: Walk) -> list[tuple[object, privacy.FieldFinding]]:
    """(the object, the finding) for every unresolved personal-data finding in the texts the
    feedback report shows. An observation's findings its writer kept as not personal data (stored
    unmasked in Observation.pii) count as confirmed."""
    found = [(walk, f) for f in privacy.unresolved(obj=walk, fields=SHOWN_FIELDS[Walk], where=_("vandringen"))]
    for observation in walk.observations.select_related("category"):
        kept = {
            observation.text[f["start"] : f["end"]]
            for f in observation.pii
            if not f.get("masked", True) and "start" in f and "end" in f
        }
        where = _("observation %(n)s") % {"n": observation.pk}
        found += [
            (observation, f)
            for f in privacy.unresolved(
                obj=observation, fields=SHOWN_FIELDS[Observation], also_confirmed={"text": kept}, where=where
            )
        ]
    for proposal in _proposals(walk):
        where = _("förslaget ”%(t)s”") % {"t": proposal.title}
        found += [(proposal, f) for f in privacy.unresolved(obj=proposal, fields=SHOWN_FIELDS[Proposal], where=where)]
        for answer in proposal.answers.all():
            found += [
                (answer, f) for f in privacy.unresolved(obj=answer, fields=SHOWN_FIELDS[ProposalAnswer], where=where)
            ]
    return found


def unresolved(walk: Walk) -> list[privacy.FieldFinding]:
    """Every unresolved personal-data finding in the texts the feedback report shows."""
    return [f for _obj, f in unresolved_by_object(walk)]


@transaction.atomic
def confirm_not_personal(*, walk: Walk, actor, keys: list[str]) -> int:
    """Confirm findings of the report's texts as not personal data; `keys` as finding_key() gives
    them. Only findings unresolved in this walk's texts are confirmed; returns how many."""
    wanted = set(keys)
    done = 0
    for obj, f in unresolved_by_object(walk):
        if finding_key(obj, f) in wanted and obj._meta.label_lower in privacy.CHECKED:
            done += len(privacy.confirm(obj=obj, confirmations={f.field: [f.text]}, actor=actor))
    return done


def finding_key(obj, f: privacy.FieldFinding) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}:{f.field}:{f.text}"


@transaction.atomic
def publish(*, walk: Walk, actor, summary: str | None = None) -> Walk:
    """Publish the feedback report. WalkError when the walk is not done; UnresolvedPersonalData
    (with the refusal naming each field) while a shown text holds an unresolved finding."""
    if walk.status != Walk.Status.DONE:
        raise WalkError(_("Återkopplingen kan publiceras först när vandringen är genomförd."), "status")
    before = audit.snapshot(walk, ["feedback_summary", "published_at"])
    if summary is not None:
        walk.feedback_summary = summary.strip()
    found = unresolved(walk)
    if found:
        raise privacy.UnresolvedPersonalData(found)
    first = walk.published_at is None
    walk.published_at = walk.published_at or timezone.now()
    walk.save(update_fields=["feedback_summary", "published_at", "updated_at"])
    audit.updated(actor, walk, before)
    if first:
        walk_id = walk.pk
        transaction.on_commit(lambda: notify_published(walk_id=walk_id))
    return walk


@transaction.atomic
def unpublish(*, walk: Walk, actor) -> Walk:
    before = audit.snapshot(walk, ["published_at"])
    walk.published_at = None
    walk.save(update_fields=["published_at", "updated_at"])
    audit.updated(actor, walk, before)
    return walk


def approved_photos(observation: Observation) -> list[ObservationPhoto]:
    return [p for p in observation.photos.all() if p.approved_for_publication]


def content(walk: Walk) -> dict:
    """Everything the report shows, in the order it shows it."""
    observations = list(walk.observations.select_related("category").prefetch_related("photos"))
    numbers = {o.pk: i for i, o in enumerate(observations, start=1)}
    for o in observations:
        o.number = numbers[o.pk]
        o.public_photos = approved_photos(o)
    proposals = _proposals(walk)
    for p in proposals:
        p.latest = p.answer
        p.css = STATUS_CSS.get(p.status, "sent")
        p.observation_numbers = sorted(numbers[o.pk] for o in p.observations.all() if o.pk in numbers)
        p.answer_by_text = format_date(p.answer_by)
        p.planned_text = format_date(p.planned_date) if p.planned_date else ""
        p.answered_text = format_date(timezone.localdate(p.latest.answered_at)) if p.latest else ""
        p.overdue = p.status == Proposal.Status.SENT and p.answer_by < timezone.localdate()
    counts: dict[str, int] = {}
    for p in proposals:
        counts[p.get_status_display()] = counts.get(p.get_status_display(), 0) + 1
    return {
        "walk": walk,
        "date": format_date(timezone.localdate(walk.starts_at)),
        "published": format_date(timezone.localdate(walk.published_at)) if walk.published_at else "",
        "observations": observations,
        "proposals": proposals,
        "counts": counts,
        "measures": measures.for_walk(walk),
    }


def as_json(walk: Walk) -> dict:
    """The public feedback as JSON (the API's /public/walks/{id})."""
    data = content(walk)
    return {
        "id": walk.pk,
        "municipality": walk.municipality.code,
        "title": walk.title,
        "date": timezone.localdate(walk.starts_at).isoformat(),
        "area": walk.area.name if walk.area_id else None,
        "summary": walk.feedback_summary,
        "published_at": walk.published_at.isoformat() if walk.published_at else None,
        "observations": [
            {
                "number": o.number,
                "category": o.category.name,
                "lat": o.lat,
                "lon": o.lon,
                "text": o.text,
                "photos": [_photo_url(walk, ph) for ph in o.public_photos],
            }
            for o in data["observations"]
        ],
        "proposals": [proposal_json(p) | {"observations": p.observation_numbers} for p in data["proposals"]],
        "measures": data["measures"],
    }


def proposal_json(p: Proposal) -> dict:
    latest = p.answer
    return {
        "id": p.pk,
        "title": p.title,
        "description": p.description,
        "owner_organisation": p.owner_organisation.name,
        "status": p.status,
        "status_label": p.get_status_display(),
        "answer_by": p.answer_by.isoformat(),
        "planned_date": p.planned_date.isoformat() if p.planned_date else None,
        "rerouted_from": p.rerouted_from_id,
        "answer": {
            "decision": latest.decision,
            "reason": latest.reason,
            "comment": latest.comment,
            "planned_date": latest.planned_date.isoformat() if latest.planned_date else None,
            "answered_at": latest.answered_at.isoformat(),
        }
        if latest
        else None,
    }


def _photo_url(walk: Walk, photo: ObservationPhoto) -> str:
    from django.urls import reverse

    return reverse("public_walks:photo", kwargs={"code": walk.municipality.code, "photo_id": photo.pk})


def public_photo(*, code: str, photo_id: int) -> ObservationPhoto | None:
    """An approved photo of a published walk, or None (the view answers 404)."""
    return (
        ObservationPhoto.objects.filter(
            pk=photo_id,
            approved_for_publication=True,
            observation__walk__published_at__isnull=False,
            observation__walk__municipality__code=code,
        )
        .select_related("observation__walk")
        .first()
    )


# ---- downloads (samtrygg.exporters) ------------------------------------------------------------


class FeedbackPdf:
    def __init__(self, walk: Walk):
        self.walk = walk

    def render(self) -> exporters.Export:
        from samtrygg.pdffile import render_pdf

        html = render_to_string("walks/public/feedback_pdf.html", content(self.walk))
        return exporters.Export(
            exporters.filename(_("Återkoppling %(t)s") % {"t": self.walk.title}, "pdf"),
            exporters.PDF,
            render_pdf(html, use_cache=False),
        )


class FeedbackWord:
    def __init__(self, walk: Walk):
        self.walk = walk

    def render(self) -> exporters.Export:
        import io

        from samtrygg.wordfile import a4_document, table

        data = content(self.walk)
        walk = self.walk
        document, _section = a4_document(_("Återkoppling från trygghetsvandring"))
        document.add_heading(_("Återkoppling: %(t)s") % {"t": walk.title}, level=1)
        document.add_paragraph(
            _("Trygghetsvandring i %(m)s kommun %(d)s.") % {"m": walk.municipality.name, "d": data["date"]}
        )
        if walk.feedback_summary:
            document.add_paragraph(walk.feedback_summary)
        document.add_heading(_("Det här såg vi"), level=2)
        table(
            document,
            [_("Nr"), _("Kategori"), _("Observation")],
            [[o.number, o.category.name, o.text] for o in data["observations"]],
            numeric_from=99,
        )
        document.add_heading(_("Åtgärdsförslag och svar"), level=2)
        table(
            document,
            [_("Förslag"), _("Ansvarig"), _("Status"), _("Svar")],
            [[p.title, p.owner_organisation.name, p.get_status_display(), _answer_text(p)] for p in data["proposals"]],
            numeric_from=99,
        )
        out = io.BytesIO()
        document.save(out)
        return exporters.Export(
            exporters.filename(_("Återkoppling %(t)s") % {"t": walk.title}, "docx"), exporters.DOCX, out.getvalue()
        )


def _answer_text(p: Proposal) -> str:
    a = p.answer
    if a is None:
        return _("Inget svar ännu (svar senast %(d)s)") % {"d": format_date(p.answer_by)}
    parts = [a.get_decision_display()]
    if a.planned_date:
        parts.append(_("planerat %(d)s") % {"d": format_date(a.planned_date)})
    if a.reason:
        parts.append(a.reason)
    if a.comment:
        parts.append(a.comment)
    if a.rerouted_to_id:
        parts.append(_("skickat vidare till %(o)s") % {"o": a.rerouted_to.name})
    return ". ".join(parts)


# ---- notifications -----------------------------------------------------------------------------


def participant_addresses(walk: Walk) -> list[str]:
    seen, out = set(), []
    for p in walk.participants.select_related("user", "organisation").filter(kind="walker"):
        address = (p.address or "").lower()
        if address and address not in seen:
            seen.add(address)
            out.append(p.address)
    return out


def notify_published(*, walk_id: int) -> int:
    from tips import mail

    walk = Walk.objects.select_related("municipality").get(pk=walk_id)
    return mail.send_feedback(walk=walk, proposal=None)


def notify_status(*, proposal_id: int, old: str, new: str) -> int:
    from tips import mail

    proposal = (
        Proposal.objects.select_related("walk__municipality", "owner_organisation").filter(pk=proposal_id).first()
    )
    if proposal is None or proposal.walk is None or proposal.walk.published_at is None:
        return 0
    return mail.send_feedback(walk=proposal.walk, proposal=proposal)


def followup_date(walk: Walk) -> datetime.date:
    from samtrygg.dates import add_months

    return add_months(timezone.localdate(walk.starts_at), 4)

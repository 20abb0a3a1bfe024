"""The coordinator's and walkers' pages: the list, planning a walk, the walk with its observations,
proposals and measures, recording on a phone, and an owner organisation's proposals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tenancy.decorators import municipality_view
from tenancy.scoping import has_permission
from walks import mail, measures, owner_links, queries, services
from walks import proposals as proposal_services
from walks.categories import categories
from walks.forms import AnswerForm, ParticipantForm, ProposalForm, WalkForm
from walks.models import RATING_FIELDS, ObservationPhoto, OwnerLink, Proposal, Walk
from walks.services import WalkError


def _walk(municipality, walk_id: int) -> Walk:
    return get_object_or_404(Walk.objects.select_related("municipality", "area"), pk=walk_id, municipality=municipality)


def _require_walks_access(request, municipality) -> None:
    """Those who read walks and those who only record on them (reporters) alike."""
    if not (
        has_permission(request.user, municipality, "view_walks")
        or has_permission(request.user, municipality, "record_observations")
    ):
        raise PermissionDenied


def _back(walk: Walk, anchor: str = "") -> HttpResponse:
    url = reverse("walks:detail", kwargs={"code": walk.municipality.code, "walk_id": walk.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@municipality_view("view_areas")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    _require_walks_access(request, municipality)
    walks = Walk.objects.filter(municipality=municipality).select_related("area")
    can_view = has_permission(request.user, municipality, "view_walks")
    return render(
        request,
        "walks/index.html",
        {
            "municipality": municipality,
            "walks": walks if can_view else walks.filter(status=Walk.Status.PLANNED),
            "can_view": can_view,
            "can_edit": has_permission(request.user, municipality, "edit_walks"),
            "can_record": has_permission(request.user, municipality, "record_observations"),
        },
    )


@municipality_view("edit_walks")
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, municipality) -> HttpResponse:
    form = WalkForm(municipality, request.POST or None, pii_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        walk = services.create_walk(
            municipality=municipality,
            actor=request.user,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            area=data.get("area"),
            meeting_point=data.get("meeting_point", ""),
            purpose=data.get("purpose", ""),
            route=form.route(),
        )
        messages.success(request, _("Vandringen är planerad. Lägg till deltagare och skicka inbjudan."))
        return _back(walk)
    status = 422 if request.method == "POST" else 200
    return render(request, "walks/new.html", {"municipality": municipality, "form": form}, status=status)


def _detail_context(request, municipality, walk, **forms) -> dict:
    observations = list(
        walk.observations.select_related("category", "walk__municipality").prefetch_related("photos", "proposals")
    )
    for o in observations:
        o.original = queries.original_for(request.user, o)
    proposals = (
        walk.proposals.select_related("owner_organisation", "rerouted_from")
        .prefetch_related("answers", "observations")
        .order_by("answer_by", "id")
    )
    return {
        "municipality": municipality,
        "walk": walk,
        "participants": walk.participants.select_related("user", "organisation"),
        "observations": observations,
        "proposals": proposals,
        "measures": measures.for_walk(walk),
        "can_edit": has_permission(request.user, municipality, "edit_walks"),
        "participant_form": forms.get("participant_form") or ParticipantForm(municipality),
        "proposal_form": forms.get("proposal_form") or ProposalForm(walk, pii_user=request.user),
        "rating_fields": RATING_FIELDS,
        "statuses": Walk.Status.choices,
        "links": OwnerLink.objects.filter(
            municipality=municipality,
            organisation_id__in=proposals.values("owner_organisation_id"),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).select_related("organisation"),
    }


@municipality_view("view_walks")
@require_GET
def detail(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    return render(request, "walks/detail.html", _detail_context(request, municipality, walk))


@municipality_view("edit_walks")
@require_POST
def participant_add(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    form = ParticipantForm(municipality, request.POST)
    if not form.is_valid():
        ctx = _detail_context(request, municipality, walk, participant_form=form)
        return render(request, "walks/detail.html", ctx, status=422)
    services.add_participant(walk=walk, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Deltagaren är tillagd."))
    return _back(walk, "participants-h")


@municipality_view("edit_walks")
@require_POST
def status(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    value = request.POST.get("status", "")
    if value not in Walk.Status.values:
        messages.error(request, _("Välj en status."))
    else:
        services.update_walk(walk=walk, actor=request.user, status=value)
        messages.success(request, _("Status: %(s)s.") % {"s": walk.get_status_display()})
    return _back(walk)


@municipality_view("edit_walks")
@require_POST
def revoke_link(request: HttpRequest, municipality, link_id: int) -> HttpResponse:
    link = get_object_or_404(OwnerLink, pk=link_id, municipality=municipality)
    owner_links.revoke(link=link, actor=request.user)
    messages.success(request, _("Länken till %(email)s är återkallad.") % {"email": link.email})
    walk_id = request.POST.get("walk")
    walk = Walk.objects.filter(municipality=municipality, pk=walk_id).first() if walk_id else None
    if walk is None:
        return redirect(reverse("walks:index", kwargs={"code": municipality.code}))
    return _back(walk, "links-h")


@municipality_view("edit_walks")
@require_POST
def invite(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    pending = [p for p in walk.participants.select_related("user") if p.address and not p.invitation_sent_at]
    if not pending:
        messages.info(request, _("Alla deltagare med e-postadress har redan fått inbjudan."))
    else:
        transaction.on_commit(lambda: mail.send_invitations(walk.pk))
        messages.success(request, _("Inbjudan skickas till %(n)d deltagare.") % {"n": len(pending)})
    return _back(walk, "participants-h")


@municipality_view("edit_walks")
@require_POST
def proposal_add(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    form = ProposalForm(walk, request.POST, pii_user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            proposal_services.create_proposal(
                municipality=municipality,
                actor=request.user,
                walk=walk,
                title=data["title"],
                description=data.get("description", ""),
                observations=list(walk.observations.filter(pk__in=data.get("observations") or [])),
                owner_organisation=data["owner_organisation"],
                owner_name=data.get("owner_name", ""),
                owner_email=data.get("owner_email", ""),
                answer_by=data["answer_by"],
            )
        except WalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Förslaget är sparat."))
            return _back(walk, "proposals-h")
    return render(
        request, "walks/detail.html", _detail_context(request, municipality, walk, proposal_form=form), status=422
    )


@municipality_view("edit_walks")
@require_POST
def proposals_send(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    walk = _walk(municipality, walk_id)
    new = list(walk.proposals.filter(status=Proposal.Status.NEW).select_related("owner_organisation", "municipality"))
    try:
        links = proposal_services.send_proposals(proposals=new, actor=request.user)
    except WalkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Förslagen är skickade till %(n)d ägare.") % {"n": len(links)})
    return _back(walk, "proposals-h")


@municipality_view("edit_walks")
@require_POST
def photo_approve(request: HttpRequest, municipality, photo_id: int) -> HttpResponse:
    photo = get_object_or_404(
        ObservationPhoto.objects.select_related("observation__walk__municipality"),
        pk=photo_id,
        observation__walk__municipality=municipality,
    )
    services.approve_photo(photo=photo, actor=request.user, approved=request.POST.get("approved") == "1")
    return _back(photo.observation.walk, f"observation-{photo.observation_id}")


@municipality_view("view_areas")
@require_GET
def photo(request: HttpRequest, municipality, photo_id: int) -> HttpResponse:
    """The file only through this permission-checked view (photos have no public URL): for those
    who read walks and those who record on them."""
    _require_walks_access(request, municipality)
    obj = get_object_or_404(ObservationPhoto, pk=photo_id, observation__walk__municipality=municipality)
    response = FileResponse(obj.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@municipality_view("record_observations")
@require_GET
def record(request: HttpRequest, municipality, walk_id: int) -> HttpResponse:
    """The phone page: observations are sent through the API, or kept on the phone while offline."""
    walk = _walk(municipality, walk_id)
    return render(
        request,
        "walks/record.html",
        {
            "municipality": municipality,
            "walk": walk,
            "categories": categories(municipality),
            "rating_fields": RATING_FIELDS,
            "mine": walk.observations.filter(created_by=request.user).select_related("category").order_by("-id")[:50],
            "walk_strings": {
                "online": _("Ansluten: observationer skickas direkt."),
                "offline": _(
                    "Ingen anslutning: observationer sparas i telefonen och skickas när anslutningen är tillbaka."
                ),
                "waiting": _("väntar"),
                "sending": _("skickas …"),
                "failed": _("kunde inte sparas"),
                "remove": _("Ta bort"),
                "no_position": _("Välj en plats: använd din position eller tryck på kartan."),
                "no_category": _("Välj en kategori."),
                "saved_local": _("Sparad i telefonen."),
                "sent": _("Skickad."),
                "photo_too_big": _("Bilden får inte plats i telefonens lagring; observationen sparas utan bild."),
                "position_wait": _("Hämtar position …"),
                "position_set": _("Position vald."),
                "position_failed": _("Positionen kunde inte hämtas. Tryck på kartan i stället."),
                "position_unsupported": _("Telefonen kan inte ge position. Tryck på kartan i stället."),
                "chosen_place": _("Vald plats"),
                "with_photo": _("med foto"),
            },
        },
    )


@municipality_view("answer_proposals")
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, municipality) -> HttpResponse:
    """An owner organisation's proposals, for its users with an account."""
    organisation_id = queries.own_organisations(request.user).get(municipality.id)
    proposals = Proposal.objects.none()
    if organisation_id:
        proposals = (
            Proposal.objects.filter(municipality=municipality, owner_organisation_id=organisation_id)
            .exclude(status=Proposal.Status.NEW)
            .select_related("walk", "owner_organisation", "municipality")
            .prefetch_related("answers", "observations__category")
        )
    items, status = _answer_items(request, list(proposals), actor=request.user)
    if items is None:
        return redirect(reverse("walks:mine", kwargs={"code": municipality.code}))
    return render(
        request,
        "walks/mine.html",
        {"municipality": municipality, "items": items, "has_organisation": bool(organisation_id)},
        status=status,
    )


def _answer_items(request, proposals, *, actor=None, link=None):
    """[(proposal, form)] for the answer page; on a valid POST the answer is saved and None returned."""
    target = request.POST.get("proposal") if request.method == "POST" else None
    items, status = [], 200
    for proposal in proposals:
        bound = target == str(proposal.pk)
        form = AnswerForm(proposal, request.POST if bound else None, request.FILES if bound else None)
        if bound and form.is_valid():
            data = form.cleaned_data
            try:
                proposal_services.answer_proposal(
                    proposal=proposal,
                    actor=actor,
                    link=link,
                    decision=data["decision"],
                    reason=data.get("reason", ""),
                    planned_date=data.get("planned_date"),
                    comment=data.get("comment", ""),
                    photo=data.get("photo"),
                    rerouted_to=data.get("rerouted_to"),
                    rerouted_contact_name=data.get("rerouted_contact_name", ""),
                    rerouted_contact_email=data.get("rerouted_contact_email", ""),
                )
            except WalkError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Tack, svaret är sparat: ”%(title)s”.") % {"title": proposal.title})
                return None, 200
        if bound:
            status = 422
        items.append((proposal, form))
    return items, status

"""What a user may see of walks and proposals (tenant scoping through tenancy.scoping)."""

from django.db.models import Q

from tenancy.scoping import municipality_ids, roles_by_municipality
from walks.models import Proposal, Walk


def visible_walks(user):
    return Walk.objects.filter(municipality_id__in=municipality_ids(user, "view_walks"))


def recordable_walks(user):
    return Walk.objects.filter(municipality_id__in=municipality_ids(user, "record_observations"))


def own_organisations(user) -> dict[int, int]:
    """{municipality id: organisation id} of the user's memberships (the owner side)."""
    from tenancy.models import Municipality
    from tenancy.scoping import organisation_id

    result = {}
    for municipality_id in roles_by_municipality(user):
        org = organisation_id(user, Municipality(id=municipality_id))
        if org:
            result[municipality_id] = org
    return result


def visible_proposals(user):
    """All proposals where the user may see walks, and their own organisation's proposals (sent or
    later) where they only answer for it."""
    condition = Q(municipality_id__in=municipality_ids(user, "view_walks"))
    for municipality_id, organisation_id in own_organisations(user).items():
        if municipality_id in municipality_ids(user, "answer_proposals"):
            condition |= Q(municipality_id=municipality_id, owner_organisation_id=organisation_id) & ~Q(
                status=Proposal.Status.NEW
            )
    return Proposal.objects.filter(condition)


def original_for(user, observation) -> str:
    """The text as written, for the municipality's coordinators and admins while it is kept."""
    from tenancy.scoping import has_permission

    if observation.text_original and has_permission(user, observation.walk.municipality, "view_report_original"):
        return observation.text_original
    return ""

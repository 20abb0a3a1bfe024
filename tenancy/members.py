"""Users, memberships and organisations of a municipality, managed by its admins."""

from django.contrib.auth import get_user_model
from django.db import transaction

from audit import log as audit
from tenancy.models import Membership, Municipality, Organisation

MEMBERSHIP_FIELDS = ["user", "municipality", "role", "organisation"]


@transaction.atomic
def add_member(
    municipality: Municipality,
    actor,
    *,
    username: str,
    role: str,
    organisation=None,
    email: str = "",
    password: str | None = None,
) -> Membership:
    """Grant a role; the user account is created if it does not exist yet."""
    User = get_user_model()
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(username=username, email=email)
        user.set_password(password) if password else user.set_unusable_password()
        user.save()
        audit.record(actor, "create", user, municipality=municipality, changes={"username": username, "email": email})
    membership = Membership.objects.create(user=user, municipality=municipality, role=role, organisation=organisation)
    audit.created(actor, membership, MEMBERSHIP_FIELDS)
    return membership


@transaction.atomic
def change_membership(membership: Membership, actor, *, role: str, organisation=None) -> None:
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role = role
    membership.organisation = organisation
    membership.save()
    audit.updated(actor, membership, before)


@transaction.atomic
def remove_membership(membership: Membership, actor) -> None:
    audit.deleted(actor, membership, MEMBERSHIP_FIELDS)
    membership.delete()


@transaction.atomic
def add_organisation(municipality: Municipality, actor, *, name: str, kind: str) -> Organisation:
    organisation = Organisation.objects.create(municipality=municipality, name=name, kind=kind)
    audit.created(actor, organisation)
    return organisation

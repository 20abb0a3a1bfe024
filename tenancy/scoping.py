"""Tenant scoping: the one place that decides which municipalities a user may see and act in.

Views and the API never filter by municipality themselves; they ask this module, so a view that
forgets scoping cannot exist by accident. Unknown or foreign municipalities and objects answer
404, so that nobody learns that another municipality's object exists.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tenancy.models import Membership, Municipality, PoliceArea
from tenancy.roles import PERMISSIONS

_CACHE_ATTR = "_samtrygg_roles"
_ORG_ATTR = "_samtrygg_organisations"


def roles_by_municipality(user) -> dict[int, frozenset[str]]:
    """{municipality id: roles}. Police-area memberships count for each covered municipality.
    Cached on the user object for the rest of the request."""
    if not user or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = defaultdict(set)
    area_roles: dict[int, set[str]] = defaultdict(set)
    organisations: dict[int, int] = {}
    for municipality_id, police_area_id, role, organisation_id in (
        Membership.objects.filter(user=user)
        .order_by("id")
        .values_list("municipality_id", "police_area_id", "role", "organisation_id")
    ):
        if municipality_id:
            roles[municipality_id].add(role)
            if organisation_id:
                organisations.setdefault(municipality_id, organisation_id)
        else:
            area_roles[police_area_id].add(role)
    if area_roles:
        through = PoliceArea.municipalities.through.objects.filter(policearea_id__in=area_roles)
        for area_id, municipality_id in through.values_list("policearea_id", "municipality_id"):
            roles[municipality_id] |= area_roles[area_id]
    result = {m: frozenset(r) for m, r in roles.items()}
    setattr(user, _CACHE_ATTR, result)
    setattr(user, _ORG_ATTR, organisations)
    return result


def organisation_id(user, municipality) -> int | None:
    """The organisation the user works for in this municipality (their first membership's)."""
    roles_by_municipality(user)
    return getattr(user, _ORG_ATTR, {}).get(municipality.id)


def municipality_ids(user, permission: str | None = None) -> list[int]:
    allowed = PERMISSIONS[permission] if permission else None
    return [m for m, roles in roles_by_municipality(user).items() if allowed is None or roles & allowed]


def visible_municipalities(user, permission: str | None = None):
    return Municipality.objects.filter(id__in=municipality_ids(user, permission)).order_by("name")


def has_permission(user, municipality: Municipality, permission: str) -> bool:
    return bool(roles_by_municipality(user).get(municipality.id, frozenset()) & PERMISSIONS[permission])


def get_municipality(user, code: str, permission: str) -> Municipality:
    """The municipality with this SCB code if the user may see it (else 404) and holds
    `permission` in it (else 403)."""
    roles = roles_by_municipality(user)
    # The boundary is large and only needed when the in-process geometry cache is cold.
    municipality = Municipality.objects.filter(code=code, id__in=list(roles)).defer("boundary").first()
    if municipality is None:
        raise Http404
    if not roles[municipality.id] & PERMISSIONS[permission]:
        raise PermissionDenied
    return municipality


def member_municipality(user, code: str) -> Municipality:
    """The municipality with this SCB code if the user has any role in it, else 404: a list
    filtered by a municipality the user cannot see answers 404 like that municipality's objects
    (not an empty list, which would tell that the code exists)."""
    municipality = Municipality.objects.filter(code=code, id__in=municipality_ids(user)).defer("boundary").first()
    if municipality is None:
        raise Http404
    return municipality


def scoped(queryset, user, permission: str):
    """Restrict a queryset of municipality-owned rows to those the user may see."""
    return queryset.filter(municipality_id__in=municipality_ids(user, permission))

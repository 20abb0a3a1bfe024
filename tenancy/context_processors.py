from tenancy.roles import PERMISSIONS
from tenancy.scoping import roles_by_municipality, visible_municipalities


def municipalities(request):
    """The municipalities the signed-in user works in, and what they may do in the current one,
    for the navigation."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    context = {"my_municipalities": list(visible_municipalities(user))}
    current = getattr(request, "municipality", None)
    if current is not None:
        roles = roles_by_municipality(user).get(current.id, frozenset())
        context["can"] = {name: bool(roles & allowed) for name, allowed in PERMISSIONS.items()}
    return context

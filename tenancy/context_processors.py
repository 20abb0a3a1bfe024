from tenancy.scoping import visible_municipalities


def municipalities(request):
    """The municipalities the signed-in user works in, for the navigation."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"my_municipalities": list(visible_municipalities(user))}

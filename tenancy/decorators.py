"""Decorators that resolve the municipality in the URL through the scoping module."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from tenancy.scoping import get_municipality


def municipality_view(permission: str):
    """The view gets `municipality` instead of the URL's `code`, already checked for `permission`."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, code: str, *args, **kwargs):
            municipality = get_municipality(request.user, code, permission)
            request.municipality = municipality
            return view(request, municipality, *args, **kwargs)

        return wrapper

    return decorator

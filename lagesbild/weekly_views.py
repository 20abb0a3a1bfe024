from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lagesbild import weekly
from tenancy.decorators import municipality_view


@municipality_view("view_situation")
@require_POST
def subscription(request: HttpRequest, municipality) -> HttpResponse:
    """Turn the Monday e-mail with last week's situation picture on or off."""
    if request.POST.get("subscribe") == "1":
        if not request.user.email:
            messages.error(request, _("Ditt konto saknar e-postadress. Be administratören lägga till den."))
        else:
            weekly.subscribe(request.user, municipality)
            messages.success(request, _("Du får veckolägesbilden med e-post varje måndag morgon."))
    else:
        weekly.unsubscribe(request.user, municipality)
        messages.success(request, _("Du får inte längre veckolägesbilden med e-post."))
    return redirect("lagesbild:index", code=municipality.code)

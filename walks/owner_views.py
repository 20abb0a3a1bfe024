"""The owner's answer page without an account: opened by the personal link in the e-mail."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from walks import owner_links
from walks.views import _answer_items


@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    link = owner_links.resolve(token)
    if link is None:
        # unknown, expired and revoked look alike: nobody learns which links once existed
        return render(request, "walks/owner_link_invalid.html", status=404)
    items, status = _answer_items(request, list(owner_links.proposals_for(link)), link=link)
    if items is None:
        return redirect(reverse("walks_owner:answer", kwargs={"token": token}))
    response = render(request, "walks/owner_answer.html", {"link": link, "items": items}, status=status)
    # the secret is in the URL: keep it out of other sites' logs and of shared caches
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response

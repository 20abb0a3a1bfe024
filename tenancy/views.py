"""Admin pages: the municipality's users, their roles, and its organisations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tenancy import members
from tenancy.decorators import municipality_view
from tenancy.forms import MemberForm, MembershipForm, OrganisationForm
from tenancy.models import Membership, Organisation


@municipality_view("manage_users")
@require_http_methods(["GET", "POST"])
def member_list(request, municipality):
    form = MemberForm(municipality, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        members.add_member(
            municipality,
            request.user,
            username=d["username"],
            role=d["role"],
            organisation=d["organisation"],
            email=d["email"],
            password=d["password"] or None,
        )
        messages.success(request, _("%(user)s har fått rollen.") % {"user": d["username"]})
        return redirect("tenancy:members", code=municipality.code)
    memberships = (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "organisation")
        .order_by("user__username")
    )
    area_memberships = (
        Membership.objects.filter(police_area__municipalities=municipality)
        .select_related("user", "police_area")
        .order_by("user__username")
    )
    return render(
        request,
        "tenancy/members.html",
        {
            "municipality": municipality,
            "form": form,
            "memberships": memberships,
            "area_memberships": area_memberships,
            "organisations": Organisation.objects.filter(municipality=municipality),
        },
        status=422 if form.errors else 200,
    )


@municipality_view("manage_users")
@require_POST
def member_change(request, municipality, membership_id: int):
    membership = get_object_or_404(Membership, municipality=municipality, pk=membership_id)
    if "remove" in request.POST:
        if membership.user_id == request.user.pk and membership.role == "admin":
            messages.error(request, _("Du kan inte ta bort din egen administratörsroll."))
        else:
            members.remove_membership(membership, request.user)
            messages.success(request, _("Rollen är borttagen."))
        return redirect("tenancy:members", code=municipality.code)
    form = MembershipForm(municipality, request.POST)
    if form.is_valid():
        members.change_membership(
            membership, request.user, role=form.cleaned_data["role"], organisation=form.cleaned_data["organisation"]
        )
        messages.success(request, _("Rollen är ändrad."))
    else:
        messages.error(request, _("Välj en roll och organisation i listorna."))
    return redirect("tenancy:members", code=municipality.code)


@municipality_view("manage_users")
@require_http_methods(["GET", "POST"])
def organisation_list(request, municipality):
    form = OrganisationForm(municipality, request.POST or None)
    if request.method == "POST" and form.is_valid():
        members.add_organisation(municipality, request.user, **form.cleaned_data)
        messages.success(request, _("Organisationen är tillagd."))
        return redirect("tenancy:organisations", code=municipality.code)
    return render(
        request,
        "tenancy/organisations.html",
        {
            "municipality": municipality,
            "form": form,
            "organisations": Organisation.objects.filter(municipality=municipality),
        },
        status=422 if form.errors else 200,
    )

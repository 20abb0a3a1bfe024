"""The coordinators' pages for citizen promises (medborgarlöften): the list per year, the form
with the four parts, publish and unpublish, and the progress updates through the year."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promises import services
from promises.forms import PromiseForm, UpdateForm
from promises.models import CitizenPromise, PromiseUpdate
from tenancy.decorators import municipality_view


def _promise(municipality, promise_id: int) -> CitizenPromise:
    return get_object_or_404(
        CitizenPromise.objects.select_related("police_area", "agreement"), pk=promise_id, municipality=municipality
    )


def _update(promise, update_id: int) -> PromiseUpdate:
    return get_object_or_404(PromiseUpdate, pk=update_id, promise=promise)


@municipality_view("view_collaboration")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    current = services.current_year()
    year = services.parse_year(request.GET.get("ar"), current)
    promises = (
        CitizenPromise.objects.filter(municipality=municipality, year=year)
        .select_related("police_area")
        .prefetch_related("focus_areas", "updates")
        .order_by("order", "id")
    )
    years = set(CitizenPromise.objects.filter(municipality=municipality).values_list("year", flat=True))
    years |= {current - 1, current, current + 1, year}
    return render(
        request,
        "promises/index.html",
        {"municipality": municipality, "promises": promises, "year": year, "years": sorted(years, reverse=True)},
    )


def _form_page(request, municipality, form, promise=None, status=200):
    return render(
        request, "promises/form.html", {"municipality": municipality, "form": form, "promise": promise}, status=status
    )


def _saved_message(request, promise, findings: dict) -> None:
    if findings:
        messages.warning(
            request,
            _(
                "Löftet är sparat som utkast, men texten innehåller personuppgifter (%(kinds)s). "
                "Det kan inte publiceras förrän de är maskerade eller bekräftade som inte personuppgifter."
            )
            % {"kinds": ", ".join(sorted({label for labels in findings.values() for label in labels}))},
        )
    else:
        messages.success(request, _("Löftet är sparat."))


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality) -> HttpResponse:
    if request.method == "GET":
        year = services.parse_year(request.GET.get("ar"), services.current_year())
        police_area = services.default_police_area(municipality)
        form = PromiseForm(
            municipality,
            year=year,
            initial={
                "year": year,
                "police_area": police_area.pk if police_area else None,
                "decided_by": str(services.DEFAULT_DECIDED_BY),
            },
        )
        return _form_page(request, municipality, form)
    form = PromiseForm(municipality, request.POST)
    if not form.is_valid():
        return _form_page(request, municipality, form, status=422)
    promise = services.create_promise(municipality, request.user, form.cleaned_data, pii_confirmed=form.pii_confirmed())
    _saved_message(request, promise, form.pii_findings())
    return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality, promise_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    # the form validates into its own copy, so that the service sees the promise as it was
    copy = _promise(municipality, promise_id)
    if request.method == "GET":
        return _form_page(
            request,
            municipality,
            PromiseForm(municipality, instance=copy, year=promise.year, pii_user=request.user),
            promise,
        )
    form = PromiseForm(municipality, request.POST, instance=copy, pii_user=request.user)
    if not form.is_valid():
        return _form_page(request, municipality, form, promise, status=422)
    try:
        services.update_promise(promise, request.user, form.cleaned_data, pii_confirmed=form.pii_confirmed())
    except services.PersonalDataError as e:
        for name in e.findings:
            form.add_error(name, str(e))
        return _form_page(request, municipality, form, promise, status=422)
    _saved_message(request, promise, form.pii_findings())
    return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)


def _detail_page(request, municipality, promise, update_form, status=200):
    return render(
        request,
        "promises/detail.html",
        {
            "municipality": municipality,
            "promise": promise,
            "updates": promise.updates.all(),
            "update_form": update_form,
            "pii_fields": sorted({flag["field"] for flag in promise.pii}),
            "pii_labels": sorted({flag["label"] for flag in promise.pii}),
        },
        status=status,
    )


@municipality_view("view_collaboration")
@require_GET
def detail(request: HttpRequest, municipality, promise_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    return _detail_page(
        request, municipality, promise, UpdateForm(initial={"date": timezone.localdate()}, pii_user=request.user)
    )


@municipality_view("edit_collaboration")
@require_POST
def delete(request: HttpRequest, municipality, promise_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    try:
        services.delete_promise(promise, request.user)
    except services.PromiseError as e:
        messages.error(request, str(e))
        return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)
    messages.success(request, _("Löftet är borttaget."))
    return redirect(f"{_index_url(municipality)}?ar={promise.year}")


def _index_url(municipality) -> str:
    return reverse("promises:index", kwargs={"code": municipality.code})


@municipality_view("edit_collaboration")
@require_POST
def publish(request: HttpRequest, municipality, promise_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    try:
        services.publish_promise(promise, request.user)
    except services.PromiseError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Löftet är publicerat och syns nu för invånarna."))
    return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)


@municipality_view("edit_collaboration")
@require_POST
def unpublish(request: HttpRequest, municipality, promise_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    services.unpublish_promise(promise, request.user)
    messages.success(request, _("Löftet är avpublicerat och syns inte längre för invånarna."))
    return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)


@municipality_view("edit_collaboration")
@require_POST
def add_update(request: HttpRequest, municipality, promise_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    form = UpdateForm(request.POST, pii_user=request.user)
    if not form.is_valid():
        return _detail_page(request, municipality, promise, form, status=422)
    services.add_update(promise, request.user, form.cleaned_data, pii_confirmed=form.pii_confirmed())
    messages.success(request, _("Lägesuppdateringen är sparad."))
    return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit_update(request: HttpRequest, municipality, promise_id: int, update_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    update = _update(promise, update_id)
    copy = _update(promise, update_id)
    form = UpdateForm(request.POST or None, instance=copy, pii_user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.edit_update(update, request.user, form.cleaned_data, pii_confirmed=form.pii_confirmed())
            messages.success(request, _("Lägesuppdateringen är ändrad."))
            return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)
    context = {"municipality": municipality, "promise": promise, "update": update, "form": form}
    return render(request, "promises/update_form.html", context, status=422 if form.errors else 200)


@municipality_view("edit_collaboration")
@require_POST
def delete_update(request: HttpRequest, municipality, promise_id: int, update_id: int) -> HttpResponse:
    promise = _promise(municipality, promise_id)
    services.delete_update(_update(promise, update_id), request.user)
    messages.success(request, _("Lägesuppdateringen är borttagen."))
    return redirect("promises:detail", code=municipality.code, promise_id=promise.pk)

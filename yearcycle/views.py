"""The årshjul pages: the wheel, the timeline and the summary for a year; the item form; done and
undo; and "Skapa årshjul från mall"."""

from itertools import groupby

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promises.services import parse_year
from samtrygg.dates import MONTHS, local_today
from tenancy.decorators import municipality_view
from walks.models import Walk
from yearcycle import services, wheel
from yearcycle.forms import CycleItemForm
from yearcycle.models import CycleItem


def _year(request) -> int:
    return parse_year(request.GET.get("ar") or request.POST.get("ar"), local_today().year)


def _index_url(municipality, year: int) -> str:
    return f"{reverse('yearcycle:index', kwargs={'code': municipality.code})}?ar={year}"


def _item(municipality, item_id: int) -> CycleItem:
    return get_object_or_404(CycleItem.objects.select_related("forum"), pk=item_id, municipality=municipality)


@municipality_view("view_collaboration")
@require_GET
def index(request: HttpRequest, municipality) -> HttpResponse:
    year = _year(request)
    today = local_today()
    items = list(CycleItem.objects.filter(municipality=municipality, year=year).select_related("forum"))
    for item in items:
        item.state = services.state(item, today)
        item.state_label = services.STATE_LABELS[item.state]
    months = [
        {"name": MONTHS[month - 1], "number": month, "items": list(group)}
        for month, group in groupby(items, key=lambda i: i.due_date.month)
    ]
    years = set(CycleItem.objects.filter(municipality=municipality).values_list("year", flat=True))
    years |= {today.year - 1, today.year, today.year + 1, year}
    return render(
        request,
        "yearcycle/index.html",
        {
            "municipality": municipality,
            "year": year,
            "years": sorted(years, reverse=True),
            "items": items,
            "months": months,
            "summary": services.summary(items, today),
            "wheel": wheel.build(items, year, today),
            "today": today,
            # safety walks of the year, planned and done, beside the steps (issue 12)
            "walks": Walk.objects.filter(municipality=municipality, starts_at__year=year)
            .exclude(status=Walk.Status.CANCELLED)
            .order_by("starts_at"),
        },
    )


@municipality_view("edit_collaboration")
@require_POST
def generate(request: HttpRequest, municipality) -> HttpResponse:
    year = _year(request)
    created = services.generate_year(municipality, year, request.user)
    if created:
        messages.success(
            request,
            ngettext("%(n)d punkt lades till från mallen.", "%(n)d punkter lades till från mallen.", len(created))
            % {"n": len(created)},
        )
    else:
        messages.success(request, _("Årshjulet har redan alla punkter från mallen."))
    return redirect(_index_url(municipality, year))


def _form_page(request, municipality, form, item=None, status=200, year=None):
    context = {"municipality": municipality, "form": form, "item": item, "year": year or (item.year if item else None)}
    return render(request, "yearcycle/form.html", context, status=status)


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality) -> HttpResponse:
    year = _year(request)
    if request.method == "GET":
        return _form_page(request, municipality, CycleItemForm(municipality), year=year)
    form = CycleItemForm(municipality, request.POST)
    if not form.is_valid():
        return _form_page(request, municipality, form, status=422, year=year)
    item = services.create_item(municipality, request.user, form.cleaned_data)
    messages.success(request, _("Punkten är tillagd."))
    return redirect(_index_url(municipality, item.year))


@municipality_view("edit_collaboration")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _item(municipality, item_id)
    copy = _item(municipality, item_id)  # the form validates into its own copy; the service audits the change
    if request.method == "GET":
        return _form_page(request, municipality, CycleItemForm(municipality, instance=copy), item)
    form = CycleItemForm(municipality, request.POST, instance=copy)
    if not form.is_valid():
        return _form_page(request, municipality, form, item, status=422)
    services.update_item(item, request.user, form.cleaned_data)
    messages.success(request, _("Punkten är ändrad."))
    return redirect(_index_url(municipality, item.year))


@municipality_view("edit_collaboration")
@require_POST
def delete(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = _item(municipality, item_id)
    services.delete_item(item, request.user)
    messages.success(request, _("Punkten ”%(title)s” är borttagen.") % {"title": item.title})
    return redirect(_index_url(municipality, item.year))


@municipality_view("edit_collaboration")
@require_POST
def done(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = services.mark_done(_item(municipality, item_id), request.user)
    messages.success(request, _("”%(title)s” är markerad som klar.") % {"title": item.title})
    return redirect(f"{_index_url(municipality, item.year)}#item-{item.pk}")


@municipality_view("edit_collaboration")
@require_POST
def undo(request: HttpRequest, municipality, item_id: int) -> HttpResponse:
    item = services.undo_done(_item(municipality, item_id), request.user)
    messages.success(request, _("”%(title)s” är inte längre markerad som klar.") % {"title": item.title})
    return redirect(f"{_index_url(municipality, item.year)}#item-{item.pk}")

import datetime

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import AuditEntry
from tenancy.decorators import municipality_view


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _value(value):
    """A logged value as a person reads it: local times, Ja/Nej, a dash for nothing."""
    if value is None or value == "":
        return "–"
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nej")
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return value


def _readable(entry: AuditEntry) -> None:
    """Swedish names for the object type and the changed fields."""
    model = _model(entry.object_type)
    entry.type_label = str(model._meta.verbose_name).capitalize() if model else entry.object_type
    fields = {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")} if model else {}

    def show(name, value):
        choices = dict(getattr(fields.get(name), "flatchoices", None) or [])
        if isinstance(value, (str, int)) and value in choices:
            return str(choices[value])
        return _value(value)

    rows = []
    for name, value in entry.changes.items():
        label = str(fields[name].verbose_name) if name in fields else name
        if entry.action == AuditEntry.Action.UPDATE and isinstance(value, list) and len(value) == 2:
            rows.append((label, f"{show(name, value[0])} → {show(name, value[1])}"))
        else:
            rows.append((label, show(name, value)))
    entry.rows = rows


@municipality_view("view_audit")
@require_GET
def audit_log(request: HttpRequest, municipality) -> HttpResponse:
    # The municipality's own entries, and the account events (sign-ins, passwords, second
    # factor) of its members, which belong to no single municipality.
    entries = AuditEntry.objects.filter(
        Q(municipality=municipality) | Q(municipality__isnull=True, actor__memberships__municipality=municipality)
    ).distinct()
    object_type = request.GET.get("typ", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    for entry in page:
        _readable(entry)
    types = AuditEntry.objects.filter(municipality=municipality).values_list("object_type", flat=True).distinct()
    choices = sorted(
        {(t, str(m._meta.verbose_name).capitalize() if (m := _model(t)) else t) for t in types}, key=lambda c: c[1]
    )
    return render(
        request,
        "audit/log.html",
        {
            "municipality": municipality,
            "page": page,
            "types": choices,
            "object_type": object_type,
            "all_label": _("Alla"),
        },
    )

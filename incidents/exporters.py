"""The incident list as CSV (semicolon, UTF-8 with BOM, as Swedish Excel opens it) and Excel."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def _headers() -> list[str]:
    return [
        _("Nr"),
        _("Tid"),
        _("Kategori"),
        _("Område"),
        _("Plats"),
        _("Latitud"),
        _("Longitud"),
        _("Beskrivning"),
        _("Antal personer"),
        _("Åldersgrupp"),
        _("Polis kontaktad"),
        _("Räddningstjänst kontaktad"),
        _("Status"),
        _("Organisation"),
        _("Rapporterad"),
    ]


def _rows(incidents):
    yes, no = _("Ja"), _("Nej")
    for i in incidents:
        yield [
            i.pk,
            timezone.localtime(i.occurred_at).strftime("%Y-%m-%d %H:%M"),
            i.category.name,
            i.area.name if i.area else "",
            i.place.name if i.place else "",
            i.lat,
            i.lon,
            i.description,
            i.get_people_count_display(),
            i.get_age_group_display(),
            yes if i.police_notified else no,
            yes if i.rescue_notified else no,
            i.get_status_display(),
            i.organisation.name if i.organisation else "",
            timezone.localtime(i.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def _safe(value):
    # A cell starting with = + - @ would run as a formula in Excel (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(incidents) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    for row in _rows(incidents):
        writer.writerow([_safe(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(incidents) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Händelser")
    ws.append(_headers())
    for row in _rows(incidents):
        ws.append([_safe(v) for v in row])
    for col, width in enumerate([7, 17, 26, 20, 20, 10, 10, 60, 14, 18, 10, 10, 12, 24, 17], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

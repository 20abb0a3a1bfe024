"""The incident list as CSV (semicolon, UTF-8 with BOM, as Swedish Excel opens it) and Excel,
by the exporter contract (samtrygg/exporters.py): `render(incidents, fmt, …)` gives the Export.

The rows come from one values_list query (names by join, no model instances: an instance per
report also decoded its area's boundary GeoJSON) and the choice labels from dicts made once per
file, not Django's get_FOO_display per cell; the Excel file is written in openpyxl's write-only
mode, row by row, without a cell object per value."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from incidents.models import Incident
from samtrygg import exporters as contract

WIDTHS = [7, 17, 26, 20, 20, 10, 10, 60, 14, 18, 10, 10, 12, 24, 17]
FIELDS = (
    "pk",
    "occurred_at",
    "category__name",
    "area__name",
    "place__name",
    "lat",
    "lon",
    "description",
    "people_count",
    "age_group",
    "police_notified",
    "rescue_notified",
    "status",
    "organisation__name",
    "created_at",
)


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


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _rows(incidents):
    yes, no = _("Ja"), _("Nej")
    people, ages, statuses = (_labels(c.choices) for c in (Incident.PeopleCount, Incident.AgeGroup, Incident.Status))
    tz = timezone.get_current_timezone()
    for (
        pk,
        occurred_at,
        category,
        area,
        place,
        lat,
        lon,
        description,
        people_count,
        age_group,
        police,
        rescue,
        status,
        organisation,
        created_at,
    ) in incidents.values_list(*FIELDS).iterator(chunk_size=2000):
        yield [
            pk,
            occurred_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            category,
            area or "",
            place or "",
            lat,
            lon,
            description,
            people.get(people_count, people_count),
            ages.get(age_group, age_group),
            yes if police else no,
            yes if rescue else no,
            statuses.get(status, status),
            organisation or "",
            created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        ]


def to_csv(incidents) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    for row in _rows(incidents):
        writer.writerow([contract.cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(incidents) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Händelser"))
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    ws.append(_headers())
    n = 0
    for row in _rows(incidents):
        ws.append([contract.cell(v) for v in row])
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{n + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render(incidents, fmt: str, *, municipality) -> contract.Export:
    """The incidents as "csv" or "xlsx", named handelser-<kod>-<yyyymmdd>.<fmt>."""
    stamp = timezone.localtime().strftime("%Y%m%d")
    content = to_csv(incidents) if fmt == "csv" else to_xlsx(incidents)
    return contract.Export(f"handelser-{municipality.code}-{stamp}.{fmt}", contract.CONTENT_TYPES[fmt], content)

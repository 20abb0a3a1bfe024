"""Monthly police report counts (anmälda brott per månad): import from CSV or Excel, and the
mapping of police crime categories onto the council's categories. Every write is audit-logged.

File format (one row per municipality × optional area × month × crime category):

| column (Swedish or English header)  | value                                                      |
|-------------------------------------|------------------------------------------------------------|
| `kommunkod` / `municipality`        | SCB code, e.g. 1262 (leading zeros may be missing: 380)    |
| `område` / `area` (optional)        | an area name or code of that municipality                  |
| `månad` / `month`                   | YYYY-MM, YYYY-MM-DD or an Excel date cell                  |
| `brottskategori` / `crime_category` | the police's crime category, as the police name it         |
| `antal` / `count`                   | a whole number, 0 or more                                  |

CSV is UTF-8 with or without BOM (Windows-1252 is accepted as a fallback), `;` or `,` as the
delimiter (taken from the header line). Excel files (.xlsx) are read from their first sheet.

Brå's own export ("Anmälda brott", columns År, Månad, Period_start, Kommunkod, Brott, Brott_ID,
Brottsnivå, Förälder_ID, Antal, …) is accepted as it is: `Period_start` gives the month, `Brott`
the crime category, and when both `Månad` (1–12) and `År` are given they are combined. Brå's
categories form a tree, and the lägesbild sums every stored row, so only the finest
non-overlapping level is imported: a row whose `Brott_ID` is another row's `Förälder_ID` (an
aggregate such as "Brott mot brottsbalken"), the grand total "Totalt antal brott", and the
"därav …" rows (subsets of their parent, which is kept) are skipped. What is imported then sums
to Brå's "Totalt antal brott".

An import is all or nothing: every row is validated first, and any problem raises ImportFailed
with every error as {row, message} (row = the line of the file, header = 1), and nothing is
written. The writes run in one transaction.
"""

import csv
import datetime
import io
import re
import time
from collections import Counter, defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Area
from areas.services import ImportFailed
from areas.services import limit as area_limit
from areas.services import number as swedish_number
from audit import log as audit
from audit.models import AuditEntry
from incidents.models import IncidentCategory
from policedata.models import CrimeCategoryMapping, PoliceReportCount
from samtrygg.inputs import forbidden
from tenancy.models import Municipality

__all__ = [
    "ImportFailed",
    "import_report_counts",
    "parse_report_counts",
    "write_report_counts",
    "default_category_slug",
    "map_crime_category",
]

MAX_COUNT = 2_147_483_647
MAX_CATEGORY_LENGTH = 150

# canonical key -> accepted headers (normalised: lower case, spaces and hyphens as "_"), first wins
HEADERS = {
    "municipality": ("kommunkod", "kommun_kod", "municipality_code", "municipality"),
    "area": ("område", "omrade", "områdeskod", "area", "area_code"),
    "month": ("period_start", "månad", "manad", "month"),
    "year": ("år", "ar", "year"),
    "crime_category": ("brottskategori", "crime_category", "brott", "brottstyp"),
    "count": ("antal", "count"),
    "crime_id": ("brott_id", "crime_category_id"),
    "parent_id": ("förälder_id", "foralder_id", "parent_id"),
}
REQUIRED = {
    "municipality": "kommunkod/municipality",
    "month": "månad/month",
    "crime_category": "brottskategori/crime_category",
    "count": "antal/count",
}

# Default council category for a police crime category, by the first matching pattern (case-
# insensitive). A municipality's own CrimeCategoryMapping always wins.
DEFAULT_RULES: list[tuple[str, str | None]] = [
    (r"\bstöld|tillgrepp|snatteri", None),  # "8 kap. Stöld, rån m.m." is mostly theft
    (r"\bskadegörelse|\bklotter", "skadegorelse-klotter"),
    (r"\bnarkotika", "narkotika"),
    (r"\bmordbrand|\bbrand|allmänfarliga brott", "brand"),
    (
        r"\bmisshandel|\bvåld(?!täkt)|\bhot\b|\bhot mot|\brån\b|brott mot liv och hälsa|brott mot frihet och frid",
        "hot-vald",
    ),
    (r"\bordningslag|allmän ordning|\bofredande|förargelseväckande", "ordningsstorning"),
]
_RULES = [(re.compile(pattern, re.IGNORECASE), slug) for pattern, slug in DEFAULT_RULES]


def default_category_slug(crime_category: str) -> str | None:
    """The council category (slug of the default EST taxonomy) a police crime category falls
    under when the municipality has not chosen one, or None."""
    for pattern, slug in _RULES:
        if pattern.search(crime_category):
            return slug
    return None


class CategoryResolver:
    """Council category id for each crime category of one municipality: its own mapping, else
    the default rules (if the municipality has that category and it is in use)."""

    def __init__(self, municipality_id: int):
        self.mapped = dict(
            CrimeCategoryMapping.objects.filter(municipality_id=municipality_id).values_list(
                "crime_category", "category_id"
            )
        )
        self.by_slug = dict(
            IncidentCategory.objects.filter(municipality_id=municipality_id, active=True).values_list("slug", "id")
        )

    def __call__(self, crime_category: str) -> int | None:
        if crime_category in self.mapped:
            return self.mapped[crime_category]
        slug = default_category_slug(crime_category)
        return self.by_slug.get(slug) if slug else None


# --- reading ----------------------------------------------------------------------------------


def _header_key(value) -> str:
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


# Bounds of an import, each can be set in the settings (README, "Configuration"). Brå's monthly
# export for all of Sweden is about 290 municipalities × 40 categories = 12,000 rows a month.
LIMITS = {
    "COUNTS_IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    "COUNTS_IMPORT_MAX_ROWS": 200_000,
    "COUNTS_IMPORT_MAX_SECONDS": 20,  # below gunicorn's 30 s timeout
}
MAX_COLUMNS = 100  # a sheet that claims 16,384 columns is read as 100
MAX_UNPACKED = 10  # an .xlsx may unpack to at most 10 × the bound on the file's size


def limit(name: str) -> int:
    return area_limit(name, LIMITS)


def _too_large(size: int, max_bytes: int) -> ImportFailed:
    return ImportFailed(
        [
            {
                "row": 0,
                "message": _("Filen har %(size)s byte; högst %(max)s tas emot.")
                % {"size": swedish_number(size), "max": swedish_number(max_bytes)},
            }
        ]
    )


def read_upload(upload) -> bytes:
    """An uploaded file's content, refused (ImportFailed) past COUNTS_IMPORT_MAX_BYTES before it is read."""
    max_bytes = limit("COUNTS_IMPORT_MAX_BYTES")
    if upload.size is not None and upload.size > max_bytes:
        raise _too_large(upload.size, max_bytes)
    return upload.read(max_bytes + 1)


def _too_many_rows(most: int) -> ImportFailed:
    return ImportFailed(
        [{"row": 0, "message": _("Filen har fler än %(max)s rader; dela upp den.") % {"max": swedish_number(most)}}]
    )


def _read_rows(data: bytes, *, max_rows: int | None = None, max_bytes: int | None = None) -> list[tuple[int, list]]:
    """[(row number, cells)] with the header as row 1; xlsx by its content, else CSV. More than
    `max_rows` rows after the header (COUNTS_IMPORT_MAX_ROWS) is an error."""
    max_rows = max_rows if max_rows is not None else limit("COUNTS_IMPORT_MAX_ROWS")
    max_bytes = max_bytes if max_bytes is not None else limit("COUNTS_IMPORT_MAX_BYTES")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, max_rows, max_bytes)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFailed(
            [{"row": 0, "message": _("Gamla Excel-filer (.xls) kan inte läsas. Spara som .xlsx eller CSV.")}]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells[:MAX_COLUMNS]))
            if len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    except csv.Error as e:
        raise ImportFailed(
            [{"row": reader.line_num, "message": _("Raden kan inte läsas som CSV (%(error)s).") % {"error": e}}]
        )
    return rows


def _excel_failed(reason: str) -> ImportFailed:
    return ImportFailed(
        [{"row": 0, "message": _("Filen kunde inte läsas som Excel: %(reason)s.") % {"reason": reason}}]
    )


def _read_xlsx(data: bytes, max_rows: int, max_bytes: int) -> list[tuple[int, list]]:
    """The first sheet, read-only. openpyxl parses with defusedxml (in requirements.txt), so a
    DTD entity is refused rather than expanded; the unpacked size is bounded before anything is
    parsed, and every failure of a damaged file is a Swedish error."""
    import zipfile

    from openpyxl import load_workbook

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _excel_failed(_("filen är ingen giltig .xlsx-fil"))
    if unpacked > MAX_UNPACKED * max_bytes:
        raise _excel_failed(
            _("den packas upp till mer än %(max)s byte") % {"max": swedish_number(MAX_UNPACKED * max_bytes)}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged file
        raise _excel_failed(_xlsx_reason(e))
    try:
        if not workbook.worksheets:
            raise _excel_failed(_("den har inget kalkylblad"))
        rows = []
        try:
            for number_, cells in enumerate(workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
                rows.append((number_, list(cells)))
                if len(rows) > max_rows + 1:
                    raise _too_many_rows(max_rows)
        except ImportFailed:
            raise
        except Exception as e:  # broken sheet XML, a DTD entity (defusedxml), a bad cell value
            raise _excel_failed(_xlsx_reason(e))
        return rows
    finally:
        workbook.close()


def _xlsx_reason(error: Exception) -> str:
    """Why an .xlsx could not be read, in Swedish."""
    while error.__cause__ is not None or (error.__context__ is not None and isinstance(error, ValueError)):
        error = error.__cause__ or error.__context__  # openpyxl wraps the parser's error in a ValueError
    name = type(error).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"):
        return _("den innehåller en DTD eller XML-entitet, vilket inte tas emot")
    if name in ("ParseError", "XMLSyntaxError", "ExpatError"):
        return _("kalkylbladets XML är trasig")
    if name in ("BadZipFile", "KeyError", "InvalidFileException"):
        return _("filen är ingen giltig .xlsx-fil")
    return _("filen är skadad (%(error)s)") % {"error": name}


def cell_errors(number_: int, cells: list, header: list) -> list[dict]:
    """Row errors for cells holding characters no stored text may hold (NUL and other control
    characters except tab and line breaks, lone surrogates), naming the row and the column."""
    errors = []
    for i, value in enumerate(cells):
        if isinstance(value, str) and forbidden(value):
            column = _text(header[i]) if i < len(header) and not forbidden(_text(header[i])) else ""
            errors.append(
                {
                    "row": number_,
                    "message": _("Kolumn %(column)s innehåller otillåtna tecken (till exempel styrtecken).")
                    % {"column": column or str(i + 1)},
                }
            )
    return errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _municipality_code(value) -> str:
    code = _text(value)
    return code.zfill(4) if code.isdigit() and len(code) < 4 else code


def _month(value, year) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = _text(value)
    if re.fullmatch(r"\d{1,2}", text) and year is not None:
        year_text = _text(year)
        if re.fullmatch(r"\d{4}", year_text) and 1 <= int(text) <= 12:
            return datetime.date(int(year_text), int(text), 1)
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[ T][\d:.]+)?)?", text)
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3] or 1)).replace(day=1)
    except ValueError:
        return None


def _count(value) -> tuple[int | None, str]:
    """(count, error message)."""
    if isinstance(value, bool):
        return None, _("Antalet måste vara ett heltal.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None, _("Antalet måste vara ett heltal.")
        number = int(value)
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", _text(value))
        if not text:
            return None, _("Antal saknas.")
        if not re.fullmatch(r"[-+−]?\d+", text):
            return None, _("Antalet måste vara ett heltal.")
        number = int(text.replace("−", "-"))
    if number < 0:
        return None, _("Antalet får inte vara negativt.")
    if number > MAX_COUNT:
        return None, _("Antalet är orimligt stort.")
    return number, ""


def _is_subset_row(name: str) -> bool:
    """Brå's "därav …" rows: a part of their parent row, not a category of their own."""
    return bool(re.search(r"(^|,\s*)därav\b", name, re.IGNORECASE))


def parse_report_counts(data: bytes, *, allowed_municipality_ids=None) -> list[dict]:
    """Validate a file into rows {row, municipality, area_id, month, crime_category, count}.
    `allowed_municipality_ids` None means every municipality (the management command).
    Raises ImportFailed with every problem found."""
    deadline = time.monotonic() + limit("COUNTS_IMPORT_MAX_SECONDS")
    max_bytes = limit("COUNTS_IMPORT_MAX_BYTES")
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    table = [(n, cells) for n, cells in _read_rows(data, max_bytes=max_bytes) if any(_text(c) for c in cells)]
    if not table:
        raise ImportFailed([{"row": 0, "message": _("Filen är tom.")}])
    header_row, header = table[0]
    if header_errors := cell_errors(header_row, header, []):
        raise ImportFailed(header_errors)
    positions = {_header_key(h): i for i, h in reversed(list(enumerate(header)))}
    columns = {}
    for key, names in HEADERS.items():
        found = next((positions[name] for name in names if name in positions), None)
        if found is not None:
            columns[key] = found
    missing = [label for key, label in REQUIRED.items() if key not in columns]
    if missing:
        raise ImportFailed(
            [
                {"row": header_row, "message": _("Kolumnen %(column)s saknas i rubrikraden.") % {"column": label}}
                for label in missing
            ]
        )

    def cell(cells, key):
        i = columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    records = table[1:]
    # Brå's hierarchy: skip aggregates, the grand total and "därav" subsets (see the module doc).
    hierarchical = "crime_id" in columns and "parent_id" in columns
    if hierarchical:
        parents = {
            _text(cell(cells, "parent_id"))
            for _n, cells in records
            if _text(cell(cells, "parent_id")) and not _is_subset_row(_text(cell(cells, "crime_category")))
        }

        def skipped(cells) -> bool:
            name = _text(cell(cells, "crime_category"))
            if _is_subset_row(name) or _text(cell(cells, "crime_id")) in parents:
                return True
            return not _text(cell(cells, "parent_id")) and name.lower().startswith("totalt")

        records = [(n, cells) for n, cells in records if not skipped(cells)]

    codes = {_municipality_code(cell(cells, "municipality")) for _n, cells in records}
    codes = {code for code in codes if not forbidden(code)}  # PostgreSQL refuses NUL in a query
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes).only("id", "code", "name")}
    areas: dict[int, dict[str, int]] = defaultdict(dict)
    if "area" in columns:
        for area_id, municipality_id, name, code in Area.objects.filter(
            municipality__in=municipalities.values()
        ).values_list("id", "municipality_id", "name", "code"):
            if code:
                areas[municipality_id][code.lower()] = area_id
            areas[municipality_id][name.lower()] = area_id
    allowed = None if allowed_municipality_ids is None else set(allowed_municipality_ids)

    rows, errors, seen = [], [], {}
    for i, (number, cells) in enumerate(records):
        if i % 1000 == 0 and time.monotonic() > deadline:
            raise ImportFailed(
                [
                    {
                        "row": number,
                        "message": _("Importen tog mer än %(seconds)d sekunder och avbröts; dela upp filen.")
                        % {"seconds": limit("COUNTS_IMPORT_MAX_SECONDS")},
                    }
                ]
            )
        if bad_cells := cell_errors(number, cells, header):
            errors.extend(bad_cells)
            continue
        problems = []
        code = _municipality_code(cell(cells, "municipality"))
        municipality = municipalities.get(code)
        if not code:
            problems.append(_("Kommunkod saknas."))
        elif municipality is None:
            problems.append(_("Kommunkoden %(code)s finns inte.") % {"code": code})
        elif allowed is not None and municipality.id not in allowed:
            problems.append(
                _("Du får inte importera polisdata för %(name)s (%(code)s).")
                % {"name": municipality.name, "code": code}
            )
            municipality = None
        area_id = None
        area_text = _text(cell(cells, "area"))
        if area_text and municipality is not None:
            area_id = areas[municipality.id].get(area_text.lower())
            if area_id is None:
                problems.append(
                    _("Området %(area)s finns inte i %(name)s.") % {"area": area_text, "name": municipality.name}
                )
        month = _month(cell(cells, "month"), cell(cells, "year"))
        if month is None:
            problems.append(
                _("Månaden %(value)s är inte giltig; skriv ÅÅÅÅ-MM, till exempel 2026-08.")
                % {"value": _text(cell(cells, "month")) or "–"}
            )
        crime_category = re.sub(r"\s+", " ", _text(cell(cells, "crime_category")))
        if not crime_category:
            problems.append(_("Brottskategori saknas."))
        elif len(crime_category) > MAX_CATEGORY_LENGTH:
            problems.append(_("Brottskategorin får vara högst 150 tecken."))
        count, count_error = _count(cell(cells, "count"))
        if count_error:
            problems.append(count_error)
        if not problems:
            key = (municipality.id, area_id, month, crime_category.casefold())
            if key in seen:
                problems.append(
                    _("Samma kommun, område, månad och brottskategori finns redan på rad %(row)d.") % {"row": seen[key]}
                )
            else:
                seen[key] = number
        if problems:
            errors.extend({"row": number, "message": message} for message in problems)
            continue
        rows.append(
            {
                "row": number,
                "municipality": municipality,
                "area_id": area_id,
                "month": month,
                "crime_category": crime_category,
                "count": count,
            }
        )
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([{"row": 0, "message": _("Filen innehåller inga rader att importera.")}])
    return rows


# --- writing ----------------------------------------------------------------------------------


@transaction.atomic
def import_report_counts(data: bytes, actor, *, allowed_municipality_ids=None) -> dict:
    """Import a file of monthly counts, all or nothing. For each municipality × month in the
    file, the month is replaced as a whole: the rows stored for it are deleted and the file's
    rows inserted, with one audit entry per municipality × month (old and new total). A month
    whose stored rows are exactly the file's is left as it is (a repeated import writes nothing).

    Returns {"created", "updated", "unchanged", "county_level": 0, "errors": []}, counting the
    file's imported rows:
    - created: rows of a municipality × month that had no rows before;
    - unchanged: rows identical (area, crime category, count) to a row already stored for their
      municipality × month;
    - updated: the other rows of a municipality × month that already had rows (they replace it).
    Monthly counts are always per municipality, so `county_level` is 0."""
    return write_report_counts(parse_report_counts(data, allowed_municipality_ids=allowed_municipality_ids), actor)


@transaction.atomic
def write_report_counts(rows: list[dict], actor) -> dict:
    """Store rows checked by `parse_report_counts` (see `import_report_counts`)."""
    municipality_ids = sorted({r["municipality"].id for r in rows})
    # Serialise concurrent imports for the same municipality (a no-op on SQLite, which locks
    # the whole database for a write transaction anyway).
    list(Municipality.objects.select_for_update().filter(id__in=municipality_ids).order_by("id").values_list("id"))
    groups: dict[tuple[int, datetime.date], list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["municipality"].id, row["month"])].append(row)
    stored: dict[tuple[int, datetime.date], list[tuple]] = defaultdict(list)
    months = {month for _m, month in groups}
    for municipality_id, month, area_id, crime_category, count in PoliceReportCount.objects.filter(
        municipality_id__in=municipality_ids, month__in=months
    ).values_list("municipality_id", "month", "area_id", "crime_category", "count"):
        if (municipality_id, month) in groups:
            stored[(municipality_id, month)].append((area_id, crime_category, count))

    resolvers: dict[int, CategoryResolver] = {}
    result = {"created": 0, "updated": 0, "unchanged": 0, "county_level": 0, "errors": []}
    new_objects = []
    for (municipality_id, month), group in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1])):
        municipality = group[0]["municipality"]
        new = [(r["area_id"], r["crime_category"], r["count"]) for r in group]
        old = stored.get((municipality_id, month), [])
        if old and Counter(old) == Counter(new):
            result["unchanged"] += len(new)
            continue
        if old:
            remaining = Counter(old)
            for item in new:
                if remaining[item] > 0:
                    remaining[item] -= 1
                    result["unchanged"] += 1
                else:
                    result["updated"] += 1
            PoliceReportCount.objects.filter(municipality_id=municipality_id, month=month).delete()
        else:
            result["created"] += len(new)
        resolve = resolvers.setdefault(municipality_id, CategoryResolver(municipality_id))
        new_objects.extend(
            PoliceReportCount(
                municipality_id=municipality_id,
                area_id=area_id,
                month=month,
                crime_category=crime_category,
                count=count,
                category_id=resolve(crime_category),
            )
            for area_id, crime_category, count in new
        )
        label = month.strftime("%Y-%m")
        audit.record(
            actor,
            AuditEntry.Action.UPDATE if old else AuditEntry.Action.CREATE,
            municipality=municipality,
            object_type="policedata.policereportcount",
            object_id=f"{municipality.code}:{label}",
            object_repr=_("Anmälda brott %(month)s") % {"month": label},
            changes=(
                {
                    "month": label,
                    "total": [sum(c for _a, _c, c in old), sum(c for _a, _c, c in new)],
                    "rows": [len(old), len(new)],
                }
                if old
                else {"month": label, "total": sum(c for _a, _c, c in new), "rows": len(new)}
            ),
        )
    PoliceReportCount.objects.bulk_create(new_objects, batch_size=1000)
    return result


@transaction.atomic
def map_crime_category(
    municipality: Municipality, actor, crime_category: str, category: IncidentCategory | None
) -> int:
    """Map a police crime category onto a council category (None: none of them) for this
    municipality, and re-categorise its stored counts. Returns how many count rows changed."""
    if category is not None and category.municipality_id != municipality.id:
        raise ValueError("category of another municipality")
    mapping = CrimeCategoryMapping.objects.filter(municipality=municipality, crime_category=crime_category).first()
    if mapping is None:
        mapping = CrimeCategoryMapping.objects.create(
            municipality=municipality, crime_category=crime_category, category=category
        )
        audit.created(actor, mapping, ["crime_category", "category"])
    elif mapping.category_id != (category.id if category else None):
        before = audit.snapshot(mapping, ["crime_category", "category"])
        mapping.category = category
        mapping.save(update_fields=["category"])
        audit.updated(actor, mapping, before)
    return (
        PoliceReportCount.objects.filter(municipality=municipality, crime_category=crime_category)
        .exclude(category=category)
        .update(category=category)
        if category is not None
        else PoliceReportCount.objects.filter(
            municipality=municipality, crime_category=crime_category, category__isnull=False
        ).update(category=None)
    )


def crime_categories(municipality: Municipality) -> list[dict]:
    """The police crime categories seen in the municipality's counts or mappings, with the
    council category each falls under now: [{crime_category, category_id, mapped}]."""
    names = set(
        PoliceReportCount.objects.filter(municipality=municipality)
        .order_by()
        .values_list("crime_category", flat=True)
        .distinct()
    )
    names |= set(
        CrimeCategoryMapping.objects.filter(municipality=municipality).values_list("crime_category", flat=True)
    )
    resolve = CategoryResolver(municipality.id)
    return [
        {"crime_category": name, "category_id": resolve(name), "mapped": name in resolve.mapped}
        for name in sorted(names, key=str.casefold)
    ]


def monthly_totals(municipality: Municipality, months: int = 12, today: datetime.date | None = None) -> dict:
    """The last `months` months (ending with this month) × council category:
    {"months": [date], "rows": [{"name", "counts": [int], "total"}], "totals": [int], "total": int}."""
    from django.db.models import Sum
    from django.utils import timezone

    today = today or timezone.localdate()
    first = today.replace(day=1)
    month_list = []
    for _i in range(months):
        month_list.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    month_list.reverse()
    sums = (
        PoliceReportCount.objects.filter(municipality=municipality, month__gte=month_list[0], month__lte=month_list[-1])
        .order_by()
        .values_list("category_id", "month")
        .annotate(n=Sum("count"))
    )
    by_category: dict[int | None, dict] = defaultdict(dict)
    for category_id, month, n in sums:
        by_category[category_id][month] = n
    rows = []
    for category in IncidentCategory.objects.filter(municipality=municipality).order_by("position", "name"):
        if category.id in by_category:
            counts = [by_category[category.id].get(m, 0) for m in month_list]
            rows.append({"name": category.name, "counts": counts, "total": sum(counts)})
    if None in by_category:
        counts = [by_category[None].get(m, 0) for m in month_list]
        rows.append({"name": _("Utan rådets kategori"), "counts": counts, "total": sum(counts)})
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(month_list))]
    return {"months": month_list, "rows": rows, "totals": totals, "total": sum(totals)}

"""The situation picture as a page, a PDF (WeasyPrint) and a Word file (python-docx), all built
from the same figures and the same server-rendered charts."""

import base64
import dataclasses
import datetime
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from areas.models import Area
from lagesbild import charts, coverage, services, spatial
from lagesbild.models import SituationPicture
from samtrygg import dates, pdffile, wordfile
from samtrygg import exporters as contract

WEEKDAY_NAMES = [
    gettext_lazy("måndag"),
    gettext_lazy("tisdag"),
    gettext_lazy("onsdag"),
    gettext_lazy("torsdag"),
    gettext_lazy("fredag"),
    gettext_lazy("lördag"),
    gettext_lazy("söndag"),
]
HOTSPOT_ROWS = 10  # the strongest hot spots are listed; the map shows them all
SOURCES = [
    ("est", gettext_lazy("EST-rapporter")),
    ("police_events", gettext_lazy("Polisens händelser")),
    ("police_reports", gettext_lazy("Polisanmälningar")),
]


@dataclasses.dataclass
class Report:
    title: str
    place: str  # "Lomma kommun", or the municipalities of a police area
    period_label: str
    date_from: datetime.date
    date_to: datetime.date
    data: dict
    boundary: dict | None = None
    areas: list = dataclasses.field(default_factory=list)  # [(name, GeoJSON geometry)]
    area_names: list = dataclasses.field(default_factory=list)  # the chosen areas, if any
    texts: list = dataclasses.field(default_factory=list)  # [(heading, text)]
    frozen_at: datetime.datetime | None = None
    changed: bool = False


def assessment_sections(picture: SituationPicture) -> list[tuple[str, str]]:
    sections = [
        (_("Kartläggning"), picture.mapping),
        (_("Annan relevant information"), picture.other_information),
        (_("Analys"), picture.analysis),
    ]
    if picture.current_situation or picture.period == SituationPicture.Period.WEEK:
        sections.insert(0, (_("Läget just nu"), picture.current_situation))
    return sections


def _area_shapes(municipality, chosen) -> list:
    areas = chosen or Area.objects.filter(municipality=municipality).only("name", "geometry")
    return [(a.name, a.geometry) for a in areas]


def report_for_picture(picture: SituationPicture, *, age: str | None = None) -> Report:
    """The picture's report; `age` narrows a draft's EST figures (a fastställd picture shows its
    frozen figures, with their breakdown by age group)."""
    if age and not picture.is_frozen:
        data = services.compute(
            [picture.municipality], picture.date_from, picture.date_to, list(picture.areas.all()) or None, age=age
        )
        changed = False
    else:
        data, changed = services.picture_data(picture)
    chosen = list(picture.areas.all())
    municipality = picture.municipality
    return Report(
        title=picture.title,
        place=_("%(name)s kommun") % {"name": municipality.name},
        period_label=dates.period_label(picture.period, picture.date_from, picture.date_to),
        date_from=picture.date_from,
        date_to=picture.date_to,
        data=data,
        boundary=municipality.boundary,
        areas=_area_shapes(municipality, chosen),
        area_names=[a.name for a in chosen],
        texts=assessment_sections(picture),
        frozen_at=picture.frozen_at,
        changed=changed,
    )


def report_for_scope(
    municipalities, date_from, date_to, areas=None, title: str = "", *, age: str | None = None
) -> Report:
    """A picture straight from a scope (the API's PDF and Word downloads)."""
    municipalities = list(municipalities)
    data = services.compute(municipalities, date_from, date_to, areas or None, age=age)
    kind = dates.period_kind(date_from, date_to)
    if len(municipalities) == 1:
        place = _("%(name)s kommun") % {"name": municipalities[0].name}
        boundary = municipalities[0].boundary
        shapes = _area_shapes(municipalities[0], list(areas or []))
    else:
        place = ", ".join(m.name for m in municipalities)
        boundary = {"type": "GeometryCollection", "geometries": [m.boundary for m in municipalities if m.boundary]}
        shapes = [(a.name, a.geometry) for a in areas or []]
    period_label = dates.period_label(kind, date_from, date_to)
    if not title and len(municipalities) == 1:
        title = services.default_title(municipalities[0], kind, date_from, date_to)
    return Report(
        title=title or _("Lägesbild %(name)s %(period)s") % {"name": place, "period": period_label},
        place=place,
        period_label=period_label,
        date_from=date_from,
        date_to=date_to,
        data=data,
        boundary=boundary,
        areas=shapes,
        area_names=[a.name for a in areas or []],
    )


# ---- figures for the templates ------------------------------------------------------------


def _comparison_totals(data: dict, key: str) -> dict:
    return ((data.get("comparison") or {}).get(key) or {}).get("totals") or {}


COMPARISONS = (("previous", "previous_period"), ("last_year", "same_period_last_year"))


def _statuses(data: dict, key: str) -> dict[str, str]:
    """The coverage of a source per period; a picture frozen before coverage was kept counts as
    covered (it shows what it showed then, with today's rule for small numbers)."""
    cover = (data.get("coverage") or {}).get(coverage.COVERAGE_KEYS[key]) or {}
    return {name: (cover.get("periods") or {}).get(name, coverage.FULL) for name in coverage.PERIODS}


def count_text(value: int, status: str) -> str:
    """A count as shown: the number when its source covers the period, else why not."""
    if status == coverage.NONE:
        return str(_("saknas"))
    if status == coverage.PARTIAL:
        # the count is kept (it is not 0) but marked: the source covers part of the period
        return _("%(n)d (ofullständig)") % {"n": value} if value else str(_("ofullständig"))
    return str(value)


def change_cell(change: dict) -> dict:
    """A change (coverage.change) as shown: "+12 %", "+4" on a small base, "–" when not comparable."""
    if change["abs"] is None:
        return {**change, "text": "–", "label": str(_("ingen jämförelse: uppgifter saknas"))}
    if change["pct"] is None:
        return {
            **change,
            "text": signed_number(change["abs"]),
            "label": str(_("%(n)s, för få för en procentsats") % {"n": signed_number(change["abs"])}),
        }
    text = signed(round(change["pct"]))
    return {**change, "text": text, "label": text}


def _source_row(key: str, label, value: int, others: dict, statuses: dict[str, str]) -> dict:
    row = {"key": key, "label": str(label), "value": value, "status": statuses["current"]}
    row["value_text"] = count_text(value, statuses["current"])
    for name, comparison in COMPARISONS:
        base = others[name]
        comparable = statuses["current"] == coverage.FULL and statuses[comparison] == coverage.FULL
        row[name] = base
        row[f"{name}_status"] = statuses[comparison]
        row[f"{name}_text"] = count_text(base, statuses[comparison])
        row[f"{name}_change"] = change_cell(coverage.change(value, base, comparable=comparable))
    return row


def figures(data: dict) -> dict:
    """The rows the page, the PDF and the Word file show."""
    totals = data.get("totals") or {}
    previous = _comparison_totals(data, "previous_period")
    last_year = _comparison_totals(data, "same_period_last_year")
    sources = []
    statuses = {}
    for key, label in SOURCES:
        statuses[key] = _statuses(data, key)
        others = {"previous": previous.get(key) or 0, "last_year": last_year.get(key) or 0}
        sources.append(_source_row(key, label, totals.get(key) or 0, others, statuses[key]))
    # The total adds the sources that have figures for the period; its change is shown only
    # where each of them covers both periods in full.
    counted = [s for s in sources if s["status"] != coverage.NONE]
    total_statuses = {
        name: coverage.FULL
        if counted and all(statuses[s["key"]][name] == coverage.FULL for s in counted)
        else coverage.PARTIAL
        for name in coverage.PERIODS
    }
    total = _source_row(
        "total",
        _("Totalt"),
        sum(s["value"] for s in counted),
        {name: sum(s[name] for s in counted) for name, _c in COMPARISONS},
        total_statuses,
    )
    total["left_out"] = [s["label"] for s in sources if s["status"] == coverage.NONE]
    # sources whose "Föregående" or "I fjol" in the category table rests on partial figures
    uneven = [
        s["label"]
        for s in sources
        if s["status"] != coverage.NONE
        and (s["previous_status"] != coverage.FULL or s["last_year_status"] != coverage.FULL)
    ]
    police = data.get("police_events") or {}
    by_type = sorted((police.get("by_type") or {}).items(), key=lambda kv: (-kv[1], kv[0]))
    grid = data.get("weekday_hour") or [[0] * 24 for _d in range(7)]
    peak = max(((v, d, h) for d, row in enumerate(grid) for h, v in enumerate(row)), default=(0, 0, 0))
    day_totals = [sum(row) for row in grid]
    comparison = data.get("comparison") or {}
    # Strongest first: the scan's log-likelihood ratio (pictures frozen before it: Gi*'s z).
    hotspots = sorted(
        data.get("hotspots") or [], key=lambda h: (-(h.get("llr") or h.get("z") or 0), -(h.get("count") or 0))
    )
    covered = data.get("coverage") or {}
    return {
        "sources": sources,
        "total": total,
        "ongoing": bool(data.get("ongoing")),
        "as_of": data.get("as_of") or "",
        "coverage": [
            {"source": key, "currency": c.get("currency", ""), "reason": c.get("reason", ""), **c}
            for key, c in covered.items()
        ],
        "incomplete": [
            c for c in covered.values() if not c.get("complete") and c.get("reason") and c.get("has_data", True)
        ],
        "uneven_comparisons": uneven,
        "missing": [s["key"] for s in sources if s["status"] == coverage.NONE],
        "by_age_group": data.get("by_age_group") or [],
        "children_and_youth": [
            sum(g[key] for g in data.get("by_age_group") or [] if g.get("children_and_youth"))
            for key in ("est", "previous", "last_year")
        ],
        "age_filter": data.get("age_filter"),
        "by_category": [
            r for r in data.get("by_category") or [] if r.get("total") or r.get("previous") or r.get("last_year")
        ],
        "by_area": data.get("by_area") or [],
        "police_total": police.get("total") or 0,
        "police_by_type": by_type,
        "county_level": police.get("county_level") or 0,
        "recurring_places": data.get("recurring_places") or [],
        "hotspots": hotspots,
        "hotspots_top": hotspots[:HOTSPOT_ROWS],
        "hotspots_more": max(0, len(hotspots) - HOTSPOT_ROWS),
        "hotspot_method": spatial.HOTSPOT_METHOD,
        "weekday_hour": [(str(charts.WEEKDAYS[d]), row) for d, row in enumerate(grid)],
        "weekday_totals": [(str(charts.WEEKDAYS[d]), n) for d, n in enumerate(day_totals)],
        "peak": {"count": peak[0], "weekday": str(WEEKDAY_NAMES[peak[1]]), "hour": peak[2]},
        "previous_period": comparison.get("previous_period") or {},
        "last_year_period": comparison.get("same_period_last_year") or {},
    }


def summary(report: Report, rows: dict) -> str:
    """One paragraph for the cover and the top of the page. A source without figures for the
    period is named as missing, never counted as 0; a change only where it is comparable."""
    total = rows["total"]
    est, police, reports = rows["sources"]
    named = []
    for source, text in (
        (est, ngettext("%(n)s EST-rapport", "%(n)s EST-rapporter", est["value"])),
        (police, ngettext("%(n)s av polisens händelser", "%(n)s av polisens händelser", police["value"])),
        (reports, ngettext("%(n)s polisanmälan", "%(n)s polisanmälningar", reports["value"])),
    ):
        if source["status"] == coverage.FULL:
            named.append(text % {"n": source["value"]})
        elif source["status"] == coverage.PARTIAL:
            named.append(_("%(figure)s (ofullständigt)") % {"figure": text % {"n": source["value"]}})
    parts = []  # an ongoing period is said above the summary (ongoing_note)
    if named:
        parts.append(
            ngettext(
                "Under perioden registrerades %(n)d händelse: %(list)s.",
                "Under perioden registrerades %(n)d händelser: %(list)s.",
                total["value"],
            )
            % {"n": total["value"], "list": _join(named)}
        )
    if total["left_out"]:
        parts.append(_("Uppgifter saknas för perioden: %(list)s.") % {"list": _join(total["left_out"]).lower()})
    for key, text in (
        ("previous_change", _("Mot föregående period: %(change)s.")),
        ("last_year_change", _("Mot samma period i fjol: %(change)s.")),
    ):
        if total[key]["abs"] is not None:
            parts.append(text % {"change": total[key]["label"]})
    top = [r for r in rows["by_category"] if r.get("total")]
    if top:
        top = sorted(top, key=lambda r: -r["total"])[0]
        parts.append(_("Vanligast var %(name)s (%(n)d).") % {"name": top["name"].lower(), "n": top["total"]})
    if rows["hotspots"]:
        parts.append(
            ngettext(
                "%(n)d statistiskt säkerställd hot spot.",
                "%(n)d statistiskt säkerställda hot spots.",
                len(rows["hotspots"]),
            )
            % {"n": len(rows["hotspots"])}
        )
    return " ".join(parts)


def signed(pct) -> str:
    if pct is None:
        return "–"
    if pct == 0:
        return "±0 %"
    return f"{'+' if pct > 0 else '−'}{abs(pct)} %"


def _join(items: list[str]) -> str:
    """ "a, b och c"."""
    items = [str(i) for i in items]
    if len(items) == 1:
        return items[0]
    return _("%(list)s och %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def signed_number(n: int) -> str:
    """A difference as shown: "+4", "−2", "±0"."""
    return "±0" if n == 0 else f"{'+' if n > 0 else '−'}{abs(n)}"


def context(report: Report, fmt: str = "svg") -> dict:
    rows = figures(report.data)
    images = charts.charts(report.data, fmt, report.boundary, report.areas)
    previous, last_year = rows["previous_period"], rows["last_year_period"]
    return {
        "report": report,
        "dates": services.format_range(report.date_from, report.date_to),
        "previous_dates": services.format_range(previous["from"], previous["to"]) if previous.get("from") else "",
        "last_year_dates": services.format_range(last_year["from"], last_year["to"]) if last_year.get("from") else "",
        "frozen_label": dates.format_datetime(report.frozen_at) if report.frozen_at else "",
        "generated_label": dates.format_datetime(timezone.now()),
        "rows": rows,
        "summary": summary(report, rows),
        "small_numbers_note": small_numbers_note(),
        "ongoing_note": ongoing_note(report, rows) if rows["ongoing"] else "",
        "charts": images,
    }


def figure_notes(ctx: dict) -> list[str]:
    """The notes under the sources table, as plain lines (for the Word file; the page and the
    PDF render the same from the template): comparison dates, coverage, the small-number rule."""
    rows = ctx["rows"]
    lines = []
    if ctx["previous_dates"]:
        lines.append(
            _("Föregående period: %(a)s. Samma period i fjol: %(b)s.")
            % {"a": ctx["previous_dates"], "b": ctx["last_year_dates"]}
        )
    if rows["coverage"]:
        lines.append(_("Uppgifterna: %(list)s.") % {"list": "; ".join(c["currency"] for c in rows["coverage"])})
    lines.extend(c["reason"] for c in rows["incomplete"])
    lines.append(small_numbers_note())
    if rows["age_filter"]:
        lines.append(rows["age_filter"]["note"])
    return lines


def ongoing_note(report: Report, rows: dict) -> str:
    through = dates.format_date(rows["as_of"]) if rows["as_of"] else ""
    if report.frozen_at:
        return _("Lägesbilden fastställdes innan perioden var slut: siffrorna gäller t.o.m. %(date)s.") % {
            "date": through
        }
    return _(
        "Perioden pågår fortfarande: siffrorna gäller t.o.m. %(date)s och jämförs med lika många dagar "
        "av föregående period och av samma period i fjol."
    ) % {"date": through}


def small_numbers_note() -> str:
    return _(
        "Förändring anges i procent bara när jämförelsen bygger på minst %(n)d händelser; annars som skillnad i antal."
    ) % {"n": coverage.MIN_BASE}


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# ---- PDF --------------------------------------------------------------------------------


MAP_SVG_MAX_POINTS = 200  # above it the PDF's map is a PNG (see _pdf)


def pdf(report: Report) -> bytes:
    with translation.override("sv"):
        return _pdf(report)


def _pdf(report: Report) -> bytes:
    import matplotlib

    # The charts as SVG, drawn by WeasyPrint as vectors: sharp at any zoom, and cheaper than
    # 200 dpi PNGs, which matplotlib rasterises and WeasyPrint decodes and compresses again.
    # Text stays text (svg.fonttype "none"), in the PDF's own DejaVu Sans.
    # The map is the exception once it carries many points: hundreds of markers are thousands of
    # SVG path points that WeasyPrint parses and draws one by one (about a second for a year of
    # Lomma), while a 200 dpi PNG is print quality and costs a fixed ~0.3 s; a month's few points
    # are cheaper as SVG.
    ctx = context(report, "svg")
    vector = ["category", "heatmap"]
    if len(report.data.get("points") or []) <= MAP_SVG_MAX_POINTS:
        vector.append("map")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        ctx["images"] = {name: svg_uri(ctx["charts"][name]) for name in vector}
    if "map" not in ctx["images"]:
        ctx["images"]["map"] = data_uri(charts.charts(report.data, "png", report.boundary, report.areas)["map"])
    html = render_to_string("lagesbild/report_pdf.html", ctx)
    # the title and language come from the HTML (<title>, lang="sv")
    return pdffile.render_pdf(html)


def render(report: Report, fmt: str, *, name: str = "") -> contract.Export:
    """The report as a file ("pdf" or "docx"), by the exporter contract (samtrygg/exporters.py),
    named after `name` or its title."""
    content = pdf(report) if fmt == "pdf" else docx(report)
    return contract.Export(
        contract.filename(name or report.title, fmt, default="lagesbild"), contract.CONTENT_TYPES[fmt], content
    )


# ---- Word -------------------------------------------------------------------------------


def docx(report: Report) -> bytes:
    with translation.override("sv"):
        return _docx(report)


def _docx(report: Report) -> bytes:
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    ctx = context(report, "png")
    rows = ctx["rows"]
    images = ctx["charts"]
    document, section = wordfile.a4_document(report.title)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{report.title} · ")
    wordfile.page_number_field(footer)

    # cover
    for _i in range(6):
        document.add_paragraph()
    cover = document.add_paragraph()
    run = cover.add_run(_("Lägesbild"))
    run.font.size, run.font.color.rgb = Pt(14), RGBColor(0x1D, 0x4F, 0x91)
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.place).runs[0].font.size = Pt(16)
    document.add_paragraph(
        _("Period: %(label)s (%(from)s – %(to)s)")
        % {
            "label": report.period_label,
            "from": dates.format_date(report.date_from),
            "to": dates.format_date(report.date_to),
        }
    )
    if report.area_names:
        document.add_paragraph(_("Områden: %(names)s") % {"names": ", ".join(report.area_names)})
    if report.frozen_at:
        document.add_paragraph(_("Fastställd %(date)s") % {"date": ctx["frozen_label"]})
    else:
        document.add_paragraph(_("Utkast, inte fastställd. Utskriven %(date)s") % {"date": ctx["generated_label"]})
    if report.changed:
        document.add_paragraph(
            _("Siffrorna har ändrats sedan lägesbilden fastställdes. Här visas siffrorna från fastställandet.")
        )
    if rows["ongoing"]:
        document.add_paragraph(ongoing_note(report, rows))
    body = document.add_section(WD_SECTION.NEW_PAGE)
    body.different_first_page_header_footer = False  # only the cover goes without a page number

    document.add_heading(_("Sammanfattning"), level=1)
    document.add_paragraph(ctx["summary"])
    wordfile.table(
        document,
        [_("Källa"), _("Perioden"), _("Föregående"), _("Förändring"), _("I fjol"), _("Förändring")],
        [
            [
                s["label"],
                s["value_text"],
                s["previous_text"],
                s["previous_change"]["text"],
                s["last_year_text"],
                s["last_year_change"]["text"],
            ]
            for s in [*rows["sources"], rows["total"]]
        ],
    )
    for line in figure_notes(ctx):
        document.add_paragraph(line)

    sections = [(h, t) for h, t in report.texts]
    if sections:
        document.add_heading(_("Bedömning"), level=1)
        for heading, text in sections:
            document.add_heading(heading, level=2)
            for paragraph in (text or _("Ingen text.")).split("\n\n"):
                document.add_paragraph(paragraph.strip())

    document.add_page_break()
    document.add_heading(_("Händelser per kategori"), level=1)
    document.add_picture(io.BytesIO(images["category"]), width=Cm(16))
    wordfile.table(
        document,
        [
            _("Kategori"),
            _("EST"),
            _("Polisens händelser"),
            _("Polisanmälningar"),
            _("Totalt"),
            _("Föregående"),
            _("I fjol"),
        ],
        [
            [
                r["name"],
                *(
                    _("saknas") if key in rows["missing"] else r.get(key)
                    for key in ("est", "police_events", "police_reports")
                ),
                r.get("total"),
                r.get("previous"),
                r.get("last_year"),
            ]
            for r in rows["by_category"]
        ]
        or [[_("Inga händelser under perioden."), "", "", "", "", "", ""]],
    )
    if rows["by_age_group"]:
        document.add_heading(_("EST-rapporter per åldersgrupp"), level=2)
        wordfile.table(
            document,
            [_("Åldersgrupp"), _("Perioden"), _("Föregående"), _("I fjol")],
            [[g["name"], g["est"], g["previous"], g["last_year"]] for g in rows["by_age_group"]]
            + [[_("Barn och unga (under 26)"), *rows["children_and_youth"]]],
        )

    document.add_page_break()
    document.add_heading(_("Veckodag och tid på dygnet"), level=1)
    document.add_picture(io.BytesIO(images["heatmap"]), width=Cm(16))
    if rows["peak"]["count"]:
        document.add_paragraph(
            _("Flest händelser: %(day)s kl. %(hour)02d (%(n)d).")
            % {"day": rows["peak"]["weekday"], "hour": rows["peak"]["hour"], "n": rows["peak"]["count"]}
        )

    document.add_page_break()
    document.add_heading(_("Karta"), level=1)
    document.add_picture(io.BytesIO(images["map"]), width=Cm(14))
    if rows["hotspots"]:
        document.add_heading(_("Hot spots"), level=2)
        document.add_paragraph(str(rows["hotspot_method"]))
        wordfile.table(
            document,
            [_("Plats"), _("Rapporter"), _("Förväntat"), _("p-värde")],
            [
                [
                    h.get("name") or f"{h['lat']:.4f}, {h['lon']:.4f}",  # pictures frozen before names
                    h.get("count"),
                    _num(h.get("expected"), 2),
                    _num(h.get("p"), 3),
                ]
                for h in rows["hotspots_top"]
            ],
        )

        if rows["hotspots_more"]:
            document.add_paragraph(_("Ytterligare %(n)d hot spots visas på kartan.") % {"n": rows["hotspots_more"]})

    document.add_page_break()
    document.add_heading(_("Per område"), level=1)
    wordfile.table(
        document,
        [
            _("Område"),
            _("Befolkning"),
            _("EST"),
            _("Polisens händelser"),
            _("Polisanmälningar"),
            _("Totalt"),
            _("Per 1 000 inv."),
        ],
        [
            [
                a["name"],
                a.get("population"),
                a.get("est"),
                a.get("police_events"),
                a.get("police_reports"),
                a.get("total"),
                _num(a.get("per_1000"), 1)
                if a.get("per_1000") is not None or a.get("id") is None
                else _("befolkning saknas"),
            ]
            for a in rows["by_area"]
        ]
        or [[_("Inga områden."), "", "", "", "", "", ""]],
    )

    document.add_heading(_("Återkommande platser"), level=1)
    wordfile.table(
        document,
        [_("Plats"), _("Antal")],
        [[p["name"], p["count"]] for p in rows["recurring_places"]] or [[_("Inga."), ""]],
    )

    document.add_heading(_("Polisens händelser per typ"), level=1)
    wordfile.table(document, [_("Typ"), _("Antal")], [[t, n] for t, n in rows["police_by_type"]] or [[_("Inga."), ""]])
    document.add_paragraph(
        _("Händelser på länsnivå (utan angiven kommun, ingår inte i kommunens siffror): %(n)d.")
        % {"n": rows["county_level"]}
    )

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _num(value, digits: int):
    if value is None:
        return None
    return f"{value:.{digits}f}".replace(".", ",")


DOCX_TYPE = contract.DOCX

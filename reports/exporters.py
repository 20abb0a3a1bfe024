"""The follow-up reports as PDF (WeasyPrint, from the same template parts as the page) and as
Word (python-docx), both from the dict of reports.content, so the three show the same content."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from majorevents import reporting as major_event_reporting
from reports import word
from reports.templatetags.report_format import sv_date, sv_num
from samtrygg import exporters as contract
from samtrygg import pdffile, wordfile
from walks import reporting as walk_reporting

PDF_TYPE = contract.PDF
DOCX_TYPE = contract.DOCX
CONTENT_TYPES = {"pdf": PDF_TYPE, "docx": DOCX_TYPE}


def filename(report: dict, fmt: str) -> str:
    """'kvartalsrapport-lomma-2026-kv3.pdf', 'arlig-uppfoljning-lomma-2025.docx' (ASCII, so that
    every mail client and file system keeps it)."""
    from django.utils.text import slugify

    place = slugify(report["municipality"]["name"].replace("å", "a").replace("ä", "a").replace("ö", "o"))
    period = report["period"]
    if report["kind"] == "quarterly":
        return f"kvartalsrapport-{place}-{period['year']}-kv{period['quarter']}.{fmt}"
    return f"arlig-uppfoljning-{place}-{period['year']}.{fmt}"


def export(report: dict, fmt: str) -> bytes:
    with translation.override("sv"):
        return pdf(report) if fmt == "pdf" else docx(report)


def render(report: dict, fmt: str) -> contract.Export:
    """The report as a file ("pdf" or "docx"), by the exporter contract (samtrygg/exporters.py)."""
    return contract.Export(filename(report, fmt), CONTENT_TYPES[fmt], export(report, fmt))


# ---- PDF --------------------------------------------------------------------------------------


def pdf(report: dict) -> bytes:
    return pdffile.render_pdf(render_to_string("reports/report_pdf.html", {"r": report}))


# ---- the quarterly report ---------------------------------------------------------------------


def docx(report: dict) -> bytes:
    document = word.start(report)
    if report["kind"] == "quarterly":
        _quarterly(document, report)
    else:
        _yearly(document, report)
    return word.save(document)


def _quarterly(document, report: dict) -> None:
    summary = report["summary"]
    document.add_heading(_("Sammanfattning"), level=1)
    document.add_paragraph(summary["text"])
    wordfile.table(
        document,
        [_("Fokusområden"), _("Aktiviteter"), _("Gröna"), _("Gula"), _("Röda"), _("Försenade")],
        [[summary[k] for k in ("focus_areas", "activities", "green", "yellow", "red", "late")]],
        numeric_from=0,
    )
    quarter = report["period"]["quarter"]
    for number, area in enumerate(report["focus_areas"], start=1):
        document.add_heading(f"{number}. {area['name']}", level=1)
        plan = area["plan"]
        if not plan:
            word.empty(document, area["note"])
            continue
        word.plan_line(document, plan)
        document.add_heading(_("Aktiviteter"), level=2)
        if plan["activities"]:
            table = wordfile.table(
                document,
                [_("Aktivitet"), _("Ansvarig"), _("Klart senast"), _("Status"), _("Gjort under kvartalet")],
                [
                    [
                        a["what"] + (" (" + _("försenad") + ")" if a["late"] else ""),
                        a["responsible"],
                        sv_date(a["ends_on"]),
                        a["status"]["label"],
                        (
                            f"{a['follow_up']['status']['label'] + ': ' if a['follow_up']['status'] else ''}"
                            f"{a['follow_up']['comment']}"
                        )
                        if a["follow_up"]
                        else _("Ingen uppföljning."),
                    ]
                    for a in plan["activities"]
                ],
                numeric_from=99,
            )
            for row, a in zip(table.rows[1:], plan["activities"], strict=True):
                word.rag_cell(row.cells[3], a["status"])
        else:
            word.empty(document, _("Inga aktiviteter i planen."))
        document.add_heading(_("Mål"), level=2)
        if plan["goals"]:
            wordfile.table(
                document,
                [
                    _("Mål och indikator"),
                    _("Utgångsvärde"),
                    _("Målvärde"),
                    _("Måldatum"),
                    _("Uppmätt kvartal %(q)d") % {"q": quarter},
                    _("Utveckling"),
                ],
                [
                    [
                        g["description"] + (f" ({_('Indikator')}: {g['indicator']})" if g["indicator"] else ""),
                        sv_num(g["baseline"]),
                        sv_num(g["target"]),
                        sv_date(g["target_date"]),
                        sv_num(g["measured_value"]),
                        g["trend"]["label"],
                    ]
                    for g in plan["goals"]
                ],
            )
        else:
            word.empty(document, _("Inga mål i planen."))
    if not report["focus_areas"]:
        word.empty(document, summary["text"])
    document.add_heading(_("Försenade aktiviteter"), level=1)
    if report["late_activities"]:
        wordfile.table(
            document,
            [_("Aktivitet"), _("Fokusområde"), _("Ansvarig"), _("Klart senast"), _("Dagar sen")],
            [
                [a["what"], a["focus_area"], a["responsible"], sv_date(a["ends_on"]), a["days_late"]]
                for a in report["late_activities"]
            ],
            numeric_from=4,
        )
    else:
        word.empty(document, _("Inga aktiviteter är försenade."))
    word.promises(document, report, full=False)
    walk_reporting.word(document, report)


# ---- the yearly follow-up ---------------------------------------------------------------------


def _yearly(document, report: dict) -> None:
    summary = report["summary"]
    year = report["period"]["year"]
    document.add_heading(_("Sammanfattning"), level=1)
    agreement = report["agreement"]
    if agreement:
        document.add_paragraph(
            _("Uppföljningen gäller samverkansöverenskommelsen ”%(title)s”, %(from)s – %(to)s.")
            % {
                "title": agreement["title"],
                "from": sv_date(agreement["valid_from"]),
                "to": sv_date(agreement["valid_to"]),
            }
        )
    else:
        word.empty(document, _("Ingen beslutad samverkansöverenskommelse gällde %(year)d.") % {"year": year})
    document.add_paragraph(summary["text"])
    wordfile.table(
        document,
        [
            _("Fokusområden"),
            _("Planer godkända"),
            _("Avslutade"),
            _("Utvärderade"),
            _("Aktiviteter i tid"),
            _("Mål nådda"),
        ],
        [
            [
                summary["focus_areas"],
                summary["approved"],
                summary["completed"],
                summary["evaluated"],
                f"{summary['done_on_time']} / {summary['activities']}",
                f"{summary['goals_reached']} / {summary['goals']}",
            ]
        ],
        numeric_from=0,
    )
    for number, area in enumerate(report["focus_areas"], start=1):
        document.add_heading(f"{number}. {area['name']}", level=1)
        plan = area["plan"]
        if area["decided"]:
            document.add_paragraph(
                _("Beslutat av %(by)s %(date)s.")
                % {"by": area["decided"]["by"], "date": sv_date(area["decided"]["on"])}
            )
        if not plan:
            word.empty(document, area["note"])
            continue
        word.plan_line(document, plan)
        _yearly_plan(document, plan)
    if not report["focus_areas"]:
        word.empty(document, summary["text"])
    word.promises(document, report, full=True)
    walk_reporting.word(document, report)
    major_event_reporting.word(document, report)


def _yearly_plan(document, plan: dict) -> None:
    document.add_heading(_("Det här har gjorts"), level=2)
    if plan["done"]:
        table = wordfile.table(
            document,
            [_("Aktivitet"), _("Ansvarig"), _("Klart senast"), _("Genomförd")],
            [
                [
                    a["what"],
                    a["responsible"],
                    sv_date(a["ends_on"]),
                    f"{sv_date(a['done_at'])}, {_('i tid') if a['on_time'] else _('efter slutdatum')}",
                ]
                for a in plan["done"]
            ],
            numeric_from=99,
        )
        for row, a in zip(table.rows[1:], plan["done"], strict=True):
            word.rag_cell(row.cells[3], {"code": "green" if a["on_time"] else "yellow"})
    else:
        word.empty(document, _("Ingen aktivitet är genomförd."))
    if plan["not_done"]:
        document.add_heading(_("Inte genomfört"), level=3)
        table = wordfile.table(
            document,
            [_("Aktivitet"), _("Ansvarig"), _("Klart senast"), _("Status")],
            [[a["what"], a["responsible"], sv_date(a["ends_on"]), a["status"]["label"]] for a in plan["not_done"]],
            numeric_from=99,
        )
        for row, a in zip(table.rows[1:], plan["not_done"], strict=True):
            word.rag_cell(row.cells[3], a["status"])
    document.add_heading(_("Måluppfyllelse"), level=2)
    if plan["goals"]:
        reached = {True: _("Ja"), False: _("Nej"), None: _("Kan inte bedömas")}
        table = wordfile.table(
            document,
            [_("Mål och indikator"), _("Utgångsvärde"), _("Senast uppmätt"), _("Målvärde"), _("Nått")],
            [
                [
                    g["description"] + (f" ({_('Indikator')}: {g['indicator']})" if g["indicator"] else ""),
                    sv_num(g["baseline"]),
                    sv_num(g["measured_value"]),
                    sv_num(g["target"]),
                    reached[g["reached"]],
                ]
                for g in plan["goals"]
            ],
        )
        for row, g in zip(table.rows[1:], plan["goals"], strict=True):
            word.rag_cell(row.cells[4], {"code": {True: "green", False: "red"}.get(g["reached"])})
    else:
        word.empty(document, _("Inga mål i planen."))
    for heading, goals, notes, goal_text in (
        (_("Det här fungerade"), plan["goals_reached"], plan["worked"], _("Målet nåddes: %(goal)s.")),
        (_("Det här fungerade mindre bra"), plan["goals_not_reached"], plan["did_not_work"], None),
    ):
        document.add_heading(heading, level=2)
        if not goals and not notes:
            word.empty(document, _("Inget är antecknat."))
        for g in goals:
            text = goal_text
            if text is None:
                text = (
                    _("Målet nåddes inte: %(goal)s.")
                    if g["reached"] is False
                    else _("Målet kan inte bedömas, uppmätt värde saknas: %(goal)s.")
                )
            document.add_paragraph(text % {"goal": g["indicator"] or g["description"]}, style="List Bullet")
        for n in notes:
            prefix = f"{n['subject']} " if n["subject"] else ""
            quarter = _("kvartal %(q)d") % {"q": n["quarter"]}
            document.add_paragraph(f"{prefix}({quarter}): {n['comment']}", style="List Bullet")
    if plan["notes"]:
        document.add_heading(_("Övriga kommentarer från uppföljningarna"), level=2)
        for n in plan["notes"]:
            prefix = f"{n['subject']} " if n["subject"] else ""
            quarter = _("kvartal %(q)d") % {"q": n["quarter"]}
            document.add_paragraph(f"{prefix}({quarter}): {n['comment']}", style="List Bullet")
    document.add_heading(_("Utvärdering"), level=2)
    evaluation = plan["evaluation"]
    if evaluation:
        for label, key in (
            (_("Genomförande – blev det gjort?"), "production"),
            (_("Process – hur gick arbetet?"), "process"),
            (_("Effekt – rörde sig indikatorerna?"), "effect"),
        ):
            document.add_heading(label, level=3)
            word.paragraphs(document, evaluation[key])
    else:
        word.empty(document, plan["evaluation_note"])
    document.add_heading(_("Förslag till nästa år"), level=2)
    word.paragraphs(document, plan["proposal"])

"""Building blocks of the reports' Word files: the cover and footer with 'Sida X av Y', RAG cells,
paragraphs, the plan line and the citizen promises (python-docx; tables via lagesbild's helper)."""

import io

from django.utils.translation import gettext as _

from reports.templatetags.report_format import sv_date
from samtrygg import wordfile

# cell shading and text colour per RAG status (the same pairs as the page, AA contrast)
RAG_COLOURS = {
    "green": ("DCEFE3", (0x0F, 0x3D, 0x22)),
    "yellow": ("FFF4D6", (0x3D, 0x2A, 0x00)),
    "red": ("FDECEC", (0x5C, 0x0B, 0x0D)),
}


def rag_cell(cell, status: dict | None) -> None:
    """Status as text in its colour, on its shade (colour never carries the meaning alone)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    if not status or status.get("code") not in RAG_COLOURS:
        return
    fill, rgb = RAG_COLOURS[status["code"]]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(*rgb)
        run.bold = True


def paragraphs(document, text: str) -> None:
    for part in (text or "").split("\n\n"):
        if part.strip():
            document.add_paragraph(part.strip())


def empty(document, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True


def start(report: dict):
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document, section = wordfile.a4_document(report["title"])
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{report['title']} · ")
    wordfile.page_number_field(footer)

    for _i in range(6):
        document.add_paragraph()
    kicker = _("Lokala BRÅ:s rapport till KSAU") if report["kind"] == "quarterly" else _("Uppföljning")
    run = document.add_paragraph().add_run(kicker)
    run.font.size, run.font.color.rgb = Pt(14), RGBColor(0x1D, 0x4F, 0x91)
    document.add_heading(report["title"], level=0)
    place = _("%(name)s kommun") % {"name": report["municipality"]["name"]}
    document.add_paragraph(place).runs[0].font.size = Pt(16)
    period = report["period"]
    document.add_paragraph(f"{sv_date(period['from'])} – {sv_date(period['to'])}")
    if report.get("agreement"):
        document.add_paragraph(report["agreement"]["title"])
    document.add_paragraph(
        _("Sammanställd %(date)s ur Samtrygg, från handlingsplanerna, uppföljningarna och medborgarlöftena.")
        % {"date": sv_date(report["generated_on"])}
    )
    body = document.add_section(WD_SECTION.NEW_PAGE)
    body.different_first_page_header_footer = False  # only the cover goes without a page number
    return document


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plan_line(document, plan: dict) -> None:
    status = plan["status"]
    line = _("%(title)s. Status: %(status)s") % {"title": plan["title"], "status": status["label"]}
    if status["since"]:
        line += " " + _("sedan %(date)s") % {"date": sv_date(status["since"])}
    document.add_paragraph(line + ".")


def promises(document, report: dict, full: bool) -> None:
    document.add_heading(_("Medborgarlöften %(year)d") % {"year": report["period"]["year"]}, level=1)
    if not report["promises"]:
        empty(document, _("Inga medborgarlöften för %(year)d.") % {"year": report["period"]["year"]})
    for promise in report["promises"]:
        document.add_heading(promise["title"], level=2)
        document.add_paragraph(_("Det här ska vi göra: %(text)s") % {"text": promise["what_we_do"]})
        latest = promise["latest_update"]
        if not latest:
            empty(document, _("Ingen lägesuppdatering ännu."))
            continue
        updates = promise["updates"] if full else [latest]
        wordfile.table(
            document,
            [_("Datum"), _("Status"), _("Det här har hänt")],
            [[sv_date(u["date"]), u["status"]["label"], u["text"]] for u in updates],
            numeric_from=99,
        )

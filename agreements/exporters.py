"""The agreement document as Word (python-docx) and PDF (WeasyPrint), laid out like the seed
documents: title, legal basis, the sections in order, annex 1 (forums) and annex 2 (focus
areas), the decisions, place and date, and the signatories side by side. Both are rendered from
the stored content (agreements.services.content), so an old version prints the same way."""

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.versions import MEMBER_KINDS, member_label, present
from samtrygg import exporters as contract
from samtrygg import pdffile, wordfile
from samtrygg.dates import format_date

DOCX_TYPE = contract.DOCX
CONTENT_TYPES = {"pdf": contract.PDF, "docx": DOCX_TYPE}


def render(agreement, fmt: str) -> contract.Export:
    """The agreement as a file ("pdf" or "docx"), by the exporter contract (samtrygg/exporters.py).
    Refused (privacy.services.UnresolvedPersonalData) while a focus area of annex 2 has personal
    data in its description that is neither masked nor confirmed."""
    from privacy import services as privacy

    annex = agreement.focus_areas.order_by("year", "order", "name")
    privacy.ensure_all_resolved(objects=[(f, _("bilaga 2, %(name)s") % {"name": f.name}) for f in annex])
    content = pdf(agreement) if fmt == "pdf" else docx(agreement)
    name = contract.filename(agreement.title[:80], fmt, default="overenskommelse")
    return contract.Export(name, CONTENT_TYPES[fmt], content)


def document(agreement) -> dict:
    from agreements.services import content

    doc = present(content(agreement))
    doc["closing"] = closing(doc)
    doc["generated_label"] = format_date(timezone.localdate())
    return doc


def closing(doc: dict) -> list[str]:
    """The closing sentences of seed 003: what it replaces and when a new one is due."""
    lines = []
    replaces = doc.get("replaces_text") or (doc.get("replaces") or {}).get("title")
    if replaces:
        lines.append(
            _("Den här samverkansöverenskommelsen ersätter %(what)s.") % {"what": replaces[0].lower() + replaces[1:]}
        )
    if doc.get("renewal_year"):
        lines.append(_("En ny samverkansöverenskommelse ska tas fram under %(year)d.") % {"year": doc["renewal_year"]})
    return lines


def place_and_date(doc: dict) -> str:
    return " ".join(part for part in (doc.get("signed_place"), doc.get("signed_on") or "") if part)


# ---- PDF -------------------------------------------------------------------------------------


def css_string(text: str) -> str:
    """Text for a CSS string in the page header: quotes, backslashes and '<' escaped the CSS way
    (HTML escaping does not apply inside <style>)."""
    out = []
    for char in text.replace("\n", " "):
        out.append(f"\\{ord(char):x} " if char in '"\\<>&' else char)
    return "".join(out)


def header_right(doc: dict) -> str:
    parts = []
    if doc["case_number"]:
        parts.append(_("Dnr %(n)s") % {"n": doc["case_number"]})
    if doc["is_draft"]:
        parts.append(_("UTKAST"))
    return " · ".join(parts)


def pdf(agreement) -> bytes:
    with translation.override("sv"):
        doc = document(agreement)
        html = render_to_string(
            "agreements/document_pdf.html",
            {
                "doc": doc,
                "place_date": place_and_date(doc),
                "header_left": css_string(doc["municipality"]["name"]),
                "header_right": css_string(header_right(doc)),
            },
        )
        return pdffile.render_pdf(html)


# ---- Word ------------------------------------------------------------------------------------


def _blocks(document_, blocks: list[dict]) -> None:
    for block in blocks:
        if block["kind"] == "p":
            document_.add_paragraph(block["text"])
        else:
            for item in block["items"]:
                document_.add_paragraph(item, style="List Bullet")


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def docx(agreement) -> bytes:
    with translation.override("sv"):
        return _docx(document(agreement))


def _docx(doc: dict) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    d, section = wordfile.a4_document(doc["title"], margin_cm=2.5)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(" · ".join(p for p in (doc["municipality"]["name"], header_right(doc)) if p)).font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    wordfile.page_number_field(footer)

    if doc["is_draft"]:
        run = d.add_paragraph().add_run(_("UTKAST"))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(20), RGBColor(0xB0, 0x1E, 0x23)
    d.add_heading(doc["title"], level=0)
    meta = d.add_paragraph()
    meta.add_run(
        _("%(kind)s samverkansöverenskommelse, gäller %(from)s – %(to)s")
        % {"kind": doc["kind_label"], "from": doc["valid_from_label"], "to": doc["valid_to_label"]}
    ).italic = True
    if doc["legal_basis"]:
        d.add_paragraph(_("Rättslig grund: %(law)s") % {"law": doc["legal_basis"]})
    for s in doc["sections"]:
        d.add_heading(s["title"], level=1)
        _blocks(d, s["blocks"])
    for line in doc["closing"]:
        d.add_paragraph(line)

    if doc["decisions"]:
        d.add_heading(_("Beslut"), level=1)
        for dec in doc["decisions"]:
            text = f"{dec['party_label']}: {dec['body_label']}"
            if dec["date_label"]:
                text += f", {dec['date_label']}"
            if dec["reference"]:
                text += f" ({dec['reference']})"
            d.add_paragraph(text, style="List Bullet")
    if doc["signatories"] or place_and_date(doc):
        d.add_paragraph()
        if place_and_date(doc):
            d.add_paragraph(place_and_date(doc))
        if doc["signatories"]:
            d.add_paragraph()
            signatories = doc["signatories"]
            table = d.add_table(rows=0, cols=2)
            _no_borders(table)
            for i in range(0, len(signatories), 2):
                cells = table.add_row().cells
                for cell, s in zip(cells, signatories[i : i + 2], strict=False):
                    cell.paragraphs[0].add_run("\n\n_______________________________")
                    cell.add_paragraph().add_run(s["name"]).bold = True
                    cell.add_paragraph(s["title"])
    if doc["forums"]:
        d.add_page_break()
        d.add_heading(_("Bilaga 1 Forum för samverkan"), level=1)
        for f in doc["forums"]:
            d.add_heading(f["name"], level=2)
            _blocks(d, f["blocks"])
            if f["members"]:
                d.add_paragraph(_("Deltagare:"))
                for m in f["members"]:
                    d.add_paragraph(
                        f"{member_label(m)} ({str(MEMBER_KINDS.get(m['kind'], m['kind'])).lower()})",
                        style="List Bullet",
                    )
            d.add_paragraph(_("Mötesfrekvens: %(c)s") % {"c": f["cadence_label"]})
            if f["reports_to"]:
                d.add_paragraph(_("Rapporterar till: %(r)s") % {"r": f["reports_to"]})
    if doc["focus_areas"]:
        d.add_page_break()
        d.add_heading(_("Bilaga 2 Fokusområden"), level=1)
        for number, f in enumerate(doc["focus_areas"], start=1):
            d.add_heading(f"{number}. {f['name']}", level=2)
            if f["children_and_youth"]:
                d.add_paragraph().add_run(_("Särskilt fokus på barn och unga")).bold = True
            _blocks(d, f["blocks"])

    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()

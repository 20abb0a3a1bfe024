"""The parts every Word (.docx) export shares, with python-docx: an A4 document in Swedish with
Calibri 11, the "Sida X av Y" field and a plain grid table. Used by the lägesbild, the
agreements and the follow-up reports, so that the three files look alike."""

from django.utils.translation import gettext as _

from samtrygg.exporters import clean_text


def _guard_text() -> None:
    """Every text python-docx writes into a document goes through `CT_R.add_t` (add_paragraph,
    add_heading, add_run, Run.text, cell.text): wrapped once here so that it passes `clean_text`
    first. A stored text with a control character (a \\x0b pasted from Word) then cannot make a
    Word export answer 500 ("All strings must be XML compatible"), whichever writer, and without
    each of them remembering to clean each call. Installed by `a4_document`, which every Word
    writer starts from."""
    from docx.oxml.text.run import CT_R

    if getattr(CT_R.add_t, "samtrygg_clean", False):
        return
    add_t = CT_R.add_t

    def clean_add_t(self, text: str):
        return add_t(self, clean_text(text))

    clean_add_t.samtrygg_clean = True
    CT_R.add_t = clean_add_t


def a4_document(title: str, margin_cm: float = 2.2):
    """A new A4 document with its properties set; returns (document, first section)."""
    from docx import Document
    from docx.shared import Cm, Pt

    _guard_text()
    document = Document()
    document.core_properties.title = clean_text(title)
    document.core_properties.language = "sv-SE"
    document.core_properties.author = "Samtrygg"
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(margin_cm)
    return document, section


def page_number_field(paragraph) -> None:
    """'Sida X av Y' with Word's PAGE and NUMPAGES fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(code: str) -> None:
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
                run._r.append(element)
            elif text == code:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {code} "
                run._r.append(element)
            else:
                element = OxmlElement("w:t")
                element.text = text
                run._r.append(element)

    paragraph.add_run(_("Sida") + " ")
    field("PAGE")
    paragraph.add_run(" " + _("av") + " ")
    field("NUMPAGES")


def table(document, headers: list[str], rows: list[list], numeric_from: int = 1):
    """A grid table with a bold header row; columns from `numeric_from` on are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Light Grid Accent 1"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = grid.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = "–" if value is None else str(value)
            if i >= numeric_from:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return grid

"""The follow-up reports as Word (opened again with python-docx) and as PDF (text read back with
pdftotext when it is installed)."""

import io
import shutil
import subprocess

import pytest
from docx import Document

from reports import content, exporters
from tests.test_reports import YEAR, rep_world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _docx(report):
    return Document(io.BytesIO(exporters.export(report, "docx")))


def _texts(document):
    return [p.text for p in document.paragraphs]


def _cells(document):
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def _footer_fields(document):
    xml = document.sections[0].footer._element.xml
    return "PAGE" in xml and "NUMPAGES" in xml


def _pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def test_it_writes_the_quarterly_report_as_word(lomma, rep_world):  # noqa: F811
    document = _docx(content.quarterly(lomma, YEAR, 3))
    texts = _texts(document)
    assert "Kvartalsrapport till KSAU, kvartal 3 2025" in texts
    assert "Lomma kommun" in texts
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Sammanfattning", "1. Barn och unga", "Aktiviteter"]
    assert (
        "2. Grannsamverkan" in headings and "Försenade aktiviteter" in headings and "Medborgarlöften 2025" in headings
    )
    assert "Ingen handlingsplan är upprättad för fokusområdet." in texts
    rows = _cells(document)
    parents = next(r for r in rows if r[0].startswith("Föräldravandringar"))
    assert parents == [
        "Föräldravandringar på helger (försenad)",
        "Fritidsgården",
        "30 juni 2025",
        "Gul – risk för försening",
        "Röd – försenad eller stoppad: Återkopplingen till föräldrarna brast",
    ]
    goal = next(r for r in rows if r[0].startswith("Minska skadegörelsen"))
    assert goal[1:] == ["12", "8", "31 december 2025", "9", "Mot målet"]
    assert next(r for r in rows if r[0].startswith("Fler elever"))[4] == "68,5"
    # the status cell is shaded in its colour, as well as written out
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Aktivitet")
    assert 'w:fill="FFF4D6"' in table.rows[2].cells[3]._tc.xml
    assert _footer_fields(document)


def test_it_writes_the_yearly_follow_up_as_word(lomma, rep_world):  # noqa: F811
    document = _docx(content.yearly(lomma, YEAR))
    texts = _texts(document)
    assert "Årlig uppföljning av samverkansöverenskommelsen 2025" in texts
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Det här har gjorts", "Måluppfyllelse", "Det här fungerade", "Det här fungerade mindre bra"):
        assert heading in headings
    assert headings.count("Förslag till nästa år") == 2
    assert "Ingen utvärdering gjord ännu." in texts
    assert "Fortsätt med fokus på Lomma hamn." in texts
    assert "Samarbetet med bostadsbolaget fungerade väl." in texts
    assert "Målet nåddes: Antal grannsamverkansområden." in texts
    rows = _cells(document)
    assert [
        "Minska skadegörelsen vid skolorna (Indikator: Skadegörelse vid skolor per månad)",
        "12",
        "9",
        "8",
        "Nej",
    ] in rows
    assert ["3", "2", "1", "1", "1 / 4", "1 / 3"] in rows
    assert ["2 november 2025", "Genomfört", "Alla vandringar gjorda."] in rows  # the promise's progress
    assert _footer_fields(document)


def test_it_writes_both_reports_as_pdf(lomma, rep_world):  # noqa: F811
    for report in (content.quarterly(lomma, YEAR, 3), content.yearly(lomma, YEAR)):
        data = exporters.export(report, "pdf")
        assert data.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            text = _pdf_text(data)
            assert report["title"] in " ".join(text.split())
            assert "Barn och unga" in text and "Grannsamverkan" in text
            assert "Sida 1 av" in text
            assert "Lomma kommun" in text


def test_it_writes_an_empty_year_honestly(lomma):
    document = _docx(content.yearly(lomma, 2019))
    assert "Ingen beslutad samverkansöverenskommelse gällde 2019." in _texts(document)
    assert exporters.export(content.quarterly(lomma, 2019, 1), "pdf").startswith(b"%PDF")


def test_it_names_the_files_in_swedish(lomma):
    assert exporters.filename(content.quarterly(lomma, 2026, 3), "pdf") == "kvartalsrapport-lomma-2026-kv3.pdf"
    assert exporters.filename(content.yearly(lomma, 2025), "docx") == "arlig-uppfoljning-lomma-2025.docx"

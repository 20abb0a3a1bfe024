"""No stored text can break an export (issue 11, finding 2): text stored before the input
boundary existed may hold control characters that XML, so Word and Excel, cannot hold. Each
writer drops them (VT/FF become line breaks) instead of answering 500."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from incidents.models import Incident
from samtrygg import dates, exporters

pytestmark = pytest.mark.django_db
# No NUL: PostgreSQL never stores one (its refusal is the middleware's test); SQLite does.
BAD = "Klotter\x01 vid\x0bbusskuren\x1f."


def test_clean_text_and_cell():
    assert exporters.clean_text(BAD) == "Klotter vid\nbusskuren."
    assert exporters.clean_text("a\x00b\ud800c\uffff") == "abc"
    assert exporters.clean_text("Rad 1\r\nRad 2\t.") == "Rad 1\r\nRad 2\t."
    assert exporters.clean_text(5) == 5
    assert exporters.cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exporters.cell("\t=1") == "'\t=1"
    assert exporters.cell("-\x0b") == "'-\n"
    assert exporters.clean_ics(b"SUMMARY:a\x00b\x0bc\r\n d\t") == b"SUMMARY:ab\\nc\r\n d\t"


def test_the_incident_excel_and_csv_survive_control_characters(login, report):
    incident = report()
    Incident.objects.filter(pk=incident.pk).update(description=BAD)  # as stored before the boundary
    client = login("coordinator.lomma")
    xlsx = client.get("/k/1262/handelser/export.xlsx")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).active["H2"].value == "Klotter vid\nbusskuren."
    response = client.get("/k/1262/handelser/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][7] == "Klotter vid\nbusskuren."


def test_the_agreement_word_and_pdf_survive_control_characters(api, lomma, coordinator):
    from agreements import services

    agreement = services.create_agreement(
        lomma, coordinator, valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2027, 12, 31)
    )
    services.add_section(agreement, coordinator, kind="purpose", title="Syfte\x01", body=BAD)
    type(agreement).objects.filter(pk=agreement.pk).update(title="Överenskommelse\x0b2026")
    client = api("coordinator.lomma")
    docx = client.get(f"/api/v1/agreements/{agreement.pk}.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Klotter vid" in text and "busskuren." in text and "Syfte" in text
    assert client.get(f"/api/v1/agreements/{agreement.pk}.pdf").status_code == 200


def test_the_lagesbild_word_file_survives_control_characters(login, lomma, coordinator):
    from lagesbild import services

    start, end = dates.period_bounds("month")
    picture = services.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)
    type(picture).objects.filter(pk=picture.pk).update(title="Lägesbild\x0b", analysis=BAD, current_situation="\x1f")
    client = login("coordinator.lomma")
    docx = client.get(reverse("lagesbild:docx", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    assert "Klotter vid\nbusskuren." in "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.title == "Lägesbild\n"
    pdf = client.get(reverse("lagesbild:pdf", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert pdf.status_code == 200


def test_every_run_and_table_cell_is_cleaned():
    from samtrygg import wordfile

    document, _ = wordfile.a4_document("T\x00")
    document.add_heading("Rubrik\x02", 1)
    document.add_paragraph("a\x0bb").add_run("c\x01").add_text("d\x1e")
    wordfile.table(document, ["Kolumn\x03"], [["värde\x04"]])
    out = io.BytesIO()
    document.save(out)
    saved = Document(io.BytesIO(out.getvalue()))
    assert [p.text for p in saved.paragraphs] == ["Rubrik", "a\nbcd"]
    assert saved.tables[0].cell(1, 0).text == "värde"


def test_the_calendar_feed_survives_control_characters(api, lomma):
    from django.utils import timezone

    from forums.models import Forum, Meeting

    forum = Forum.objects.create(municipality=lomma, name="Brå\x01-rådet")
    starts = timezone.now() + datetime.timedelta(days=3)
    Meeting.objects.create(
        forum=forum,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        title="Möte\x0b1",
        location="Rum\x02",
    )
    response = api("coordinator.lomma").get(f"/api/v1/forums/{forum.pk}/calendar.ics")
    assert response.status_code == 200
    assert b"\x02" not in response.content and b"\x01" not in response.content and b"\x0b" not in response.content
    assert "Möte\\n1" in response.content.decode()

"""The report pages: the index with the year and quarter choice, the quarterly report and the
yearly follow-up as HTML, the downloads, and who may read them."""

import io

import pytest
from docx import Document

from tests.test_reports import YEAR, rep_world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_it_offers_both_reports_for_the_chosen_period(login, rep_world):  # noqa: F811
    r = login("reader.lomma").get("/k/1262/rapporter/", {"ar": YEAR, "kvartal": 3})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Kvartalsrapport till KSAU, kvartal 3 2025" in html
    assert "Årlig uppföljning av samverkansöverenskommelsen 2025" in html
    for href in (
        "/k/1262/rapporter/kvartal/2025/3/",
        "/k/1262/rapporter/kvartal/2025/3/kvartalsrapport.pdf",
        "/k/1262/rapporter/kvartal/2025/3/kvartalsrapport.docx",
        "/k/1262/rapporter/ar/2025/",
        "/k/1262/rapporter/ar/2025/arsuppfoljning.pdf",
        "/k/1262/rapporter/ar/2025/arsuppfoljning.docx",
    ):
        assert f'href="{href}"' in html
    assert '<option value="2025" selected>' in html


def test_it_defaults_to_the_last_ended_quarter(login):
    r = login("reader.lomma").get("/k/1262/rapporter/")
    assert r.status_code == 200
    year, quarter = r.context["year"], r.context["quarter"]
    assert 1 <= quarter <= 4 and r.context["form"]["kvartal"].value() == quarter and year >= 2025


def test_it_explains_a_bad_choice_and_keeps_it(login):
    r = login("reader.lomma").get("/k/1262/rapporter/", {"ar": "1800", "kvartal": "7"})
    assert r.status_code == 422
    html = r.content.decode()
    assert "Välj ett av åren i listan." in html and "Välj kvartal 1, 2, 3 eller 4." in html
    assert 'href="#id_ar"' in html and 'aria-invalid="true"' in html


def test_it_shows_the_quarterly_report(login, rep_world):  # noqa: F811
    r = login("reader.lomma").get("/k/1262/rapporter/kvartal/2025/3/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "<h1>Kvartalsrapport till KSAU, kvartal 3 2025</h1>" in html
    assert "1. Barn och unga" in html and "Återkopplingen till föräldrarna brast" in html
    assert '<span class="rep-rag rep-rag-yellow">Gul – risk för försening</span>' in html
    assert "Ingen handlingsplan är upprättad för fokusområdet." in html
    assert 'href="/k/1262/rapporter/kvartal/2025/3/kvartalsrapport.pdf"' in html


def test_it_shows_the_yearly_follow_up(login, rep_world):  # noqa: F811
    r = login("reader.lomma").get("/k/1262/rapporter/ar/2025/")
    assert r.status_code == 200
    html = r.content.decode()
    for text in (
        "Det här har gjorts",
        "Det här fungerade mindre bra",
        "Ingen utvärdering gjord ännu.",
        "Fortsätt med fokus på Lomma hamn.",
        "Samverkansöverenskommelse Lomma 2024–2027",
        "Alla vandringar gjorda.",
    ):
        assert text in html


def test_it_downloads_from_the_pages(login, rep_world):  # noqa: F811
    client = login("reader.lomma")
    r = client.get("/k/1262/rapporter/ar/2025/arsuppfoljning.docx")
    assert r.status_code == 200 and 'filename="arlig-uppfoljning-lomma-2025.docx"' in r["Content-Disposition"]
    assert "Årlig uppföljning av samverkansöverenskommelsen 2025" in [
        p.text for p in Document(io.BytesIO(r.content)).paragraphs
    ]
    r = client.get("/k/1262/rapporter/kvartal/2025/3/kvartalsrapport.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r["Content-Disposition"] == 'attachment; filename="kvartalsrapport-lomma-2025-kv3.pdf"'


def test_it_answers_404_for_a_quarter_that_does_not_exist(login):
    client = login("reader.lomma")
    assert client.get("/k/1262/rapporter/kvartal/2025/5/").status_code == 404
    assert client.get("/k/1262/rapporter/ar/1700/arsuppfoljning.pdf").status_code == 404


@pytest.mark.parametrize(
    "username, status",
    [("coordinator.hoor", 404), ("reporter.lomma", 403), ("police.kavlinge", 200), ("reader.lomma", 200)],
)
def test_it_scopes_the_pages(login, username, status):
    client = login(username)
    for path in (
        "/k/1262/rapporter/",
        "/k/1262/rapporter/ar/2025/",
        "/k/1262/rapporter/kvartal/2025/2/kvartalsrapport.docx",
    ):
        assert client.get(path).status_code == status, path


def test_it_sends_anonymous_visitors_to_the_login(client):
    r = client.get("/k/1262/rapporter/kvartal/2025/1/")
    assert r.status_code == 302 and "/konto/logga-in/" in r["Location"]

"""The reports API: the yearly follow-up and the quarterly report as JSON, Word and PDF, the
Swedish 422s, and tenancy (outsider 404, reporter 403, reader 200)."""

import io

import pytest
from docx import Document

from tests.test_reports import YEAR, rep_world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
YEARLY = "/api/v1/reports/yearly-follow-up"
QUARTERLY = "/api/v1/reports/quarterly"


def test_it_returns_the_yearly_follow_up_as_json(api, rep_world):  # noqa: F811
    r = api("reader.lomma").get(YEARLY, {"municipality": "1262", "year": YEAR})
    assert r.status_code == 200
    body = r.json()
    assert body["kind"] == "yearly" and body["municipality"] == {"code": "1262", "name": "Lomma"}
    assert body["agreement"]["title"] == "Samverkansöverenskommelse Lomma 2024–2027"
    assert [a["name"] for a in body["focus_areas"]] == ["Barn och unga", "Grannsamverkan", "Tobakstillsyn"]
    plan = body["focus_areas"][1]["plan"]
    assert plan["evaluation"]["effect"] == "Sex nya områden startade."
    assert plan["goals"][0]["baseline"] == 10 and plan["goals"][0]["reached"] is True
    assert body["summary"]["goals_reached"] == 1
    assert body["promises"][0]["latest_update"]["status"]["code"] == "done"


def test_it_returns_the_quarterly_report_as_json(api, rep_world):  # noqa: F811
    r = api("coordinator.lomma").get(QUARTERLY, {"municipality": "1262", "year": YEAR, "quarter": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == "Kvartalsrapport till KSAU, kvartal 3 2025"
    goal = body["focus_areas"][0]["plan"]["goals"][1]
    assert goal["measured_value"] == 68.5 and goal["trend"]["label"] == "Från målet"
    assert body["late_activities"][0]["responsible"] == "Fritidsgården"


@pytest.mark.parametrize("path", [YEARLY, QUARTERLY])
def test_it_downloads_word_and_pdf(api, rep_world, path):  # noqa: F811
    client = api("reader.lomma")
    params = {"municipality": "1262", "year": YEAR, "quarter": 3}
    word = client.get(path + ".docx", params)
    assert word.status_code == 200
    assert word["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert word["Content-Disposition"].startswith("attachment; filename=")
    assert (
        "kvartalsrapport-lomma-2025-kv3.docx" if path == QUARTERLY else "arlig-uppfoljning-lomma-2025.docx"
    ) in word["Content-Disposition"]
    headings = [p.text for p in Document(io.BytesIO(word.content)).paragraphs if p.style.name.startswith("Heading")]
    assert "1. Barn och unga" in headings
    pdf = client.get(path + ".pdf", params)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and ".pdf" in pdf["Content-Disposition"]


def test_it_answers_422_in_swedish_for_a_bad_period(api):
    client = api("reader.lomma")
    r = client.get(QUARTERLY, {"municipality": "1262", "year": 2026, "quarter": 5})
    assert r.status_code == 422
    assert r.json() == {"errors": {"quarter": ["Kvartalet ska vara 1, 2, 3 eller 4."]}}
    r = client.get(YEARLY + ".pdf", {"municipality": "1262", "year": 1850})
    assert r.status_code == 422
    assert r.json() == {"errors": {"year": ["Ange ett år mellan 2000 och 2100."]}}
    r = client.get(YEARLY + ".docx", {"municipality": "1262", "year": "förra året"})
    assert r.status_code == 422 and r.json() == {"errors": {"year": ["Ogiltigt värde."]}}
    r = client.get(QUARTERLY, {"municipality": "1262", "year": 2026})
    assert r.status_code == 422 and r.json() == {"errors": {"quarter": ["Fältet måste fyllas i."]}}


@pytest.mark.parametrize(
    "username, status",
    [("outsider", 404), ("reporter.lomma", 403), ("reader.lomma", 200), ("police.kavlinge", 200)],
)
def test_it_scopes_by_municipality_and_role(api, username, status):
    username = "coordinator.hoor" if username == "outsider" else username
    client = api(username)
    for path in (YEARLY, YEARLY + ".pdf", QUARTERLY + ".docx"):
        r = client.get(path, {"municipality": "1262", "year": 2025, "quarter": 1})
        assert r.status_code == status, path


def test_it_needs_a_token(client):
    assert client.get(YEARLY, {"municipality": "1262", "year": 2025}).status_code == 401

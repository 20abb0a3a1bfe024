"""Focus areas per year, the children-and-youth notice and the API."""

import pytest

from audit.models import AuditEntry
from focusareas import services
from focusareas.models import FocusArea

pytestmark = pytest.mark.django_db


def test_it_creates_lists_and_warns_without_children_focus(login, lomma):
    client = login("coordinator.lomma")
    response = client.post(
        "/k/1262/fokusomraden/nytt/", {"year": "2026", "name": "Narkotika", "status": "proposed", "order": "1"}
    )
    assert response.status_code == 302
    page = client.get("/k/1262/fokusomraden/?ar=2026").content.decode()
    assert "Narkotika" in page and "Inget fokusområde för 2026 har särskilt fokus på barn och unga." in page
    focus = FocusArea.objects.get(municipality=lomma, name="Narkotika")
    assert AuditEntry.objects.filter(object_type="focusareas.focusarea", object_id=str(focus.pk)).exists()
    client.post(
        f"/k/1262/fokusomraden/{focus.pk}/andra/",
        {"year": "2026", "name": "Narkotika", "status": "proposed", "order": "1", "children_and_youth": "on"},
    )
    assert "särskilt fokus på barn och unga." not in client.get("/k/1262/fokusomraden/?ar=2026").content.decode()
    assert "Inga fokusområden för 2025." in client.get("/k/1262/fokusomraden/?ar=2025").content.decode()


def test_it_rejects_a_duplicate_and_keeps_input(login, lomma, user):
    services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Narkotika")
    response = login("coordinator.lomma").post(
        "/k/1262/fokusomraden/nytt/",
        {"year": "2026", "name": "narkotika", "description": "Min text", "status": "proposed", "order": "0"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Det finns redan ett fokusområde med det namnet för 2026." in body and "Min text" in body
    response = login("coordinator.lomma").post(
        "/k/1262/fokusomraden/nytt/", {"year": "2026", "name": "Ny", "status": "decided", "order": "0"}
    )
    assert "Ange när fokusområdet beslutades." in response.content.decode()


def test_it_deletes(login, lomma, user):
    focus = services.create_focus_area(lomma, user("coordinator.lomma"), year=2026, name="Klotter")
    assert login("reader.lomma").post(f"/k/1262/fokusomraden/{focus.pk}/ta-bort/").status_code == 403
    login("coordinator.lomma").post(f"/k/1262/fokusomraden/{focus.pk}/ta-bort/")
    assert not FocusArea.objects.filter(pk=focus.pk).exists()


def test_api_lists_a_year(api, lomma, user):
    services.create_focus_area(
        lomma, user("coordinator.lomma"), year=2026, name="Barn och unga", children_and_youth=True
    )
    services.create_focus_area(lomma, user("coordinator.lomma"), year=2025, name="Gammalt")
    data = api("reader.lomma").get("/api/v1/focus-areas?municipality=1262&year=2026").json()
    assert [(f["name"], f["children_and_youth"]) for f in data] == [("Barn och unga", True)]
    assert api("coordinator.hoor").get("/api/v1/focus-areas?municipality=1262&year=2026").status_code == 404

"""The agreement pages: create with bad input keeps the text, parts and versions pages."""

import datetime

import pytest

from agreements import services
from agreements.models import Agreement

pytestmark = pytest.mark.django_db


def test_it_keeps_the_input_and_explains_errors(login):
    client = login("coordinator.lomma")
    response = client.post(
        "/k/1262/overenskommelser/ny/",
        {
            "kind": "strategic",
            "status": "draft",
            "title": "Min titel",
            "valid_from": "2027-01-01",
            "valid_to": "2023-12-31",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Slutdatum kan inte vara före startdatum." in body and 'value="Min titel"' in body
    assert 'href="#id_valid_to"' in body


def test_a_coordinator_creates_edits_and_sees_versions(login, lomma):
    client = login("coordinator.lomma")
    response = client.post(
        "/k/1262/overenskommelser/ny/",
        {"kind": "strategic", "status": "draft", "valid_from": "2023-01-01", "valid_to": "2027-12-31"},
    )
    agreement = Agreement.objects.get(municipality=lomma)
    assert response.status_code == 302 and response["Location"].endswith(f"/overenskommelser/{agreement.pk}/")
    url = f"/k/1262/overenskommelser/{agreement.pk}/"
    client.post(url + "avsnitt/nytt/", {"kind": "purpose", "title": "Syfte", "body": "Första texten."})
    client.post(url + "avsnitt/nytt/", {"kind": "follow_up", "title": "Uppföljning", "body": "Varje år."})
    second = agreement.sections.get(title="Uppföljning")
    client.post(url + f"avsnitt/{second.pk}/flytta/", {"direction": "up"})
    assert [s.title for s in agreement.sections.all()] == ["Uppföljning", "Syfte"]
    first = agreement.sections.get(title="Syfte")
    client.post(
        url + f"avsnitt/{first.pk}/",
        {"kind": "purpose", "title": "Syfte", "body": "Andra texten.", "comment": "Revidering"},
    )
    agreement.refresh_from_db()
    assert agreement.version == 5
    page = client.get(url + "versioner/5/").content.decode()
    assert "Första texten." in page and "Andra texten." in page and "Revidering" in page
    assert "Första texten." in client.get(url + "versioner/2/").content.decode()
    assert "Version 5" in client.get(url + "versioner/").content.decode()


def test_a_warning_shows_on_the_list(lomma, user, login):
    services.create_agreement(
        lomma,
        user("coordinator.lomma"),
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2021, 12, 31),
        status=Agreement.Status.IN_FORCE,
    )
    page = login("reader.lomma").get("/k/1262/overenskommelser/").content.decode()
    assert "gick ut 31 december 2021" in page

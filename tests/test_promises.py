"""Citizen promises (medborgarlöften): the coordinators' pages, publishing with the personal-data
check, progress updates, the public page and the API."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from focusareas.models import FocusArea
from promises import services
from promises.models import CitizenPromise, PromiseUpdate
from tenancy.models import Municipality

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year

PARTS = {
    "situation_today": "Många upplever otrygghet vid stationen på kvällarna.",
    "what_we_do": "Polisen och kommunens trygghetsvärdar är på plats fredagar och lördagar.",
    "what_we_achieve": "Fler ska känna sig trygga vid stationen.",
    "follow_along": "Vi berättar här varje kvartal hur det går.",
}


def make(lomma, user, year=YEAR, title="Tryggare stationsområde", **kw):
    return services.create_promise(lomma, user("coordinator.lomma"), {"title": title, "year": year, **PARTS, **kw})


def form_data(**kw):
    data = {"year": YEAR, "title": "Tryggare centrum", "order": 0, "decided_by": "KSO och LPO-chef", **PARTS}
    data.update(kw)
    return data


def test_it_creates_a_promise_with_defaults_and_audit(lomma, user):
    promise = make(lomma, user)
    assert promise.police_area.name == "LPO Kävlinge"
    assert promise.decided_by == "Kommunstyrelsens ordförande och lokalpolisområdeschef"
    assert not promise.is_published and promise.pii == []
    assert AuditEntry.objects.filter(object_type="promises.citizenpromise", object_id=str(promise.pk)).exists()


def test_it_creates_a_promise_through_the_form_with_focus_areas(login, lomma):
    area = FocusArea.objects.create(municipality=lomma, year=YEAR, name="Trygg stationsmiljö")
    FocusArea.objects.create(municipality=lomma, year=YEAR - 1, name="Förra årets område")
    client = login("coordinator.lomma")
    page = client.get(f"/k/1262/medborgarloften/nytt/?ar={YEAR}")
    assert "Trygg stationsmiljö" in page.content.decode() and "Förra årets område" not in page.content.decode()
    assert "Kommunstyrelsens ordförande och lokalpolisområdeschef" in page.content.decode()
    response = client.post("/k/1262/medborgarloften/nytt/", form_data(focus_areas=[area.pk]))
    promise = CitizenPromise.objects.get(municipality=lomma, title="Tryggare centrum")
    assert response.status_code == 302 and response.url == f"/k/1262/medborgarloften/{promise.pk}/"
    assert list(promise.focus_areas.all()) == [area]
    detail = client.get(response.url).content.decode()
    for heading in ["Situationen idag", "Det här ska vi göra", "Det här ska vi åstadkomma", "Följ med i hur det går"]:
        assert heading in detail


def test_it_keeps_what_was_typed_on_errors(login):
    response = login("coordinator.lomma").post("/k/1262/medborgarloften/nytt/", form_data(title="", year="20x6"))
    body = response.content.decode()
    assert response.status_code == 422
    assert "Ange en rubrik." in body and "Ange år med fyra siffror" in body
    assert PARTS["what_we_do"] in body and 'href="#id_title"' in body


def test_it_saves_a_draft_with_personal_data_but_blocks_publishing(login, lomma):
    client = login("coordinator.lomma")
    data = form_data(what_we_do="Kontakta Anna Svensson på 070-123 45 67 om tryggheten.")
    response = client.post("/k/1262/medborgarloften/nytt/", data, follow=True)
    promise = CitizenPromise.objects.get(municipality=lomma, title="Tryggare centrum")
    assert "sparat som utkast, men texten innehåller personuppgifter" in response.content.decode()
    assert {flag["field"] for flag in promise.pii} == {"what_we_do"}
    response = client.post(f"/k/1262/medborgarloften/{promise.pk}/publicera/", follow=True)
    promise.refresh_from_db()
    assert promise.published_at is None
    assert (
        "Texten i fältet ”Det här ska vi göra” innehåller något som ser ut som personuppgifter"
        in response.content.decode()
    )
    with pytest.raises(services.PersonalDataError):
        services.publish_promise(promise, None)
    # removing the personal data makes it publishable
    client.post(f"/k/1262/medborgarloften/{promise.pk}/andra/", form_data(what_we_do="Fler trygghetsvandringar."))
    client.post(f"/k/1262/medborgarloften/{promise.pk}/publicera/")
    promise.refresh_from_db()
    assert promise.is_published and promise.pii == []


def test_it_refuses_personal_data_in_a_published_promise(login, lomma, user):
    promise = services.publish_promise(make(lomma, user), None)
    response = login("coordinator.lomma").post(
        f"/k/1262/medborgarloften/{promise.pk}/andra/", form_data(situation_today="Ring 070-123 45 67.")
    )
    assert response.status_code == 422 and "Ring 070-123 45 67." in response.content.decode()
    promise.refresh_from_db()
    assert promise.situation_today == PARTS["situation_today"]


def test_it_deletes_only_unpublished_promises(login, lomma, user):
    client = login("coordinator.lomma")
    published = services.publish_promise(make(lomma, user), None)
    client.post(f"/k/1262/medborgarloften/{published.pk}/ta-bort/")
    assert CitizenPromise.objects.filter(pk=published.pk).exists()
    client.post(f"/k/1262/medborgarloften/{published.pk}/avpublicera/")
    client.post(f"/k/1262/medborgarloften/{published.pk}/ta-bort/")
    assert not CitizenPromise.objects.filter(pk=published.pk).exists()


def test_it_adds_edits_and_deletes_progress_updates(login, lomma, user):
    promise = make(lomma, user)
    client = login("police.kavlinge")
    url = f"/k/1262/medborgarloften/{promise.pk}/uppdateringar/"
    client.post(url, {"date": f"{YEAR}-03-01", "status": "delayed", "text": "Vandringarna startar i april."})
    update = PromiseUpdate.objects.get(promise=promise)
    assert update.status == "delayed"
    client.post(f"{url}{update.pk}/andra/", {"date": f"{YEAR}-03-02", "status": "on_track", "text": "Igång nu."})
    update.refresh_from_db()
    assert (update.status, update.text, update.date) == ("on_track", "Igång nu.", datetime.date(YEAR, 3, 2))
    client.post(f"{url}{update.pk}/ta-bort/")
    assert not PromiseUpdate.objects.filter(promise=promise).exists()
    actions = AuditEntry.objects.filter(object_type="promises.promiseupdate").values_list("action", flat=True)
    assert sorted(actions) == ["create", "delete", "update"]


def test_it_refuses_an_update_with_personal_data(login, lomma, user):
    promise = make(lomma, user)
    response = login("coordinator.lomma").post(
        f"/k/1262/medborgarloften/{promise.pk}/uppdateringar/",
        {"date": f"{YEAR}-03-01", "status": "done", "text": "Erik Johansson har fixat belysningen."},
    )
    assert response.status_code == 422
    assert "personuppgifter" in response.content.decode() and "Erik Johansson har fixat" in response.content.decode()
    assert not promise.updates.exists()
    with pytest.raises(services.PersonalDataError):
        services.add_update(promise, None, {"date": datetime.date(YEAR, 3, 1), "text": "Mejla anna@example.se"})


def test_it_lists_promises_per_year(login, lomma, user):
    make(lomma, user, title="Årets löfte")
    make(lomma, user, year=YEAR - 1, title="Fjolårets löfte")
    client = login("reader.lomma")
    this_year = client.get("/k/1262/medborgarloften/").content.decode()
    assert "Årets löfte" in this_year and "Fjolårets löfte" not in this_year
    assert "Nytt medborgarlöfte" not in this_year  # a reader cannot write
    last_year = client.get(f"/k/1262/medborgarloften/?ar={YEAR - 1}").content.decode()
    assert "Fjolårets löfte" in last_year and "Årets löfte" not in last_year


def test_the_public_page_shows_only_published_promises(client, lomma, user):
    published = make(lomma, user, title="Publicerat löfte")
    services.publish_promise(published, None)
    services.add_update(published, None, {"date": datetime.date(YEAR, 2, 1), "status": "done", "text": "Första."})
    services.add_update(published, None, {"date": datetime.date(YEAR, 5, 1), "status": "delayed", "text": "Andra."})
    draft = make(lomma, user, title="Hemligt utkast")
    services.add_update(draft, None, {"date": datetime.date(YEAR, 2, 1), "text": "Utkastets uppdatering."})
    response = client.get("/medborgarloften/1262/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Publicerat löfte" in body and "Hemligt utkast" not in body and "Utkastets uppdatering" not in body
    assert f"<title>Medborgarlöften {YEAR} – Lomma – Samtrygg</title>" in body and 'lang="sv"' in body
    assert body.index("Andra.") < body.index("Första.")  # newest first
    assert "Försenat" in body and "Genomfört" in body  # the status in words, not only colour
    assert "Logga ut" not in body and "Huvudmeny" not in body
    assert "LPO Kävlinge" in body and "Kommunstyrelsens ordförande" in body
    index = client.get("/medborgarloften/").content.decode()
    assert "/medborgarloften/1262/" in index and "/medborgarloften/1267/" not in index


def test_the_public_page_switches_year_and_links_years(client, lomma, user):
    services.publish_promise(make(lomma, user, year=YEAR - 1, title="Fjolårets löfte"), None)
    body = client.get("/medborgarloften/1262/").content.decode()
    assert "Fjolårets löfte" not in body and "har inga publicerade medborgarlöften" in body
    assert f'href="?ar={YEAR - 1}"' in body
    assert "Fjolårets löfte" in client.get(f"/medborgarloften/1262/?ar={YEAR - 1}").content.decode()


def test_the_public_page_answers_404_for_an_unknown_code_and_200_without_promises(client):
    assert client.get("/medborgarloften/9999/").status_code == 404
    response = client.get("/medborgarloften/1267/")
    assert response.status_code == 200 and "har inga publicerade medborgarlöften" in response.content.decode()
    assert Municipality.objects.filter(code="1267").exists()


def test_the_api_lists_promises_with_parts_and_updates(api, lomma, user):
    area = FocusArea.objects.create(municipality=lomma, year=2026, name="Trygg stationsmiljö")
    promise = make(lomma, user, year=2026, focus_areas=[area])
    services.publish_promise(promise, None)
    services.add_update(promise, None, {"date": datetime.date(2026, 4, 1), "status": "on_track", "text": "Bra."})
    make(lomma, user, year=2025, title="Annat år")
    rows = api("reader.lomma").get("/api/v1/promises?municipality=1262&year=2026").json()
    assert [r["title"] for r in rows] == ["Tryggare stationsområde"]
    row = rows[0]
    assert row["what_we_do"] == PARTS["what_we_do"] and row["published"] is True
    assert row["focus_areas"] == ["Trygg stationsmiljö"]
    assert row["updates"][0]["status"] == "on_track" and row["updates"][0]["status_name"] == "Enligt plan"
    assert api("coordinator.hoor").get("/api/v1/promises?municipality=1262").status_code == 404

import pytest
from django.utils import timezone

from incidents.models import Incident

pytestmark = pytest.mark.django_db


def form(**kw):
    data = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "lat": "55.7175",
        "lon": "13.0245",
        "category": "nedskrapning",
        "description": "Mycket skräp vid grillplatsen efter helgen.",
    }
    data.update(kw)
    return data


def test_it_shows_the_form_with_the_default_categories(login):
    r = login("reporter.lomma").get("/k/1262/rapportera/")
    assert r.status_code == 200
    body = r.content.decode()
    for name in ("Skadegörelse/klotter", "Motorburen störning/EPA", "Rykten/sociala medier", "Övrigt"):
        assert name in body


def test_it_saves_a_report_and_redirects_to_mine(login):
    client = login("reporter.lomma")
    r = client.post("/k/1262/rapportera/", form(people_count="2-5", age_group="youth", police_notified="on"))
    assert r.status_code == 302 and r.url == "/k/1262/mina-rapporter/"
    incident = Incident.objects.get()
    assert incident.area.name == "Bjärred" and incident.people_count == "2-5" and incident.police_notified
    assert incident.organisation.name == "Fritidsgårdarna i Lomma"
    mine = client.get(r.url).content.decode()
    assert f"#{incident.pk}" in mine and "Ny" in mine


def test_it_uses_a_named_place_when_no_pin_is_set(login, lomma):
    place = lomma.places.get(name="Lomma hamn")
    login("reporter.lomma").post("/k/1262/rapportera/", form(lat="", lon="", place=str(place.pk)))
    incident = Incident.objects.get()
    assert (incident.lat, incident.lon) == (place.lat, place.lon)
    assert incident.place == place and incident.area.name == "Lomma tätort"


def test_it_keeps_what_was_typed_on_errors(login):
    r = login("reporter.lomma").post(
        "/k/1262/rapportera/", form(category="", lat="", lon="", description="Bråk vid busshållplatsen.")
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "Bråk vid busshållplatsen." in body
    assert "Välj en kategori." in body
    assert "Ange var det hände" in body
    assert Incident.objects.count() == 0


def test_it_refuses_a_pin_outside_the_municipality(login):
    r = login("reporter.lomma").post("/k/1262/rapportera/", form(lat="59.33", lon="18.06"))
    assert r.status_code == 422 and "utanför Lomma" in r.content.decode()


def test_it_warns_about_duplicates_before_saving(login, report):
    existing = report(category="nedskrapning")
    client = login("reporter.lomma")
    r = client.post("/k/1262/rapportera/", form(lat="55.7178", lon="13.0249"))
    assert r.status_code == 200
    assert "Kanske redan rapporterad?" in r.content.decode() and f"#{existing.pk}" in r.content.decode()
    assert Incident.objects.count() == 1
    r = client.post("/k/1262/rapportera/", form(lat="55.7178", lon="13.0249", confirm_new="1"))
    assert r.status_code == 302 and Incident.objects.count() == 2


def test_it_ignores_reports_further_away_or_later(login, report):
    report(category="nedskrapning", occurred_at=timezone.now() - timezone.timedelta(hours=5))
    report(category="nedskrapning", lat=55.7195)  # ~220 m north
    report(category="brand")
    r = login("reporter.lomma").post("/k/1262/rapportera/", form())
    assert r.status_code == 302


def test_duplicates_panel(login, report):
    existing = report(category="nedskrapning")
    query = {k: v for k, v in form().items() if k != "description"}  # the free text never goes in a URL
    r = login("reporter.lomma").get("/k/1262/rapportera/dubbletter/", query)
    assert f"#{existing.pk}" in r.content.decode()


def test_live_pii_check(login):
    r = login("reporter.lomma").post(
        "/k/1262/rapportera/personuppgifter/", {"description": "Mejla kalle@example.com eller ring 0701234567"}
    )
    body = r.content.decode()
    assert "”kalle@example.com”</span> (e-postadress)" in body and "”0701234567”</span> (telefonnummer)" in body


def test_it_masks_without_being_asked(login):
    login("reporter.lomma").post("/k/1262/rapportera/", form(description="Bilen ABC 123 stod på gräset."))
    incident = Incident.objects.get()
    assert incident.description == "Bilen [regnr] stod på gräset."
    assert [f["kind"] for f in incident.masked_findings] == ["vehicle_registration"]


def test_the_reviewer_sees_what_was_masked(login):
    client = login("reporter.lomma")
    client.post("/k/1262/rapportera/", form(description="Personnummer 811228-9874 tappades."))
    incident = Incident.objects.get()
    assert incident.pii[0]["kind"] == "personnummer" and incident.description == "Personnummer [personnummer] tappades."
    detail = login("coordinator.lomma").get(f"/k/1262/handelser/{incident.pk}/").content.decode()
    assert "811228-9874" in detail and "Maskera personuppgifterna" in detail


def test_reporter_home_goes_to_the_form(login):
    assert login("reporter.lomma").get("/").url == "/k/1262/rapportera/"

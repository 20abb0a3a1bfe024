"""Citizen promises end to end: a coordinator writes Lomma's promise with the four parts,
publishes it and adds a progress update; an anonymous phone user then reads it on the public page."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_coordinator_publishes_and_a_citizen_reads_on_a_phone(page: Page, new_page, live_server):
    year = timezone.localdate().year
    force_login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/medborgarloften/?ar={year}")
    page.get_by_role("link", name="Nytt medborgarlöfte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt medborgarlöfte")
    expect(page.get_by_label("Lokalpolisområde")).to_have_value(
        page.locator("#id_police_area option", has_text="LPO Kävlinge").get_attribute("value")
    )
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()  # nothing filled in: the messages show
    expect(page.get_by_role("alert")).to_contain_text("Ange en rubrik.")
    assert_accessible(page)
    page.get_by_label("Rubrik").fill("Tryggare Lomma centrum")
    page.get_by_label("Situationen idag").fill("Många känner sig otrygga vid busstorget på kvällarna.")
    page.get_by_label("Det här ska vi göra").fill("Polis och kommun gör trygghetsvandringar varje månad.")
    page.get_by_label("Det här ska vi åstadkomma").fill("Fler ska känna sig trygga vid busstorget.")
    page.get_by_label("Följ med i hur det går").fill("Vi berättar här hur det går, minst varje kvartal.")
    screenshot(page, "promises-form")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tryggare Lomma centrum")
    expect(page.get_by_text("Utkast – syns inte för invånarna")).to_be_visible()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Löftet är publicerat")).to_be_visible()
    page.get_by_label("Status").select_option(label="Försenat")
    page.get_by_label("Det här har hänt").fill("Den första vandringen flyttades till april.")
    page.get_by_role("button", name="Spara uppdateringen").click()
    expect(page.get_by_text("Lägesuppdateringen är sparad.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "promises-detail")

    phone = new_page(phone=True)
    phone.goto("/medborgarloften/1262/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Medborgarlöften {year} i Lomma")
    expect(phone).to_have_title(f"Medborgarlöften {year} – Lomma – Samtrygg")
    expect(phone.get_by_role("heading", level=2, name="Tryggare Lomma centrum")).to_be_visible()
    for part in ("Situationen idag", "Det här ska vi göra", "Det här ska vi åstadkomma", "Följ med i hur det går"):
        expect(phone.get_by_role("heading", level=3, name=part)).to_be_visible()
    expect(phone.get_by_text("Den första vandringen flyttades till april.")).to_be_visible()
    expect(phone.locator(".pstatus-delayed")).to_have_text("Försenat")
    expect(phone.get_by_role("button", name="Logga ut")).to_have_count(0)
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone)
    screenshot(phone, "promises-public-phone")

    narrow = new_page(phone=True, width=320)
    narrow.goto("/medborgarloften/1262/")
    assert narrow.evaluate(NO_OVERFLOW), "the public page scrolls sideways at 320 px"
    narrow.goto("/medborgarloften/")
    expect(narrow.get_by_role("link", name="Lomma")).to_be_visible()
    assert narrow.evaluate(NO_OVERFLOW)
    assert_accessible(narrow)

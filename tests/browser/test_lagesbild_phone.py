"""The lägesbild on a 390 px phone: the charts' text stays at 12 px or more, nothing overflows
sideways, rates per 1,000 inhabitants are given, areas without events are folded, the map names
the areas without its tiles, and axe finds nothing serious."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def test_the_lagesbild_reads_well_on_a_phone(phone: Page, live_server, make_report):
    for category in ("samling-tillhall", "skadegorelse-klotter", "skadegorelse-klotter", "brand"):
        make_report(category, "Bjärreds centrum")
    make_report("brand", "Centrumplan Lomma")
    force_login(phone, live_server, "coordinator.lomma")
    phone.goto("/k/1262/lagesbild/")
    phone.get_by_role("button", name="Denna månad").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Lägesbild Lomma")
    expect(phone.locator("#situation-map .leaflet-tooltip.area-label").first).to_be_visible()

    texts = phone.evaluate(
        """() => [...document.querySelectorAll('.svg-chart svg text')].map(t => ({
            text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
            height: t.getBoundingClientRect().height}))"""
    )
    assert len(texts) > 20  # category names, values, weekdays, hours
    too_small = [t for t in texts if t["size"] < 12 or t["height"] < 12]
    assert not too_small, too_small
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    areas = phone.locator("section:has(#area-h)")
    bjarred = areas.locator("tr", has=phone.locator("th", has_text="Bjärred"))
    expect(bjarred.locator("td").nth(1)).to_have_text("0,4")  # 4 reports per 10,100 inhabitants
    expect(areas.get_by_text("Visa 2 områden utan händelser")).to_be_visible()
    expect(areas.get_by_role("row", name="Alnarp")).to_be_hidden()  # folded
    areas.get_by_text("Visa 2 områden utan händelser").click()
    expect(areas.get_by_role("row", name="Alnarp")).to_be_visible()

    # no tiles in tests: the outlines and their names are the map, and the page says why
    expect(phone.get_by_text("Bakgrundskartan kunde inte laddas.")).to_be_visible()
    names = phone.locator("#situation-map .leaflet-tooltip.area-label").all_inner_texts()
    assert {"Bjärred", "Lomma tätort", "Alnarp", "Lomma landsbygd"} <= set(names)
    assert_accessible(phone)
    screenshot(phone, "lagesbild-phone")


def test_the_map_keeps_its_outlines_when_the_tiles_fail(page: Page, live_server, make_report, settings):
    # a tile server that answers 404 for every tile
    settings.MAP_TILE_URL = live_server.url + "/ingen-karta/{z}/{x}/{y}.png"
    make_report("brand", "Lomma hamn")
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/lagesbild/")
    page.get_by_role("button", name="Denna månad").click()
    expect(page.get_by_text("Bakgrundskartan kunde inte laddas.")).to_be_visible()
    expect(page.locator("#situation-map path.leaflet-interactive")).to_have_count(4)  # the four areas
    names = page.locator("#situation-map .leaflet-tooltip.area-label").all_inner_texts()
    assert {"Bjärred", "Lomma tätort", "Alnarp", "Lomma landsbygd"} <= set(names)
    assert_accessible(page)
    screenshot(page, "lagesbild-no-tiles")


def test_the_coordinator_types_a_population_on_a_phone(phone: Page, live_server, make_report):
    force_login(phone, live_server, "coordinator.lomma")
    phone.goto("/k/1262/omraden/")
    phone.get_by_role("link", name="Ändra befolkning för Alnarp").click()
    phone.get_by_role("spinbutton", name="Befolkning").fill("-5")
    phone.get_by_role("button", name="Spara").click()
    expect(phone.get_by_text("Befolkningen kan inte vara negativ.")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("spinbutton", name="Befolkning").fill("812")
    phone.get_by_label("Källa").fill("SCB 2025")
    phone.get_by_role("button", name="Spara").click()
    expect(phone.get_by_text("Befolkningen för Alnarp är sparad.")).to_be_visible()
    expect(phone.get_by_role("row", name="Alnarp")).to_contain_text("SCB 2025")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
    screenshot(phone, "areas-phone")

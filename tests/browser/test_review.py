"""The coordinator's side: reviewing a report, the list with its filters, the map."""

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

# Reports shown on the incident map once no animation runs: a cluster counts its size, a marker one.
MARKERS_SHOWN = """(() => {
    const map = document.querySelector('#incident-map');
    if (map.classList.contains('leaflet-zoom-anim') || map.querySelector('.leaflet-cluster-anim')) return -1;
    return [...map.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')]
        .reduce((n, m) => n + (m.classList.contains('marker-cluster') ? +m.textContent : 1), 0);
})()"""


def test_coordinator_rejects_and_the_reporter_sees_why(new_page, live_server, make_report):
    incident = make_report("ordningsstorning", "Lomma hamn", description="Bråk vid hamnen, lugnade sig.")
    page = new_page()
    login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/handelser/{incident.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"#{incident.pk} Ordningsstörning/bråk")
    expect(page.locator("h1 .status")).to_have_text("Ny")

    # Rejecting without a reason is refused, next to the field.
    reject = page.get_by_role("button", name="Avvisa", exact=True)
    reject.click()
    reason = page.get_by_label("Avvisa med motivering")
    expect(page.locator("#reason-error")).to_have_text("Skriv varför händelsen avvisas.")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_attribute("aria-describedby", "reason-error")
    expect(reason).to_be_focused()  # the form is at the end of a long page: go straight to what to fix
    expect(reason).to_be_in_viewport()
    expect(page.locator("h1 .status")).to_have_text("Ny")
    incident.refresh_from_db()
    assert incident.status == "new"

    reason.fill("Samma bråk som redan är rapporterat av polisen.")
    reject.click()
    expect(page.locator(".messages")).to_contain_text("Händelsen är avvisad.")
    expect(page.locator("h1 .status")).to_have_text("Avvisad")
    expect(page.locator(".facts")).to_contain_text("Samma bråk som redan är rapporterat av polisen.")
    incident.refresh_from_db()
    assert (incident.status, incident.review_note) == ("rejected", "Samma bråk som redan är rapporterat av polisen.")

    # The reporter, on a phone, sees the outcome and the reason.
    phone = new_page(phone=True)
    login(phone, live_server, "reporter.lomma")
    phone.goto("/k/1262/mina-rapporter/")
    item = phone.locator(".list .item", has_text=f"#{incident.pk}")
    expect(item.locator(".status")).to_have_text("Avvisad")
    expect(item).to_contain_text("Motivering: Samma bråk som redan är rapporterat av polisen.")


def test_coordinator_accepts(page: Page, live_server, make_report):
    incident = make_report()
    login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/handelser/{incident.pk}/")
    page.get_by_role("button", name="Godkänn").click()
    expect(page.locator("h1 .status")).to_have_text("Godkänd")
    expect(page.get_by_role("button", name="Godkänn")).to_have_count(0)
    incident.refresh_from_db()
    assert incident.status == "accepted"


def test_list_filter_and_map(page: Page, live_server, make_report):
    reports = [
        make_report("skadegorelse-klotter", "Bjärreds centrum", hours_ago=30),
        make_report("skadegorelse-klotter", "Lomma hamn", hours_ago=50),
        make_report("skadegorelse-klotter", "Alnarpsparken", hours_ago=70),
        make_report("brand", "Borgeby slott", hours_ago=5, description="Brand i container."),
        make_report("brand", "Lomma strandbad", hours_ago=90, description="Eldat i papperskorg."),
    ]
    login(page, live_server, "coordinator.lomma")
    expect(page.get_by_role("heading", name="Lomma")).to_be_visible()
    page.locator("main").get_by_role("link", name="Händelser", exact=True).click()

    rows = page.locator("table tbody tr")
    expect(page.locator("p.meta[role=status]")).to_have_text("5 händelser")
    expect(rows).to_have_count(5)
    for incident in reports:
        expect(page.get_by_role("link", name=f"#{incident.pk}", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="5 nya att granska")).to_be_visible()

    page.get_by_label("Kategori").select_option(label="Brand")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"category=brand"))
    expect(page.locator("p.meta[role=status]")).to_have_text("2 händelser")
    expect(rows).to_have_count(2)
    for row in rows.all():
        expect(row.locator("td").nth(2)).to_have_text("Brand")
    expect(page.get_by_label("Kategori")).to_have_value("brand")  # the filter shows what is applied

    # The map keeps the filter, then shows everything once it is cleared.
    page.get_by_role("link", name="Visa på karta").click()
    expect(page).to_have_url(re.compile(r"/handelser/karta/\?.*category=brand"))
    the_map = page.locator("#incident-map")
    expect(the_map).to_have_attribute("data-count", "2")
    expect(page.locator("#map-status")).to_have_text("2 händelser visas på kartan.")

    page.get_by_role("link", name="Rensa filter").click()
    expect(the_map).to_have_attribute("data-count", "5")
    expect(page.locator("#map-status")).to_have_text("5 händelser visas på kartan.")
    expect(the_map.locator(".leaflet-marker-pane .leaflet-marker-icon").first).to_be_visible()
    expect(the_map.locator(".leaflet-overlay-pane path").first).to_be_attached()  # areas drawn, map fitted
    # Single markers count one each, clusters show their size: together they are every report.
    page.wait_for_function(MARKERS_SHOWN + " === 5", timeout=10_000)

    # A marker's popup links to the report.
    single = the_map.locator(".leaflet-marker-icon:not(.marker-cluster)").first
    for _ in range(5):  # zoom into clusters until a single marker shows
        if single.is_visible():
            break
        cluster = the_map.locator(".marker-cluster").first.element_handle()
        cluster.click()
        page.wait_for_function("el => !el.isConnected", arg=cluster)  # the map zoomed in ...
        page.wait_for_function(f"{MARKERS_SHOWN} >= 0")  # ... and has settled
    popup = the_map.locator(".leaflet-popup-content")
    # On a busy machine a click can land while the zoom animation still runs and open nothing:
    # click again (at most three times) until the popup is there.
    for _ in range(3):
        single.click()
        try:
            popup.get_by_role("link", name="Visa händelsen").wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    expect(popup.get_by_role("link", name="Visa händelsen")).to_be_visible()
    popup.get_by_role("link", name="Visa händelsen").click()
    expect(page).to_have_url(re.compile(r"/k/1262/handelser/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("#")

"""axe-core (WCAG 2.0/2.1 A and AA) on every main page, as the role that uses it, on a phone.

A violation with impact "serious" or "critical" fails the test. Each page is also
screenshotted into /tmp/shots/ (SAMTRYGG_SHOTS) for a look by eye."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def _login_page(page, live_server, make_report):
    page.goto("/konto/logga-in/")


def _login_failed(page, live_server, make_report):
    page.goto("/konto/logga-in/")
    page.fill("#id_username", "coordinator.lomma")
    page.fill("#id_password", "fel-lösenord-123")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _home(page, live_server, make_report):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/")
    expect(page.get_by_role("heading", name="Välkommen")).to_be_visible()


def _home_police(page, live_server, make_report):
    force_login(page, live_server, "police.kavlinge")
    page.goto("/")
    expect(page.locator(".card")).to_have_count(2)


def _report(page, live_server, make_report):
    force_login(page, live_server, "reporter.lomma")
    page.goto("/k/1262/rapportera/")
    expect(page.locator("#report-map .leaflet-map-pane")).to_have_count(1)


def _report_errors(page, live_server, make_report):
    _report(page, live_server, make_report)
    page.get_by_label("Vad hände?").fill("x")
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.locator("#form-errors")).to_be_visible()


def _report_warnings(page, live_server, make_report):
    make_report("brand", "Lomma hamn")
    _report(page, live_server, make_report)
    page.get_by_label("Känd plats").select_option(label="Lomma hamn")
    page.locator("label.tile", has_text="Brand").click()
    page.get_by_label("Vad hände?").fill("Ring 070-123 45 67, bilen ABC 123 stod där.")
    expect(page.locator("#pii-result .warn-box")).to_be_visible()
    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.get_by_role("button", name="Det är en ny händelse – skicka ändå")).to_be_visible()
    expect(page.locator("#pii-result .warn-box")).to_be_visible()


def _mine(page, live_server, make_report):
    make_report()
    make_report("brand", "Lomma hamn", description="Ring 070-123 45 67")
    rejected = make_report("ovrigt", "Alnarpsparken")
    from incidents import services

    services.reject(rejected, None, "Inte en EST-händelse.")
    force_login(page, live_server, "reporter.lomma")
    page.goto("/k/1262/mina-rapporter/")
    expect(page.locator(".list .item")).to_have_count(3)


def _list(page, live_server, make_report):
    make_report()
    make_report("brand", "Lomma hamn", description="Ring 070-123 45 67")
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/handelser/")
    expect(page.locator("table tbody tr")).to_have_count(2)


def _map(page, live_server, make_report):
    make_report()
    make_report("brand", "Lomma hamn")
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/handelser/karta/")
    expect(page.locator("#incident-map")).to_have_attribute("data-count", "2")


def _detail(page, live_server, make_report):
    make_report()
    incident = make_report(description="Klotter igen, ring 070-123 45 67 om ni vill veta mer.")
    force_login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/handelser/{incident.pk}/")
    expect(page.get_by_role("button", name="Maskera personuppgifterna")).to_be_visible()
    expect(page.get_by_text("Möjliga dubbletter")).to_be_visible()


def _detail_error(page, live_server, make_report):
    _detail(page, live_server, make_report)
    page.get_by_role("button", name="Avvisa", exact=True).click()
    expect(page.locator("#reason-error")).to_be_visible()


def _detail_reporter(page, live_server, make_report):
    incident = make_report()
    force_login(page, live_server, "reporter.lomma")
    page.goto(f"/k/1262/handelser/{incident.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"#{incident.pk}")


def _categories(page, live_server, make_report):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/kategorier/")
    expect(page.locator(".list .item")).to_have_count(13)
    # Each row's buttons say which category they act on; an unused one is shown as such.
    page.get_by_role("button", name="Sluta använda – Brand").click()
    expect(page.get_by_role("button", name="Använd igen – Brand")).to_be_visible()
    expect(page.locator(".item.muted")).to_contain_text("Används inte")


def _areas(page, live_server, make_report):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/omraden/")
    expect(page.get_by_role("heading", name="Platser (7)")).to_be_visible()


def _audit(page, live_server, make_report):
    make_report()
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/logg/")
    expect(page.locator("table tbody tr").first).to_be_visible()


def _not_found(page, live_server, make_report):
    force_login(page, live_server, "coordinator.lomma")
    response = page.goto("/k/1262/handelser/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Sidan finns inte")).to_be_visible()


def _forbidden(page, live_server, make_report):
    force_login(page, live_server, "reader.lomma")
    response = page.goto("/k/1262/kategorier/")
    assert response.status in (403, 404)


PAGES = {
    "login": _login_page,
    "login-failed": _login_failed,
    "home-coordinator": _home,
    "home-police": _home_police,
    "report": _report,
    "report-errors": _report_errors,
    "report-warnings": _report_warnings,
    "mine": _mine,
    "list": _list,
    "map": _map,
    "detail-coordinator": _detail,
    "detail-review-error": _detail_error,
    "detail-reporter": _detail_reporter,
    "categories": _categories,
    "areas": _areas,
    "audit-log": _audit,
    "404": _not_found,
    "403": _forbidden,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible(name, new_page, live_server, make_report):
    page: Page = new_page(phone=True)
    PAGES[name](page, live_server, make_report)
    screenshot(page, name)
    assert_accessible(page)


REFLOW = [
    "login",
    "home-coordinator",
    "report-errors",
    "report-warnings",
    "mine",
    "list",
    "map",
    "detail-coordinator",
    "categories",
    "areas",
    "audit-log",
]


@pytest.mark.parametrize("name", REFLOW)
def test_page_fits_a_small_phone(name, new_page, live_server, make_report):
    """WCAG 1.4.10 reflow: at 320 CSS px nothing but tables and maps may need sideways scrolling."""
    page: Page = new_page(phone=True, width=320)
    PAGES[name](page, live_server, make_report)
    # measured once the stylesheet is in: a page still loading it lays a textarea out at its
    # default 40 columns (a false overflow seen on a loaded machine)
    page.wait_for_load_state("load")
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const wide = [];
        for (const el of document.querySelectorAll('body *')) {
            if (el.closest('.table-wrap, .leaflet-container')) continue;
            const r = el.getBoundingClientRect();
            if (r.width && r.right > width + 1) wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
        }
        return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
    }""")
    if overflow["wide"] or overflow["scroll"] > overflow["width"]:
        screenshot(page, f"{name}-320")
    assert not overflow["wide"] and overflow["scroll"] <= overflow["width"], overflow

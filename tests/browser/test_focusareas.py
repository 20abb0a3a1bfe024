"""From a figure in the situation picture to a decided focus area with a cause analysis: a
coordinator proposes a lägesbild category as a focus area, adds a cause per side of the problem
triangle with a dialogue as evidence, and records the styrgrupp's decision."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from samtrygg import dates
from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
CAUSES = [
    ("Gärningsperson", "Unga utan fritidssysselsättning på kvällarna", "Dialog med fritidsgården"),
    ("Brottsoffer eller mål", "Omålade fasader utan klotterskydd", "Dialog med fastighetsägarna"),
    ("Plats", "Mörk gångväg vid Bjärreds centrum", "Trygghetsvandring med boende"),
]


def _picture(make_report):
    from django.contrib.auth import get_user_model

    from lagesbild import services as lagesbild
    from tenancy.models import Municipality

    for _i in range(3):
        make_report()
    make_report(category="nedskrapning")
    start, end = dates.period_bounds("month", timezone.localdate(timezone.now() - timezone.timedelta(hours=1)))
    lomma = Municipality.objects.get(code="1262")
    coordinator = get_user_model().objects.get(username="coordinator.lomma")
    return lagesbild.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)


def test_coordinator_goes_from_a_figure_to_a_decided_focus_area(page: Page, new_page, live_server, make_report):
    picture = _picture(make_report)
    focus_year = picture.date_to.year
    force_login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/lagesbild/{picture.pk}/")
    propose = page.get_by_role("link", name=re.compile(r"^Föreslå som fokusområde\W+Skadegörelse.klotter$"))
    expect(propose).to_be_visible()
    assert_accessible(page)
    propose.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Föreslå som fokusområde")
    expect(page.get_by_text("Skadegörelse/klotter: 3 händelser i")).to_be_visible()
    expect(page.get_by_label("År")).to_have_value(str(picture.date_to.year))
    assert_accessible(page)
    screenshot(page, "focusareas-propose")
    page.get_by_label("Fokusområdets namn").fill("Klotter i Bjärred")
    page.get_by_role("button", name="Föreslå fokusområdet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Klotter i Bjärred")
    expect(page.get_by_text("Fokusområdet är föreslaget med siffran som underlag.")).to_be_visible()
    expect(page.locator(".evidence-item")).to_contain_text("Skadegörelse/klotter: 3 händelser")
    expect(page.locator(".evidence-item a")).to_have_attribute("href", f"/k/1262/lagesbild/{picture.pk}/")
    expect(page.locator(".status").first).to_have_text("Föreslaget")

    page.get_by_role("link", name="Orsaksanalys").click()
    page.get_by_role("textbox", name="Problemet").fill("Klotter på fasader och i gångtunnlar i Bjärreds centrum.")
    page.get_by_role("button", name="Spara problemet").click()
    expect(page.get_by_text("Problemet är sparat.")).to_be_visible()
    for side, text, dialogue in CAUSES:
        page.get_by_label("Del av problemtriangeln").select_option(label=side)
        page.locator("#id_new-text").fill(text)
        page.get_by_role("button", name="Lägg till orsaken").click()
        expect(page.get_by_text("Orsaken är tillagd.")).to_be_visible()
        item = page.locator("li.item", has_text=text)
        item.locator("summary").click()
        item.get_by_label("Typ av underlag").select_option(label="Dialog")
        item.get_by_label("Vad underlaget visar").fill(dialogue)
        item.get_by_role("button", name="Spara underlaget").click()
        expect(page.get_by_text("Underlaget är sparat.")).to_be_visible()
        expect(page.locator("li.item", has_text=text)).to_contain_text(dialogue)
    fishbone = page.locator("svg.fishbone")
    for _side, text, _dialogue in CAUSES:
        expect(fishbone).to_contain_text(text[:20])
    for side, _text, _dialogue in CAUSES:
        expect(page.get_by_role("heading", level=3, name=side)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "focusareas-causes")

    page.get_by_role("link", name="Klotter i Bjärred").click()
    expect(page.get_by_label("Beslutat av")).to_have_value("Styrgruppen")
    expect(page.get_by_text("Inget fokusområde för")).to_be_visible()  # no children-and-youth focus yet
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.get_by_text("Beslutet är registrerat. Fokusområdet är beslutat.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Beslutat")
    expect(page.locator(".facts")).to_contain_text(f"Styrgruppen, {timezone.localdate().isoformat()}")
    assert_accessible(page)
    screenshot(page, "focusareas-detail")

    page.get_by_role("link", name=f"Fokusområden {focus_year}").click()
    expect(page.get_by_role("heading", level=2, name="Klotter i Bjärred")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "focusareas-index")

    from focusareas.models import FocusArea

    focus = FocusArea.objects.get(name="Klotter i Bjärred")
    assert focus.status == "decided" and focus.cause_analysis.causes.count() == 3
    assert focus.evidence.filter(kind="dialogue", cause__isnull=False).count() == 3

    phone = new_page(phone=True)
    force_login(phone, live_server, "coordinator.lomma")
    for url, name in [
        (f"/k/1262/lagesbild/{picture.pk}/", "focusareas-lagesbild-phone"),
        (f"/k/1262/fokusomraden/{focus.pk}/", "focusareas-detail-phone"),
        (f"/k/1262/fokusomraden/{focus.pk}/orsaker/", "focusareas-causes-phone"),
    ]:
        phone.goto(url)
        assert phone.evaluate(NO_OVERFLOW), url
        screenshot(phone, name)
    narrow = new_page(phone=True, width=320)
    force_login(narrow, live_server, "coordinator.lomma")
    narrow.goto(f"/k/1262/fokusomraden/{focus.pk}/orsaker/")
    assert narrow.evaluate(NO_OVERFLOW)

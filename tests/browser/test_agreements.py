"""The agreement flow of issue 4: a coordinator sets up Lomma's agreement 2023–2027 with LPO
Kävlinge, adds a section, a decision and two signatories, picks focus areas, revises the text
and downloads the Word file."""

import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def _focus_areas():
    from django.contrib.auth import get_user_model

    from focusareas import services
    from tenancy.models import Municipality

    lomma = Municipality.objects.get(code="1262")
    coordinator = get_user_model().objects.get(username="coordinator.lomma")
    services.create_focus_area(lomma, coordinator, year=2026, name="Barn och unga", children_and_youth=True)
    services.create_focus_area(lomma, coordinator, year=2026, name="Grannsamverkan")


def test_coordinator_sets_up_the_agreement(page: Page, live_server, new_page):
    _focus_areas()
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/overenskommelser/")
    assert_accessible(page)
    page.get_by_role("link", name="Ny överenskommelse").click()
    expect(page.locator("#id_police_area option:checked")).to_have_text("LPO Kävlinge")
    page.get_by_label("Gäller från").fill("2023-01-01")
    page.get_by_label("Gäller till och med").fill("2022-12-31")
    page.get_by_label("Diarienummer").fill("KS 2023/112")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#form-errors")).to_contain_text("Slutdatum kan inte vara före startdatum.")
    expect(page.get_by_label("Diarienummer")).to_have_value("KS 2023/112")  # nothing typed is lost
    assert_accessible(page)
    screenshot(page, "agreements-form-error")
    page.get_by_label("Gäller till och med").fill("2027-12-31")
    page.get_by_label("Rättslig grund").fill("Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete")
    page.get_by_label("Ny överenskommelse tas fram under år").fill("2027")
    page.get_by_role("button", name="Spara").click()

    title = "Samverkansöverenskommelse mellan lokalpolisområde Kävlinge och Lomma kommun 2023–2027"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("Version 1", exact=False).first).to_be_visible()

    page.get_by_role("link", name="Lägg till avsnitt").click()
    page.get_by_label("Typ av avsnitt").select_option("responsibilities")
    page.get_by_label("Rubrik").fill("Former och ansvar för samverkan")
    page.locator("#id_body").fill("Kommunpolisen och säkerhetschefen ansvarar för planeringen.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Sparat som version 2.")).to_be_visible()

    page.get_by_role("link", name="Lägg till beslut").click()
    page.get_by_label("Part").select_option("municipality")
    page.get_by_label("Beslutande organ").select_option("board_chair")
    page.get_by_label("Beslutsdatum").fill("2024-03-04")
    page.get_by_role("button", name="Spara").click()
    for name, title_, party in (
        ("Robert Wenglén", "Kommunstyrelsens ordförande", "municipality"),
        ("Freddy Nilsson", "Lokalpolisområdeschef Kävlinge", "police"),
    ):
        page.get_by_role("link", name="Lägg till undertecknare").click()
        page.get_by_label("Part").select_option(party)
        page.get_by_label("Namn").fill(name)
        page.get_by_label("Titel").fill(title_)
        assert_accessible(page)
        page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Välj forum och fokusområden").click()
    page.get_by_label("Barn och unga (2026)").check()
    page.get_by_label("Grannsamverkan (2026)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara bilagorna").click()
    expect(page.locator("#annex2-h + ol")).to_contain_text("Grannsamverkan")
    assert_accessible(page)
    screenshot(page, "agreements-detail")

    # a revision with a comment keeps the old text
    page.get_by_role("link", name="Ändra Former och ansvar för samverkan").click()
    page.locator("#id_body").fill("Kommunpolisen och säkerhetschefen ansvarar för utvecklingen.")
    page.get_by_label("Kommentar till versionen").fill("Revidering efter årlig uppföljning")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Sparat som version 7.")).to_be_visible()
    page.get_by_role("link", name="Alla versioner").click()
    expect(page.get_by_role("row", name="Version 7")).to_contain_text("Revidering efter årlig uppföljning")
    assert_accessible(page)
    screenshot(page, "agreements-versions")
    page.get_by_role("link", name="Version 7").click()
    expect(page.locator("del")).to_contain_text("ansvarar för planeringen.")
    expect(page.locator("ins")).to_contain_text("ansvarar för utvecklingen.")
    assert_accessible(page)
    screenshot(page, "agreements-version")
    page.get_by_role("link", name=title).click()

    with page.expect_download() as word:
        page.get_by_role("link", name="Ladda ner Word").click()
    document = Document(io.BytesIO(open(word.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert title in text and "Former och ansvar för samverkan" in text and "ansvarar för utvecklingen." in text
    assert "Bilaga 2 Fokusområden" in text and "Grannsamverkan" in text
    assert "Robert Wenglén" in cells and "Freddy Nilsson" in cells

    phone = new_page(phone=True)
    force_login(phone, live_server, "coordinator.lomma")
    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "agreements-detail-phone")
    narrow = new_page(width=320)
    force_login(narrow, live_server, "coordinator.lomma")
    for path in (page.url, "/k/1262/fokusomraden/?ar=2026"):
        narrow.goto(path)
        wide = narrow.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
            ".map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"
        )
        assert narrow.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, wide)
    assert_accessible(narrow)
    screenshot(narrow, "focusareas-320")


def test_coordinator_adds_focus_areas_for_a_year(page: Page, live_server):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/fokusomraden/?ar=2026")
    expect(page.get_by_text("Inget fokusområde för 2026 har särskilt fokus på barn och unga.")).to_be_visible()
    page.get_by_role("link", name="Nytt fokusområde").click()
    expect(page.get_by_label("År")).to_have_value("2026")
    page.get_by_label("Namn").fill("Unga i centrum")
    page.get_by_label("Status").select_option("decided")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#form-errors")).to_contain_text("Ange när fokusområdet beslutades.")
    expect(page.get_by_label("Namn")).to_have_value("Unga i centrum")
    assert_accessible(page)
    page.get_by_label("Beslutsdatum").fill("2026-01-20")
    page.get_by_label("Särskilt fokus på barn och unga").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Unga i centrum")).to_be_visible()
    expect(page.get_by_text("Inget fokusområde för 2026")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "focusareas-index")

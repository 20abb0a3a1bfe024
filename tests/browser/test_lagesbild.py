"""The lägesbild flow of issue 3: open this month's picture for Lomma, write the assessment,
freeze it, download the PDF and the Word file."""

import io

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def test_coordinator_writes_freezes_and_downloads(page: Page, live_server, make_report):
    make_report("samling-tillhall", "Bjärreds centrum")
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/lagesbild/")
    page.get_by_role("button", name="Denna månad").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lägesbild Lomma")
    assert_accessible(page)
    screenshot(page, "lagesbild-draft")
    page.get_by_label("Läget just nu").fill("Lugnt i Lomma, fler samlingar i Bjärred på kvällar.")
    page.get_by_label("Analys").fill("Samlingarna sammanfaller med skollov.")
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.get_by_label("Analys")).to_have_value("Samlingarna sammanfaller med skollov.")
    page.get_by_label("Jag vill fastställa lägesbilden").check()
    page.get_by_role("button", name="Fastställ").click()
    # this month has not ended: fastställ asks once more, naming the period
    expect(page.get_by_text("pågår fortfarande")).to_be_visible()
    page.get_by_role("button", name="Ja, fastställ ändå").click()
    expect(page.get_by_text("Siffror och text är låsta.")).to_be_visible()
    expect(page.get_by_label("Analys")).to_have_count(0)  # read-only now
    expect(page.get_by_text("Samlingarna sammanfaller med skollov.")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").first.click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as word:
        page.get_by_role("link", name="Word").first.click()
    document = Document(io.BytesIO(open(word.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Samlingarna sammanfaller med skollov." in text


def test_police_data_pages_are_accessible(page: Page, live_server, make_report):
    force_login(page, live_server, "police.kavlinge")
    page.goto("/k/1262/polisdata/")
    expect(page.get_by_role("heading", name="Polisens händelser")).to_be_visible()
    assert_accessible(page)
    page.goto("/k/1262/polisdata/anmalda-brott/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_lagesbild_list_is_accessible_on_a_phone(phone: Page, live_server, make_report):
    force_login(phone, live_server, "reader.lomma")
    phone.goto("/k/1262/lagesbild/")
    expect(phone.get_by_role("heading", level=1, name="Lägesbilder")).to_be_visible()
    assert_accessible(phone)

"""Follow-up reports in the browser: a politician (reader) chooses the period, reads the yearly
follow-up, downloads it as PDF, and reads the quarterly report on a phone; axe on every page."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tenancy.models import Municipality
from tests.browser.conftest import assert_accessible, force_login, screenshot
from tests.test_reports import build_world

pytestmark = pytest.mark.browser

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def rep_world(demo):
    lomma = Municipality.objects.get(code="1262")
    return build_world(lomma, get_user_model().objects.get(username="coordinator.lomma"))


def test_a_politician_reads_the_yearly_follow_up_and_downloads_the_pdf(page: Page, live_server, rep_world):
    force_login(page, live_server, "reader.lomma")
    page.goto("/k/1262/rapporter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljningsrapporter")
    page.get_by_label("År", exact=True).select_option("2025")
    page.get_by_label("Kvartal", exact=True).select_option("3")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=2, name="Kvartalsrapport till KSAU, kvartal 3 2025")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-index")

    page.get_by_role("link", name="Läs årsuppföljningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Årlig uppföljning av samverkansöverenskommelsen 2025")
    expect(page.get_by_role("heading", level=2, name="1. Barn och unga")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="2. Grannsamverkan")).to_be_visible()
    expect(page.get_by_text("Fortsätt med fokus på Lomma hamn.")).to_be_visible()
    expect(page.get_by_text("Ingen utvärdering gjord ännu.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-yearly")

    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner PDF").click()
    download = info.value
    assert download.suggested_filename == "arlig-uppfoljning-lomma-2025.pdf"
    with open(download.path(), "rb") as f:
        assert f.read(4) == b"%PDF"

    page.goto("/k/1262/rapporter/kvartal/2025/3/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kvartalsrapport till KSAU, kvartal 3 2025")
    expect(page.get_by_role("heading", level=2, name="Försenade aktiviteter")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "reports-quarterly")


def test_the_reports_read_well_on_a_phone(phone: Page, new_page, live_server, rep_world):
    force_login(phone, live_server, "reader.lomma")
    for path, name in (
        ("/k/1262/rapporter/?ar=2025&kvartal=3", "index"),
        ("/k/1262/rapporter/kvartal/2025/3/", "quarterly"),
        ("/k/1262/rapporter/ar/2025/", "yearly"),
    ):
        phone.goto(path)
        assert phone.evaluate(NO_OVERFLOW), f"{path} scrolls sideways at 390 px"
        assert_accessible(phone)
        screenshot(phone, f"reports-{name}-phone")
    # on a phone each activity is a card with labelled cells
    expect(phone.locator("td[data-label='Aktivitet']", has_text="Föräldravandringar på helger").first).to_be_visible()

    narrow = new_page(phone=True, width=320)
    force_login(narrow, live_server, "reader.lomma")
    narrow.goto("/k/1262/rapporter/kvartal/2025/3/")
    assert narrow.evaluate(NO_OVERFLOW), "the quarterly report scrolls sideways at 320 px"

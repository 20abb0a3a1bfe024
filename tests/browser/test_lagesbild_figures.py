"""Issue 10: this month's lägesbild on day 3 says it is ongoing and compares like for like, a
source without data says "saknas" with how current it is, and fastställ asks first."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser

UTC = datetime.timezone.utc


@pytest.fixture
def day_three(monkeypatch):
    """3 December 2026 for the live server (same process): the page, the quick buttons and the
    freeze check read today through samtrygg.dates.local_today."""
    from samtrygg import dates

    monkeypatch.setattr(dates, "local_today", lambda: datetime.date(2026, 12, 3))


def test_an_ongoing_month_says_so_and_shows_what_is_missing(page: Page, live_server, make_report, day_three):
    from policedata.models import PoliceEvent
    from tenancy.models import Municipality

    make_report(occurred_at=datetime.datetime(2025, 6, 1, 17, tzinfo=UTC))  # EST is used since June 2025
    for day in (1, 2):
        make_report(occurred_at=datetime.datetime(2026, 12, day, 17, tzinfo=UTC), age_group="youth")
    make_report(occurred_at=datetime.datetime(2026, 11, 2, 17, tzinfo=UTC))
    make_report(occurred_at=datetime.datetime(2026, 11, 20, 17, tzinfo=UTC))  # not in 1–3 November
    lomma = Municipality.objects.get(code="1262")
    when = datetime.datetime(2026, 8, 22, 9, tzinfo=UTC)  # the police feed ends here
    PoliceEvent.objects.create(
        external_id=987654321,
        published_at=when,
        occurred_at=when,
        name="22 augusti 11.00, Stöld, Lomma",
        type="Stöld",
        location_name="Lomma",
        municipality=lomma,
        county_code="12",
    )

    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/lagesbild/")
    page.get_by_role("button", name="Denna månad").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("december 2026")
    expect(page.get_by_text("Perioden pågår fortfarande: siffrorna gäller t.o.m. 3 december 2026")).to_be_visible()
    expect(page.get_by_text("Föregående period: 1 november 2026 – 3 november 2026.")).to_be_visible()
    sources = page.get_by_role("table", name="Händelser per källa")
    expect(sources.get_by_role("row", name="EST-rapporter")).to_contain_text("2")
    expect(sources.get_by_role("row", name="Polisens händelser")).to_contain_text("saknas")
    expect(sources.get_by_role("row", name="Polisanmälningar")).to_contain_text("saknas")
    expect(sources.get_by_role("row", name="EST-rapporter")).to_contain_text("+1")  # 2 against 1: no per cent
    expect(page.get_by_text(re.compile("Polisens händelser .* t.o.m. 22 augusti 2026")).first).to_be_visible()
    expect(page.get_by_text("Inga av polisens händelser är inlästa efter 22 augusti 2026.").first).to_be_visible()
    expect(page.get_by_role("heading", name="EST-rapporter per åldersgrupp")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "lagesbild-ongoing")

    page.get_by_role("link", name="Barn och unga").click()
    expect(page.get_by_text("är inte filtrerade på ålder").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jag vill fastställa lägesbilden").check()
    page.get_by_role("button", name="Fastställ").click()
    expect(
        page.get_by_text(
            "Perioden december 2026 pågår fortfarande (t.o.m. 3 december 2026). Vill du ändå fastställa den?"
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, fastställ ändå").click()
    expect(page.get_by_text("Siffror och text är låsta.")).to_be_visible()
    # fastställd, it still says how current its sources were
    expect(page.get_by_text(re.compile("Polisens händelser .* t.o.m. 22 augusti 2026")).first).to_be_visible()


def test_the_coordinator_sets_when_est_reporting_began(phone: Page, live_server, demo):
    from lagesbild.models import SituationSettings

    force_login(phone, live_server, "coordinator.lomma")
    phone.goto("/k/1262/lagesbild/")
    phone.get_by_role("link", name="Inställningar: när EST-rapporteringen började").click()
    phone.get_by_label("EST-rapporteringen började").fill("2024-07-01")
    phone.get_by_role("button", name="Spara").click()
    expect(phone.get_by_text("Inställningarna är sparade.")).to_be_visible()
    assert SituationSettings.objects.get(municipality__code="1262").est_start == datetime.date(2024, 7, 1)
    assert_accessible(phone)

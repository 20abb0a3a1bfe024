"""Issue 10 in the browser: a name typed into a lägesbild's "Läget just nu" is shown while typing,
and fastställ is refused, naming the field, until it is masked."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def test_a_name_in_the_assessment_is_found_live_and_blocks_fastställ_until_masked(page: Page, live_server):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/lagesbild/")
    page.get_by_role("button", name="Förra månaden").click()  # an ended period: fastställ asks nothing else
    text = page.get_by_label("Läget just nu")
    text.press_sequentially("Kalle Andersson sågs vid busskuren.", delay=5)
    finding = page.locator(".pii-findings")
    expect(finding).to_contain_text("namn: Kalle Andersson")
    expect(page.get_by_role("button", name="Maskera ”Kalle Andersson”")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "pii-live-finding")

    page.get_by_role("button", name="Spara bedömningen").click()
    page.get_by_label("Jag vill fastställa lägesbilden").check()
    page.get_by_role("button", name="Fastställ").click()
    expect(
        page.get_by_text("Texten i fältet ”Läget just nu” innehåller något som ser ut som en personuppgift")
    ).to_be_visible()
    expect(page.get_by_label("Läget just nu")).to_be_editable()  # not fastställd
    assert_accessible(page)

    page.get_by_role("button", name="Maskera ”Kalle Andersson”").click()
    expect(page.get_by_label("Läget just nu")).to_have_value("[namn] sågs vid busskuren.")
    expect(finding).to_have_count(0)
    page.get_by_role("button", name="Spara bedömningen").click()
    page.get_by_label("Jag vill fastställa lägesbilden").check()
    page.get_by_role("button", name="Fastställ").click()
    expect(page.get_by_text("Siffror och text är låsta.")).to_be_visible()
    expect(page.get_by_text("[namn] sågs vid busskuren.")).to_be_visible()

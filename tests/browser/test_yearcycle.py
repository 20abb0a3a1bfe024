"""The årshjul: a coordinator creates this year's wheel from the template, marks an item done and
sees what is late."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot
from yearcycle.models import CycleItem

pytestmark = pytest.mark.browser


def test_coordinator_generates_the_year_and_marks_an_item_done(page: Page, new_page, live_server):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/arshjul/")
    page.get_by_role("button", name="Skapa årshjul från mall").click()
    expect(page.get_by_text("lades till från mallen")).to_be_visible()
    expect(page.get_by_role("img", name="Årshjul")).to_be_visible()
    late = page.locator(".cycle-summary").get_by_text("Försenad")
    assert late.count() >= 1  # today is late in the year, so January's items are overdue
    year = timezone.localdate().year
    first = CycleItem.objects.filter(municipality__code="1262", year=year).order_by("due_date", "id").first()
    page.locator(f"#item-{first.pk}").get_by_role("button", name="Markera klar").click()
    expect(page.get_by_text(f"”{first.title}” är markerad som klar.")).to_be_visible()
    expect(page.locator(f"#item-{first.pk} .cstate-done")).to_be_visible()
    expect(page.locator(".marker-done")).to_have_count(1)
    assert late.count() >= 1
    assert_accessible(page)
    screenshot(page, "yearcycle-desktop")

    phone = new_page(phone=True)
    force_login(phone, live_server, "reader.lomma")
    phone.goto("/k/1262/arshjul/")
    expect(phone.get_by_role("heading", level=2, name="Tidslinje")).to_be_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(phone)
    screenshot(phone, "yearcycle-phone")

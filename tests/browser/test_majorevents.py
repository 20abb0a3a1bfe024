"""A major event end to end: Lomma's duty officer (TIB) opens it at a desk, the police liaison
follows it on a phone; each sees the other's entries appear without reloading (the page polls
its live fragment), the police acknowledge within the target, a request is answered, and the
summary is downloaded."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser
POLL = 15_000  # the fragment is polled every 5 s


def test_two_parties_share_one_event(page: Page, new_page, live_server, demo):
    from majorevents.models import MajorEvent, OnCallContact
    from tenancy.models import Municipality

    OnCallContact.objects.create(municipality=Municipality.objects.get(code="1262"), email="tib@lomma.example")
    force_login(page, live_server, "tib.lomma")
    page.goto("/k/1262/sarskilda-handelser/")
    expect(page.get_by_role("heading", level=1, name="Särskilda händelser")).to_be_visible()
    page.get_by_label("Rubrik").fill("Stor folksamling vid Lomma hamn")
    page.get_by_label("Typ").select_option("gathering")
    page.get_by_label("Plats eller område").fill("Lomma hamn")
    page.locator("#place-map").click()  # the middle of the municipality
    assert_accessible(page)
    page.get_by_role("button", name="Öppna händelsen och underrätta").click()
    expect(page.get_by_role("heading", level=1, name="Stor folksamling vid Lomma hamn")).to_be_visible()
    event = MajorEvent.objects.get(title="Stor folksamling vid Lomma hamn")
    assert event.lat is not None and event.opened_by_side == "municipality"
    expect(page.locator("[data-clock=waiting]")).to_contain_text("väntar på kvittens från polisen")

    police = new_page(phone=True)
    force_login(police, live_server, "police.kavlinge")
    police.goto(f"/k/1262/sarskilda-handelser/{event.pk}/")
    police.get_by_role("button", name="Kvittera").click()
    expect(police.locator("[data-clock=acknowledged]")).to_contain_text("Kvitterad efter 0 minuter")

    # the municipality's page was not reloaded: the poll brings the acknowledgement
    expect(page.locator("[data-clock=acknowledged]")).to_be_visible(timeout=POLL)
    expect(page.locator("[data-kind=acknowledgement]")).to_contain_text("Kvitterat.", timeout=POLL)

    due = timezone.localtime(timezone.now() + datetime.timedelta(hours=1))
    page.get_by_label("Typ").select_option("request")
    page.locator("#id_text").fill("Kan polisen bedöma om bryggorna ska spärras av?")
    page.get_by_label("Ansvarig för svaret (begäran)").fill("Polisen, yttre befäl")
    page.get_by_label("Svar senast (begäran)").fill(due.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Skriv i loggen").click()
    expect(page.locator("#req-h + ul")).to_contain_text("Kan polisen bedöma om bryggorna ska spärras av?")

    # the police's page, not reloaded since the acknowledgement, gets the request by itself
    request = police.locator("#req-h + ul li").filter(has_text="bryggorna")
    expect(request).to_be_visible(timeout=POLL)
    assert_accessible(police)
    screenshot(police, "majorevents-event-390")
    request.get_by_label("Svar", exact=True).fill("Ja, spärra yttre bryggan; en patrull bistår.")
    request.get_by_role("button", name="Svara").click()
    expect(police.get_by_text("Svaret är loggat.")).to_be_visible()

    expect(page.locator("#req-h + ul")).to_contain_text("Inga öppna begäranden.", timeout=POLL)
    expect(page.locator("#log-h + ol")).to_contain_text("Ja, spärra yttre bryggan", timeout=POLL)
    assert_accessible(page)
    screenshot(page, "majorevents-event-1280")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert download.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word", exact=True).click()
    assert download.value.suggested_filename.endswith(".docx")

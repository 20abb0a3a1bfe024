"""The forums flow of issue 4: a coordinator sets up Trygghetsrådet with two members (one adjunct),
creates next year's meetings, moves one, and runs a meeting: agenda, an action item, attendance."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def test_coordinator_sets_up_a_forum_and_runs_a_meeting(page: Page, live_server):
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/forum/")
    expect(page.get_by_role("heading", level=1, name="Samverkansforum")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nytt forum").click()

    # a mistake first: nothing typed is lost
    page.get_by_label("Plats").fill("Lomma rådhus")
    page.get_by_role("button", name="Skapa forum").click()
    expect(page.get_by_role("alert")).to_contain_text("Namn")
    expect(page.get_by_label("Plats")).to_have_value("Lomma rådhus")
    assert_accessible(page)

    page.get_by_label("Namn").fill("Trygghetsrådet")
    page.get_by_label("Typ").select_option(label="Trygghetsråd")
    page.get_by_label("Nivå").select_option(label="Strategisk")
    page.get_by_label("Rapporterar till").fill("KSAU")
    page.get_by_label("Mötesfrekvens").select_option(label="Fyra gånger per år")
    page.get_by_label("Veckodag").select_option(label="torsdag")
    page.get_by_label("Starttid").fill("13:00")
    page.get_by_role("button", name="Skapa forum").click()
    expect(page.get_by_role("heading", level=1, name="Trygghetsrådet")).to_be_visible()

    page.get_by_text("Lägg till medlem", exact=True).first.click()
    page.get_by_label("Namn").fill("Eva Ek")
    page.get_by_label("E-post").fill("eva@lomma.example")
    page.get_by_label("Roll", exact=True).fill("IFO-chef")
    page.get_by_role("button", name="Lägg till medlem").click()
    expect(page.get_by_text("Eva Ek är tillagd i forumet.")).to_be_visible()
    page.get_by_text("Lägg till medlem", exact=True).first.click()
    page.get_by_label("Namn").fill("Kim Polis")
    page.get_by_label("E-post").fill("kim@polisen.example")
    page.get_by_label("Roll", exact=True).fill("Kommunpolis")
    page.get_by_label("Medlemskap").select_option(label="Adjungerad")
    page.get_by_role("button", name="Lägg till medlem").click()
    expect(page.get_by_text("Kim Polis är tillagd i forumet.")).to_be_visible()

    next_year = datetime.date.today().year + 1
    page.get_by_label("År").select_option(str(next_year))
    page.get_by_role("button", name="Skapa årets möten").click()
    expect(page.get_by_text(f"4 möten är skapade för {next_year}.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "forums-detail")

    page.locator("#meetings-h ~ ul.list a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trygghetsrådet")
    page.get_by_text("Flytta mötet").click()
    page.get_by_label("Datum").fill(f"{next_year}-02-11")
    page.get_by_label("Starttid").fill("10:00")
    page.get_by_role("button", name="Flytta och meddela medlemmarna").click()
    expect(page.get_by_text("Mötet är flyttat.")).to_be_visible()
    expect(page.get_by_text("flyttat från")).to_be_visible()

    for title, presenter in (("Lägesbild", "Kommunpolisen"), ("Handlingsplan", "Samordnaren")):
        page.get_by_label("Punkt", exact=True).fill(title)
        page.get_by_label("Föredragande").fill(presenter)
        page.get_by_role("button", name="Lägg till punkten").click()
        expect(page.get_by_text("Punkten är tillagd på dagordningen.")).to_be_visible()
    expect(page.locator("#agenda-h + ol li")).to_have_count(2)

    page.get_by_label("Vad").fill("Kartlägg belysningen i Bjärred")
    page.get_by_label("Ansvarig").fill("Gatuchefen")
    page.get_by_label("Klart senast").fill(f"{next_year}-04-01")
    page.get_by_role("button", name="Lägg till uppdraget").click()
    expect(page.get_by_role("cell", name="Kartlägg belysningen i Bjärred", exact=True)).to_be_visible()

    page.get_by_label("Närvaro för Eva Ek").select_option(label="Närvarande")
    page.get_by_label("Närvaro för Kim Polis").select_option(label="Anmält förhinder")
    page.get_by_role("button", name="Spara närvaron").click()
    expect(page.get_by_text("Närvaron är sparad.")).to_be_visible()
    expect(page.get_by_label("Närvaro för Kim Polis")).to_have_value("excused")
    assert_accessible(page)
    screenshot(page, "forums-meeting")


def test_forum_pages_work_on_a_phone(phone: Page, live_server):
    from django.contrib.auth import get_user_model

    from forums import meetings, schedule, services
    from tenancy.models import Municipality

    coordinator = get_user_model().objects.get(username="coordinator.lomma")
    forum = services.create_forum(
        Municipality.objects.get(code="1262"), coordinator, name="Lägesbildsgruppen", cadence="weekly_except_summer"
    )
    services.add_member(forum, coordinator, name="Kim Polis", role_title="Kommunpolis", kind="adjunct")
    meeting = schedule.generate_meetings(forum, datetime.date.today().year + 1, coordinator)[0]
    meetings.add_agenda_item(meeting, coordinator, title="Veckans läge")
    meetings.add_action_item(meeting, coordinator, text="Följ upp", owner="Fältare", due_date=datetime.date(2020, 1, 1))
    force_login(phone, live_server, "coordinator.lomma")
    for path, name in (
        ("/k/1262/forum/", "forums-index-phone"),
        (f"/k/1262/forum/{forum.pk}/", "forums-detail-phone"),
        (f"/k/1262/forum/mote/{meeting.pk}/", "forums-meeting-phone"),
        ("/k/1262/forum/kalender/", "forums-calendar-phone"),
    ):
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(phone)
        screenshot(phone, name)
    # the links are made on request; the page with the long secret links still fits the phone
    phone.goto("/k/1262/forum/kalender/")
    phone.get_by_role("button", name="Skapa mina kalenderlänkar").click()
    expect(phone.get_by_text("Dina länkar är skapade.")).to_be_visible()
    expect(phone.get_by_label("Adress att klistra in i Outlook", exact=False)).to_have_value(re.compile("token="))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone)
    screenshot(phone, "forums-calendar-links-phone")

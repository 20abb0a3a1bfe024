"""Action plans end to end: a coordinator draws up the plan of a decided focus area with a goal
that follows a series (EST reports of a category: the baseline is computed), adds an activity,
is refused the proposal while the goal lacks a target, completes it, proposes, fills in the
child impact assessment and approves; the plan page also works on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_coordinator_draws_up_and_approves_a_plan(page: Page, new_page, live_server, make_report):
    from focusareas import services as focus_services
    from tenancy.models import Municipality

    today = timezone.localdate()
    year = today.year
    lomma = Municipality.objects.get(code="1262")
    focus_services.create_focus_area(
        lomma, None, year=year, name="Klotter i centrum", status="decided", decided_by="Styrgruppen"
    )
    # one report in the middle of the baseline period (the three whole months before this one)
    first = today.replace(day=1)
    baseline_to = first - datetime.timedelta(days=1)
    baseline_from = (baseline_to.replace(day=1) - datetime.timedelta(days=40)).replace(day=1)
    make_report(hours_ago=24 * ((today - baseline_to).days + 10))

    force_login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/handlingsplaner/?ar={year}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handlingsplaner {year}")
    assert_accessible(page)
    page.get_by_role("link", name="Skapa handlingsplan för Klotter i centrum").click()
    expect(page.get_by_label("Fokusområde")).to_have_value(
        page.locator("#id_focus_area option", has_text="Klotter i centrum").get_attribute("value")
    )
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan: Klotter i centrum")
    plan_url = page.url

    page.get_by_role("link", name="Lägg till mål").click()
    assert_accessible(page)
    page.get_by_label("Mål – vad ska uppnås?").fill("Mindre klotter vid skolorna i centrum")
    page.get_by_label("Hur mäts målet?").select_option("est")
    page.get_by_label("Kategori").select_option(label="Skadegörelse/klotter")
    page.get_by_label("Utgångsvärdets period från").fill(baseline_from.isoformat())
    page.get_by_label("Utgångsvärdets period till och med").fill(baseline_to.isoformat())
    page.get_by_label("Måldatum").fill(f"{year + 1}-06-30")
    screenshot(page, "actionplans-goal-form")
    page.get_by_role("button", name="Spara målet").click()
    expect(page.get_by_text("Utgångsvärdet är uträknat")).to_contain_text("0,33 per månad")
    expect(page.locator(".smart-gaps")).to_have_text("Saknas: Målvärde")

    page.get_by_role("link", name="Lägg till aktivitet").click()
    page.get_by_label("Aktivitet – vad ska göras?").fill("Trygghetsvandring med elevrådet")
    page.get_by_label("Ansvarig person eller funktion").fill("Trygghetssamordnaren")
    page.get_by_label("Gul – risk för försening").check()
    page.get_by_label("Kommentar till status").fill("Väntar på elevrådets datum")
    assert_accessible(page)
    page.get_by_role("button", name="Spara aktiviteten").click()
    expect(page.get_by_text("Aktiviteten är sparad.")).to_be_visible()
    expect(page.locator("table.chain .rag-yellow")).to_have_text("Gul – risk för försening")

    page.get_by_role("button", name="Föreslå för beslut").click()
    expect(page.locator(".msg-error")).to_contain_text("det saknar: målvärde")
    page.get_by_role("link", name="Ändra målet Mindre klotter").click()
    expect(page.locator("#computed-baseline")).to_contain_text("0,33 per månad")
    page.get_by_label("Målvärde").fill("0")
    page.get_by_role("button", name="Spara målet").click()
    expect(page.locator(".smart-gaps")).to_have_count(0)

    page.get_by_role("button", name="Föreslå för beslut").click()
    expect(page.get_by_text("Planen har nu status Föreslagen.")).to_be_visible()
    expect(page.locator(".reasons")).to_contain_text("Barnkonsekvensanalysen är inte klar")
    page.get_by_role("link", name="Fyll i barnkonsekvensanalysen").click()
    assert_accessible(page)
    page.get_by_label("Vilka barn berörs").fill("Elever på skolorna i centrum, 10–16 år.")
    page.get_by_label("Hur barnens åsikter har inhämtats").fill("Elevrådet och en enkät på fritidsgården.")
    page.get_by_label("Bedömning av barnets bästa").fill("En tryggare skolväg väger tyngst.")
    page.get_by_role("button", name="Spara analysen").click()
    expect(page.get_by_text("Barnkonsekvensanalysen är klar.")).to_be_visible()
    page.get_by_role("button", name="Godkänn (styrgruppens beslut)").click()
    expect(page.get_by_text("Planen har nu status Godkänd.")).to_be_visible()
    expect(page.get_by_text(f"Godkänd av Styrgruppen {today.isoformat()}")).to_be_visible()
    expect(page.locator(".history li")).to_have_count(2)
    assert_accessible(page)
    screenshot(page, "actionplans-detail")

    page.get_by_role("link", name="Följ upp ett kvartal").click()
    assert_accessible(page)
    page.get_by_label("Röd – försenad eller stoppad").check()
    page.get_by_role("textbox", name=re.compile("^Kommentar.*Trygghetsvandring med elevrådet")).fill(
        "Elevrådet har inte svarat"
    )
    screenshot(page, "actionplans-follow-up")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är sparad.")).to_be_visible()
    expect(page.locator("table.chain .rag-red")).to_have_text("Röd – försenad eller stoppad")
    expect(page.get_by_role("heading", level=3, name=f"{year}, kvartal {(today.month - 1) // 3 + 1}")).to_be_visible()
    page.get_by_role("link", name="Handlingsplaner", exact=False).first.click()
    page.get_by_role("link", name="Försenade aktiviteter").click()
    expect(page.locator("table.ap-table")).to_contain_text("Trygghetsvandring med elevrådet")
    assert_accessible(page)
    screenshot(page, "actionplans-late")

    page.goto(f"/k/1262/handlingsplaner/?ar={year}")
    expect(page.locator(".plans-table")).to_contain_text("Godkänd")
    expect(page.locator(".plans-table")).to_contain_text("1 mål, SMART")
    assert_accessible(page)
    screenshot(page, "actionplans-index")

    phone = new_page(phone=True)
    force_login(phone, live_server, "coordinator.lomma")
    phone.goto(plan_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Handlingsplan: Klotter i centrum")
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone)
    screenshot(phone, "actionplans-detail-phone")
    narrow = new_page(phone=True, width=320)
    force_login(narrow, live_server, "coordinator.lomma")
    narrow.goto(plan_url)
    assert narrow.evaluate(NO_OVERFLOW)

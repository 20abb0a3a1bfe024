"""Issue 5's whole chain in one sitting, as a coordinator in Lomma would do it: a figure in this
month's lägesbild → a proposed focus area with the figure as evidence → a cause analysis → the
styrgrupp's decision → an action plan with a SMART goal on the EST series (baseline computed) and
an activity → refused proposal until complete → child impact assessment → approval → work
started → a quarter's follow-up → the KSAU report for that quarter, read and downloaded as Word."""

import io
import re

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


def test_from_a_figure_to_the_ksau_report(page: Page, live_server, make_report):
    now = timezone.localtime()
    # this month's reports: an hour ago, or half-way into the month when it began less than that
    month_began = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    hours_ago = min(1, (now - month_began).total_seconds() / 3600 / 2)
    for _i in range(3):
        make_report("samling-tillhall", "Lomma hamn", hours_ago=hours_ago)
    for _i in range(2):  # in the baseline: the three whole months before this one
        make_report("samling-tillhall", "Lomma hamn", hours_ago=24 * 45)
    today = now.date()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    force_login(page, live_server, "coordinator.lomma")

    # the lägesbild: this month's picture, with the category row's "propose" link
    page.goto("/k/1262/lagesbild/")
    page.get_by_role("button", name="Denna månad").click()
    propose = page.get_by_role("link", name=re.compile(r"^Föreslå som fokusområde\W+Samling.tillhåll$"))
    propose.click()
    expect(page.get_by_text("Samling/tillhåll: 3 händelser i")).to_be_visible()
    page.get_by_label("Fokusområdets namn").fill("Tillhåll vid Lomma hamn")
    page.get_by_role("button", name="Föreslå fokusområdet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillhåll vid Lomma hamn")
    expect(page.locator(".evidence-item")).to_contain_text("Samling/tillhåll: 3 händelser")
    expect(page.locator(".facts")).to_contain_text("Upprättas när styrgruppen har beslutat fokusområdet")

    # the cause analysis, one cause on the place side of the triangle
    page.get_by_role("link", name="Orsaksanalys").click()
    page.get_by_role("textbox", name="Problemet").fill("Unga samlas vid hamnen sena kvällar; nedskräpning och bråk.")
    page.get_by_role("button", name="Spara problemet").click()
    page.get_by_label("Del av problemtriangeln").select_option(label="Plats")
    page.locator("#id_new-text").fill("Mörk strandpromenad utan naturlig övervakning")
    page.get_by_role("button", name="Lägg till orsaken").click()
    expect(page.locator("svg.fishbone")).to_contain_text("Mörk strandpromenad")

    # the styrgrupp decides; the focus area now offers its plan
    page.get_by_role("link", name="Tillhåll vid Lomma hamn").click()
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(".status").first).to_have_text("Beslutat")
    page.locator(".facts").get_by_role("link", name="Skapa handlingsplan").click()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan: Tillhåll vid Lomma hamn")

    # a SMART goal on the EST series: the baseline is computed from the two earlier reports
    page.get_by_role("link", name="Lägg till mål").click()
    page.get_by_label("Mål – vad ska uppnås?").fill("Färre rapporter om samlingar vid hamnen")
    page.get_by_label("Hur mäts målet?").select_option("est")
    page.get_by_label("Kategori").select_option(label="Samling/tillhåll")
    first = today.replace(day=1)
    baseline_to = first - timezone.timedelta(days=1)
    baseline_from = (first - timezone.timedelta(days=80)).replace(day=1)
    page.get_by_label("Utgångsvärdets period från").fill(baseline_from.isoformat())
    page.get_by_label("Utgångsvärdets period till och med").fill(baseline_to.isoformat())
    page.get_by_label("Måldatum").fill(f"{year}-12-31")
    page.get_by_role("button", name="Spara målet").click()
    expect(page.get_by_text("Utgångsvärdet är uträknat")).to_contain_text("0,67 per månad")
    page.get_by_role("link", name="Lägg till aktivitet").click()
    page.get_by_label("Aktivitet – vad ska göras?").fill("Kvällsvandringar vid hamnen")
    page.get_by_label("Ansvarig person eller funktion").fill("Fritidsgårdarnas chef")
    page.get_by_role("button", name="Spara aktiviteten").click()

    # refused while the goal has no target; then proposed, assessed for children, approved
    page.get_by_role("button", name="Föreslå för beslut").click()
    expect(page.locator(".msg-error")).to_contain_text("det saknar: målvärde")
    page.get_by_role("link", name="Ändra målet Färre rapporter").click()
    page.get_by_label("Målvärde").fill("0")
    page.get_by_role("button", name="Spara målet").click()
    page.get_by_role("button", name="Föreslå för beslut").click()
    expect(page.locator(".reasons")).to_contain_text("Barnkonsekvensanalysen är inte klar")
    page.get_by_role("link", name="Fyll i barnkonsekvensanalysen").click()
    page.get_by_label("Vilka barn berörs").fill("Unga 13–17 år som vistas vid hamnen kvällstid.")
    page.get_by_label("Hur barnens åsikter har inhämtats").fill("Samtal på fritidsgården och med elevrådet.")
    page.get_by_label("Bedömning av barnets bästa").fill("Trygga mötesplatser i stället för att flytta grupperna.")
    page.get_by_role("button", name="Spara analysen").click()
    page.get_by_role("button", name="Godkänn (styrgruppens beslut)").click()
    expect(page.get_by_text("Planen har nu status Godkänd.")).to_be_visible()
    page.get_by_role("button", name="Starta arbetet").click()
    expect(page.get_by_text("Planen har nu status Pågår.")).to_be_visible()

    # this quarter's follow-up
    page.get_by_role("link", name="Följ upp ett kvartal").click()
    page.get_by_role("textbox", name=re.compile("^Kommentar.*Kvällsvandringar vid hamnen")).fill(
        "Fyra vandringar genomförda, lugnare helger"
    )
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.get_by_text("Uppföljningen är sparad.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "chain-plan")

    # the KSAU report for the quarter, on the page and as Word
    page.get_by_role("link", name="Rapporter", exact=True).click()
    page.get_by_label("År", exact=True).select_option(str(year))
    page.get_by_label("Kvartal", exact=True).select_option(str(quarter))
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name="Läs kvartalsrapporten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Kvartalsrapport till KSAU, kvartal {quarter} {year}")
    section = page.locator("section", has=page.get_by_role("heading", level=2, name=re.compile("Tillhåll vid Lomma")))
    expect(section).to_contain_text("Pågår")
    expect(section).to_contain_text("Fyra vandringar genomförda, lugnare helger")
    expect(section).to_contain_text("Färre rapporter om samlingar vid hamnen")
    assert_accessible(page)
    screenshot(page, "chain-ksau")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Word").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Tillhåll vid Lomma hamn" in text
    assert "Fyra vandringar genomförda, lugnare helger" in text

"""The reporter's flow on a phone: the EST form, its live checks and its validation."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, login

pytestmark = pytest.mark.browser

REPORT = re.compile(r"/k/1262/rapportera/(#.*)?$")
MINE = re.compile(r"/k/1262/mina-rapporter/(#.*)?$")


def open_form(page: Page, live_server) -> None:
    """Sign in as the reporter: a pure reporter lands on the report form straight away."""
    login(page, live_server, "reporter.lomma")
    expect(page).to_have_url(REPORT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportera händelse")


def choose_category(page: Page, name: str) -> None:
    page.locator("label.tile", has_text=name).tap()
    expect(page.get_by_role("radio", name=name)).to_be_checked()


def incidents():
    from incidents.models import Incident

    return Incident.objects.select_related("area", "place", "category", "reporter").order_by("pk")


def test_reporter_files_a_report_on_a_phone(phone: Page, live_server):
    page = phone
    open_form(page, live_server)

    # Tapping the map sets the pin and fills the coordinate fields.
    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_count(0)
    page.locator("#report-map").tap()
    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#id_lat")).to_have_value(re.compile(r"^55\.\d{6}$"))
    expect(page.locator("#id_lon")).to_have_value(re.compile(r"^13\.\d{6}$"))

    # A known place moves the pin there.
    page.get_by_label("Känd plats").select_option(label="Bjärreds centrum")
    expect(page.locator("#id_lat")).to_have_value("55.717500")
    expect(page.locator("#id_lon")).to_have_value("13.024500")

    choose_category(page, "Skadegörelse/klotter")
    page.get_by_label("Vad hände?").fill("Nytt klotter på väggen vid cykelstället, ca 2 m brett.")
    page.get_by_role("button", name="Skicka rapport").tap()

    expect(page).to_have_url(MINE)
    expect(page.locator(".messages")).to_contain_text("Tack! Händelsen är rapporterad")
    item = page.locator(".list .item").first
    expect(item).to_contain_text("Skadegörelse/klotter")
    expect(item.locator(".status")).to_have_text("Ny")
    expect(item).to_contain_text("Bjärred")

    [incident] = incidents()
    assert incident.area.name == "Bjärred"
    assert incident.place.name == "Bjärreds centrum"
    assert incident.category.slug == "skadegorelse-klotter"
    assert incident.reporter.username == "reporter.lomma"
    assert incident.status == "new"
    assert (incident.lat, incident.lon) == (55.7175, 13.0245)
    expect(item.get_by_role("link")).to_have_text(f"#{incident.pk} Skadegörelse/klotter")


def test_personal_data_is_masked_unless_confirmed_and_readers_see_it_masked(phone: Page, new_page, live_server):
    page = phone
    open_form(page, live_server)
    text = page.get_by_label("Vad hände?")
    findings = page.locator("#pii-result .warn-box")

    text.tap()
    text.press_sequentially("Lisa Berg 070-123 45 67 klottrade vid Lindholm.")
    expect(findings).to_be_visible(timeout=3_000)
    expect(findings.get_by_role("checkbox")).to_have_count(3)
    expect(findings).to_contain_text("”070-123 45 67” (telefonnummer)")
    expect(text).to_be_focused()  # the check does not take the focus away while typing
    assert_accessible(page)

    # Lindholm is a place here: the reporter confirms that one finding, and only that one.
    place = findings.get_by_role("checkbox", name=re.compile("”Lindholm” \\(namn\\)"))
    place.check()
    text.press_sequentially(" ")  # typing on runs the check again: the box stays ticked
    expect(findings.get_by_role("checkbox", checked=True)).to_have_count(1, timeout=3_000)
    expect(findings.get_by_role("checkbox", name=re.compile("Lindholm"))).to_be_checked()

    page.get_by_label("Känd plats").select_option(label="Lomma hamn")
    choose_category(page, "Skadegörelse/klotter")
    page.get_by_role("button", name="Skicka rapport").tap()
    expect(page).to_have_url(MINE)
    expect(page.locator(".messages")).to_contain_text("Personuppgifter i texten är maskerade")

    [incident] = incidents()
    assert incident.description == "[namn] [telefonnummer] klottrade vid Lindholm."
    assert "Lisa Berg" in incident.description_original

    reader = new_page(phone=True)
    force_login(reader, live_server, "reader.lomma")
    reader.goto(f"{live_server.url}/k/1262/handelser/{incident.pk}/")
    expect(reader.locator(".facts")).to_contain_text("[namn] [telefonnummer] klottrade vid Lindholm.")
    assert "Lisa" not in reader.content() and "070-123" not in reader.content()
    assert_accessible(reader)


def test_personal_data_warning_also_for_pasted_text(phone: Page, live_server):
    """Pasting, dictation and autocorrect change the text without any key events."""
    page = phone
    open_form(page, live_server)
    page.get_by_label("Vad hände?").fill("Mejla mig på anna@example.com")
    expect(page.locator("#pii-result .warn-box")).to_contain_text("e-post", timeout=3_000)


def test_validation_keeps_what_was_typed(phone: Page, live_server):
    page = phone
    open_form(page, live_server)
    description = "Krossad ruta i busskuren vid skolan."
    page.get_by_label("Vad hände?").fill(description)
    page.get_by_label("Ungefär hur många personer?").select_option(label="2–5 personer")
    page.get_by_label("Polisen kontaktades").check()
    page.get_by_role("button", name="Skicka rapport").tap()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()  # read out first, and the page starts there
    expect(summary).to_contain_text(
        "Rapporten är inte skickad. Rätta det som är markerat – allt du skrivit finns kvar."
    )
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link", name=re.compile("Vad gäller det\\?: Välj en kategori"))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("Var hände det\\?: Ange var det hände"))).to_be_visible()

    # The messages sit next to their fields.
    expect(page.locator("fieldset.has-error", has_text="Vad gäller det?").locator(".error")).to_have_text(
        "Välj en kategori."
    )
    expect(page.locator("#where_error")).to_contain_text("Ange var det hände")
    expect(page.locator("#where .error:visible")).to_have_count(1)  # said once, not again at the coordinates

    # Nothing typed is lost.
    expect(page.get_by_label("Vad hände?")).to_have_value(description)
    expect(page.get_by_label("Ungefär hur många personer?")).to_have_value("2-5")
    expect(page.get_by_label("Polisen kontaktades")).to_be_checked()
    assert not incidents().exists()

    # The summary's link takes the reporter to the categories; fixing it and sending works.
    summary.get_by_role("link", name=re.compile("Vad gäller det")).tap()
    choose_category(page, "Brand")
    page.get_by_label("Känd plats").select_option(label="Borgeby slott")
    page.get_by_role("button", name="Skicka rapport").tap()
    expect(page).to_have_url(MINE)
    [incident] = incidents()
    assert incident.description == description
    assert incident.people_count == "2-5" and incident.police_notified


def test_duplicate_warning_and_send_anyway(phone: Page, live_server, make_report):
    first = make_report("samling-tillhall", "Bjärreds centrum", description="Grupp ungdomar samlas, hög musik.")
    page = phone
    open_form(page, live_server)
    page.get_by_label("Känd plats").select_option(label="Bjärreds centrum")
    choose_category(page, "Samling/tillhåll")
    page.get_by_label("Vad hände?").fill("Ungdomar samlas vid torget sent.")

    # Sending asks for a confirmation instead of saving.
    page.get_by_role("button", name="Skicka rapport").tap()
    expect(page).to_have_url(REPORT)
    expect(page.get_by_role("heading", name="Kanske redan rapporterad?")).to_be_visible()
    expect(page.locator("#dupes")).to_contain_text(f"#{first.pk}")
    confirm = page.get_by_role("button", name="Det är en ny händelse – skicka ändå")
    expect(confirm).to_be_focused()  # the warning is at the end of a long form: the phone scrolls there
    expect(confirm).to_be_in_viewport()
    assert incidents().count() == 1
    expect(page.get_by_label("Vad hände?")).to_have_value("Ungdomar samlas vid torget sent.")

    confirm.tap()
    expect(page).to_have_url(MINE)
    expect(page.locator(".list .item")).to_have_count(2)
    assert incidents().count() == 2
    assert incidents().last().description == "Ungdomar samlas vid torget sent."


def test_duplicate_warning_live_while_filling_in(phone: Page, live_server, make_report):
    first = make_report("samling-tillhall", "Bjärreds centrum")
    page = phone
    open_form(page, live_server)
    page.get_by_label("Vad hände?").fill("Ungdomar samlas vid torget sent.")
    page.get_by_label("Känd plats").select_option(label="Bjärreds centrum")
    choose_category(page, "Samling/tillhåll")
    dupes = page.locator("#dupes")
    expect(dupes.get_by_role("heading", name="Kanske redan rapporterad?")).to_be_visible(timeout=3_000)
    expect(dupes).to_contain_text(f"#{first.pk}")


def test_report_form_with_the_keyboard(page: Page, live_server):
    open_form(page, live_server)

    # The skip link is the first Tab stop, visible when focused, and moves focus to main.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"skip link off screen when focused: {box}"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # The category radios are on the Tab path after the place select ...
    page.get_by_label("Känd plats").focus()
    page.keyboard.press("ArrowDown")  # a closed select: picks the next option without opening
    expect(page.get_by_label("Känd plats")).not_to_have_value("")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "category":
            break
    first = page.get_by_role("radio").first
    expect(first).to_be_focused()

    # ... and Space / arrow keys select them.
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")
    second = page.get_by_role("radio").nth(1)
    expect(second).to_be_focused()
    expect(second).to_be_checked()
    expect(first).not_to_be_checked()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Vad hände?")).to_be_focused()
    page.keyboard.type("Brand i papperskorg, släckt av personal.")

    submit = page.get_by_role("button", name="Skicka rapport")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(MINE)
    [incident] = incidents()
    assert incident.category.slug == "brand"
    assert incident.place is not None

"""Status reports end to end: the coordinator asks the forum's organisations for reports, the
youth centres' reporter answers from a phone, the coordinator sees who answered and who has not,
and downloads the meeting papers."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(demo):
    from forums.models import Forum, ForumMember, Meeting
    from tenancy.models import Municipality, Organisation

    lomma = Municipality.objects.get(code="1262")
    forum = Forum.objects.create(municipality=lomma, name="Trygghetsrådets samverkansgrupp", location="Lomma kommunhus")
    for name in ("Fritidsgårdarna i Lomma", "Skolorna i Lomma"):
        organisation = Organisation.objects.get(municipality=lomma, name=name)
        ForumMember.objects.create(forum=forum, role_title="Representant", organisation=organisation)
    starts = timezone.now() + datetime.timedelta(days=7)
    return Meeting.objects.create(forum=forum, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))


def test_request_answer_on_a_phone_and_download_the_papers(page: Page, new_page, live_server, meeting):
    overview = f"/k/1262/lagesrapporter/mote/{meeting.pk}/"
    force_login(page, live_server, "coordinator.lomma")
    page.goto(overview)
    expect(page.get_by_role("heading", level=1, name="Lägesrapporter")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Begär lägesrapporter").click()
    expect(page.get_by_text("Lägesrapporter begärda från 2 organisationer.")).to_be_visible()
    screenshot(page, "statusreports-requested")

    phone = new_page(phone=True)
    force_login(phone, live_server, "reporter.lomma")
    phone.goto("/k/1262/lagesrapporter/")
    expect(phone.get_by_role("heading", level=1, name="Mina lägesrapporter")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "statusreports-mine-phone")
    phone.get_by_role("link", name="Trygghetsrådets samverkansgrupp").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Lägesrapport från Fritidsgårdarna i Lomma")
    assert_accessible(phone)
    phone.get_by_label("Läget i verksamheten").fill("Fler besökare på fredagskvällar.")
    phone.get_by_label("Händelser och tendenser sedan förra mötet").fill("Emma Svensson samlar ungdomar vid stationen.")
    phone.get_by_label("Behov av samverkan eller stöd").fill("Fler vuxna ute på fredagar.")
    phone.get_by_role("button", name="Skicka lägesrapporten").click()
    # personal data: the warning, the finding next to the field, and the choice to mask
    expect(phone.get_by_role("heading", name="Texten verkar innehålla personuppgifter")).to_be_visible()
    expect(phone.get_by_text("Möjliga personuppgifter: namn")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "statusreports-submit-pii-phone")
    phone.get_by_role("button", name="Maskera och skicka").click()
    expect(phone.get_by_text("Lägesrapporten är inskickad.")).to_be_visible()
    expect(phone.get_by_label("Händelser och tendenser sedan förra mötet")).to_have_value(
        "[namn] samlar ungdomar vid stationen."
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
    screenshot(phone, "statusreports-submit-phone")

    page.goto(overview)
    fritids = page.get_by_role("row", name="Fritidsgårdarna i Lomma")
    expect(fritids).to_contain_text("Inskickad")
    expect(page.get_by_role("row", name="Skolorna i Lomma")).to_contain_text("Inte inskickad")
    expect(page.get_by_text("Fler vuxna ute på fredagar.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "statusreports-overview")
    page.get_by_role("button", name="Påminn Skolorna i Lomma").click()
    expect(page.get_by_text("Påminnelse skickad till 1 organisation.")).to_be_visible()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Möteshandlingar (PDF)").click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"


def test_the_submit_page_fits_a_narrow_phone(new_page, live_server, meeting):
    from django.contrib.auth import get_user_model

    from statusreports import services

    services.request_reports(meeting, get_user_model().objects.get(username="coordinator.lomma"))
    report = meeting.status_reports.get(organisation__name="Fritidsgårdarna i Lomma")
    narrow = new_page(phone=True, width=320)
    force_login(narrow, live_server, "reporter.lomma")
    narrow.goto(f"/k/1262/lagesrapporter/{report.pk}/")
    expect(narrow.get_by_role("button", name="Skicka lägesrapporten")).to_be_visible()
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(narrow, "statusreports-submit-320")
    desktop = new_page()
    force_login(desktop, live_server, "coordinator.lomma")
    desktop.goto(f"/k/1262/lagesrapporter/{report.pk}/")
    screenshot(desktop, "statusreports-submit-desktop")
    narrow.goto(f"/k/1262/lagesrapporter/mote/{meeting.pk}/")
    force_login(narrow, live_server, "coordinator.lomma")
    narrow.goto(f"/k/1262/lagesrapporter/mote/{meeting.pk}/")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(narrow, "statusreports-overview-320")

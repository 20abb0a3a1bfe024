"""The public side of safety walks in a browser: a resident reads the published feedback of the
demo's Bjärred walk on a 390 px phone (without map tiles), and a resident's tip end to end (the
form on a phone, the coordinator routing it to an owner, the owner's "done", and the tipper's one
"inte åtgärdat")."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def walks_demo(demo):
    from django.core.cache import cache

    from demo import walks as demo_walks

    cache.clear()  # the tip form's rate limit counts 127.0.0.1 across tests
    demo_walks.load(timezone.localdate())
    return demo


def test_a_resident_reads_the_published_feedback_on_a_phone(phone: Page, walks_demo):
    phone.goto("/trygghetsvandringar/1262/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Trygghetsvandringar i Lomma")
    assert_accessible(phone)
    phone.get_by_role("link", name="Trygghetsvandring i Bjärred centrum").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Återkoppling: Trygghetsvandring i Bjärred centrum")
    proposal = phone.locator("article.wproposal", has_text="Sänk hastigheten på väg 111")
    expect(proposal).to_contain_text("Avböjd")
    expect(proposal).to_contain_text("Trafikverket, region Syd")
    expect(proposal).to_contain_text("regionala planen")
    expect(phone.locator("article.wproposal", has_text="Laga belysningen längs gångvägen").first).to_contain_text(
        "Åtgärdad"
    )
    expect(phone.get_by_text("Svar dröjer").first).to_be_visible()
    # the tiles cannot be reached: the numbered points stay and the note says why the map is bare
    expect(phone.locator("#map-note")).to_be_visible()
    expect(phone.locator("#walk-map .map-pin")).to_have_count(12)
    expect(phone.get_by_role("img", name="Foto till observation 1")).to_be_visible()
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone)
    screenshot(phone, "walk-feedback-phone")
    phone.goto("/trygghetsvandringar/1262/karta/")
    expect(phone.locator("#walk-map .map-pin")).to_have_count(9)
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone)


def test_a_residents_tip_end_to_end(phone: Page, page: Page, live_server, walks_demo):
    from tips.models import Tip
    from walks import proposals as proposal_services
    from walks.models import ProposalAnswer

    phone.goto("/tips/1262/")
    expect(phone.get_by_role("note")).to_contain_text("112")
    assert_accessible(phone)
    phone.get_by_label("Beskriv platsen eller problemet").fill(
        "Kalle Andersson säger att lampan vid tunneln är trasig."
    )
    phone.get_by_label("Din e-post").fill("boende@example.se")
    phone.get_by_role("button", name="Skicka tipset").click()
    # no point on the map: refused, and everything typed is still there
    expect(phone.get_by_role("alert")).to_contain_text("Det du skrev finns kvar")
    expect(phone.get_by_label("Beskriv platsen eller problemet")).to_have_value(
        "Kalle Andersson säger att lampan vid tunneln är trasig."
    )
    expect(phone.get_by_label("Din e-post")).to_have_value("boende@example.se")
    assert_accessible(phone)
    phone.locator("#tip-map").click()
    expect(phone.get_by_label("Latitud")).not_to_have_value("")
    phone.get_by_role("button", name="Skicka tipset").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tack för ditt tips")
    shown = phone.locator(".quote")
    expect(shown).not_to_contain_text("Kalle Andersson")
    expect(shown).to_contain_text("lampan vid tunneln")
    assert phone.evaluate(NO_OVERFLOW)
    assert_accessible(phone)
    screenshot(phone, "tip-thanks-phone")

    tip = Tip.objects.filter(email="boende@example.se").get()
    force_login(page, live_server, "coordinator.lomma")
    page.goto("/k/1262/tips/")
    page.get_by_role("link", name=f"Tips {tip.pk}").click()
    page.get_by_label("Rubrik på förslaget").fill("Byt lampan vid tunneln")
    page.get_by_label("Ansvarig organisation").select_option(label="Lomma kommun, gatuenheten")
    page.get_by_label("Kontaktpersonens e-post").fill("gata@lomma.example")
    page.get_by_role("button", name="Skicka som åtgärdsförslag").click()
    expect(page.get_by_text("Tipset är skickat som åtgärdsförslag")).to_be_visible()
    assert_accessible(page)
    tip.refresh_from_db()
    assert tip.status == Tip.Status.ROUTED
    assert any(m.to == ["boende@example.se"] and "gatuenheten" in m.body for m in mail.outbox)

    proposal_services.answer_proposal(
        proposal=tip.proposal, actor=_coordinator(), decision=ProposalAnswer.Decision.DONE
    )
    done = [m for m in mail.outbox if m.to == ["boende@example.se"] and "/tips/svar/" in m.body][-1]
    link = re.search(r"http\S+/tips/svar/\S+/", done.body).group(0)
    phone.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    phone.get_by_role("button", name="Det är inte åtgärdat").click()
    expect(phone.get_by_role("status")).to_contain_text("tittar på ärendet igen")
    assert_accessible(phone)
    tip.refresh_from_db()
    assert tip.status == Tip.Status.REOPENED and tip.email == ""
    phone.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    phone.get_by_role("button", name="Det är inte åtgärdat").click()
    expect(phone.get_by_role("alert")).to_contain_text("redan sagt")


def _coordinator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="coordinator.lomma")

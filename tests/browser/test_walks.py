"""Safety walks in the browser: a walker records observations on a 390 px phone, one with a
photo and two while the network is off (kept on the phone, sent once when it returns); an owner
declines a proposal through the personal link and names who owns it instead."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, force_login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def walk(demo):
    from django.contrib.auth import get_user_model

    from tenancy.models import Municipality
    from walks import services

    lomma = Municipality.objects.get(code="1262")
    coordinator = get_user_model().objects.get(username="coordinator.lomma")
    return services.create_walk(
        municipality=lomma, actor=coordinator, title="Bjärred centrum", starts_at=timezone.now()
    )


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def add(page: Page, *, lat: str, lon: str, category: str, text: str) -> None:
    details = page.locator("details", has=page.locator("#obs-lat"))
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    page.fill("#obs-lat", lat)
    page.fill("#obs-lon", lon)
    page.get_by_role("radio", name=category, exact=True).check()
    page.fill("#obs-text", text)
    page.get_by_role("button", name="Spara observation").click()


def test_recording_on_a_phone_with_a_photo_and_offline(phone: Page, live_server, walk):
    from walks.models import Observation

    force_login(phone, live_server, "reporter.lomma")
    phone.goto(f"/k/1262/trygghetsvandringar/{walk.pk}/observera/")
    expect(phone.get_by_role("heading", level=1, name="Registrera observation")).to_be_visible()
    assert_accessible(phone)

    phone.set_input_files("#obs-photo", files=[{"name": "lampa.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    add(phone, lat="55.6801", lon="13.0102", category="Belysning", text="Trasig lampa i gångtunneln.")
    expect(phone.locator("#sent li").first).to_contain_text("Belysning: Trasig lampa i gångtunneln.")
    expect(phone.locator("#queue-count")).to_have_text("0")
    first = Observation.objects.get(walk=walk)
    assert first.photos.count() == 1

    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_contain_text("Ingen anslutning")
    add(phone, lat="55.6810", lon="13.0110", category="Klotter/skadegörelse", text="Klotter på elskåpet.")
    add(phone, lat="55.6820", lon="13.0120", category="Växtlighet/skymd sikt", text="Buskarna skymmer stigen.")
    expect(phone.locator("#queue-count")).to_have_text("2")
    expect(phone.locator("#queue li")).to_have_count(2)
    expect(phone.locator("#queue li").first).to_contain_text("väntar")
    screenshot(phone, "walks-offline-queue")
    assert Observation.objects.filter(walk=walk).count() == 1

    phone.context.set_offline(False)
    expect(phone.locator("#queue-count")).to_have_text("0")
    expect(phone.locator("#sent li")).to_have_count(3)
    texts = sorted(Observation.objects.filter(walk=walk).values_list("text", flat=True))
    assert texts == ["Buskarna skymmer stigen.", "Klotter på elskåpet.", "Trasig lampa i gångtunneln."]
    # the page fits the phone: nothing wider than the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)


def test_an_observation_waiting_on_the_phone_survives_a_reload(phone: Page, live_server, walk):
    from walks.models import Observation

    force_login(phone, live_server, "reporter.lomma")
    url = f"/k/1262/trygghetsvandringar/{walk.pk}/observera/"
    phone.goto(url)
    phone.context.set_offline(True)
    add(phone, lat="55.6801", lon="13.0102", category="Trafik", text="Bilar kör fort.")
    expect(phone.locator("#queue-count")).to_have_text("1")
    phone.context.set_offline(False)
    # sent on the next load at the latest, once
    phone.goto(url)
    expect(phone.locator("#queue-count")).to_have_text("0")
    expect(phone.locator("#sent li", has_text="Bilar kör fort.")).to_have_count(1)
    assert Observation.objects.filter(walk=walk).count() == 1


def test_an_owner_declines_through_the_link_and_names_another_owner(phone: Page, walk):
    from django.contrib.auth import get_user_model

    from tenancy.models import Organisation
    from walks import owner_links, proposals

    coordinator = get_user_model().objects.get(username="coordinator.lomma")
    owner = Organisation.objects.get(municipality=walk.municipality, name="Fastighetsavdelningen")
    other = Organisation.objects.get(municipality=walk.municipality, name="Fritidsgårdarna i Lomma")
    p = proposals.create_proposal(
        municipality=walk.municipality,
        actor=coordinator,
        walk=walk,
        title="Klipp buskarna vid stigen",
        owner_organisation=owner,
        owner_email="fastighet@example.se",
        answer_by=datetime.date.today() + datetime.timedelta(days=30),
    )
    proposals.send_proposals(proposals=[p], actor=coordinator)
    _link, token = owner_links.issue_link(
        municipality=walk.municipality, organisation=owner, email="fastighet@example.se", name="Fastighetschefen"
    )

    phone.goto(f"/atgardsforslag/{token}/")
    expect(phone.get_by_role("heading", name="Klipp buskarna vid stigen")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Vi åtgärdar inte").check()
    phone.get_by_role("button", name="Skicka svar").click()
    # no reason: refused with a Swedish message, nothing lost
    expect(phone.get_by_text("Ange varför förslaget inte åtgärdas.")).to_be_visible()
    phone.get_by_label("Vi åtgärdar inte").check()
    phone.get_by_label("Varför åtgärdas det inte?").fill("Marken ägs av fritidsförvaltningen.")
    phone.get_by_text("Någon annan äger detta").click()
    phone.get_by_label("Vem äger det i stället?").select_option(label=other.name)
    phone.get_by_label("Kontaktpersonens e-post").fill("fritid@example.se")
    phone.get_by_role("button", name="Skicka svar").click()
    expect(phone.get_by_text("Tack, svaret är sparat")).to_be_visible()
    screenshot(phone, "walks-owner-declined")
    p.refresh_from_db()
    assert p.status == "rerouted" and p.rerouted_to.owner_organisation == other
    assert p.rerouted_to.status == "sent"
    assert_accessible(phone)


def test_the_coordinator_makes_and_sends_a_proposal_from_the_walk_page(page: Page, live_server, walk):
    from django.contrib.auth import get_user_model

    from walks import services
    from walks.categories import categories
    from walks.models import Proposal

    reporter = get_user_model().objects.get(username="reporter.lomma")
    services.record_observation(
        walk=walk,
        actor=reporter,
        lat=55.68,
        lon=13.01,
        category=categories(walk.municipality).first(),
        text="Mörkt i gångtunneln.",
        client_id="b1",
    )
    force_login(page, live_server, "coordinator.lomma")
    page.goto(f"/k/1262/trygghetsvandringar/{walk.pk}/")
    expect(page.get_by_role("heading", level=1, name="Bjärred centrum")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Förslag", exact=True).fill("Ny belysning i gångtunneln")
    page.get_by_label("Mörkt i gångtunneln.", exact=False).check()
    page.get_by_label("Ansvarig organisation").select_option(label="Fastighetsavdelningen")
    page.get_by_label("Kontaktpersonens e-post").fill("fastighet@example.se")
    page.get_by_label("Svar senast").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Spara förslag").click()
    expect(page.get_by_text("Förslaget är sparat.")).to_be_visible()
    page.get_by_role("button", name="Skicka nya förslag till ägarna").click()
    expect(page.get_by_text("Förslagen är skickade till 1 ägare.")).to_be_visible()
    expect(page.get_by_role("heading", name="Giltiga svarslänkar")).to_be_visible()
    assert Proposal.objects.get(walk=walk).status == "sent"
    assert_accessible(page)

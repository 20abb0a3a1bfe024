"""Browser tests: a real Chromium (the system one) driven by Playwright's sync API against
pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per page the test asks for.
Every request that is not to the live server is aborted, so nothing waits on the network."""

import os

# Playwright's sync API keeps an event loop running in this thread; Django's ORM refuses to
# run under a running loop unless told it is fine (it is: the loop is Playwright's, not ours).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import json  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import pytest  # noqa: E402
from django.core.management import call_command  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "samtrygg-demo"
AXE_JS = Path(__file__).parent / "axe" / "axe.min.js"
SHOTS = Path(os.environ.get("SAMTRYGG_SHOTS", "/tmp/shots"))
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server):
    """The demo users, areas and places. Transactional tests flush the database after each
    test, so the (idempotent) demo loader runs again at the start of every browser test."""
    call_command("load_demo", incidents=0, police=False, collaboration=False, verbosity=0)
    return live_server


@pytest.fixture
def new_page(browser, demo):
    """new_page(phone=False, width=None) -> a Page in its own browser context. JavaScript errors on any page
    fail the test; requests to anything but the live server are aborted."""
    host = urlsplit(demo.url).netloc
    contexts, errors = [], []

    def only_live_server(route):
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    def make(phone: bool = False, width: int | None = None) -> Page:
        options = dict(PHONE if phone else DESKTOP)
        if width:
            options["viewport"] = {**options["viewport"], "width": width}
        context = browser.new_context(base_url=demo.url, locale="sv-SE", timezone_id="Europe/Stockholm", **options)
        context.route("**/*", only_live_server)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def phone(new_page):
    return new_page(phone=True)


def login(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait until the browser has left it."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/konto/logga-in/")


def force_login(page: Page, live_server, username: str) -> None:
    """Sign in without the login form (a session cookie for the user): for tests about other pages."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def run_axe(page: Page) -> list[dict]:
    """WCAG 2.0/2.1 A and AA violations with impact serious or critical."""
    # evaluated through the driver, not added as a <script>: the page's CSP forbids inline scripts
    page.evaluate(AXE_JS.read_text() + "\n;0")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def assert_accessible(page: Page) -> None:
    violations = run_axe(page)
    assert not violations, f"axe on {page.url}:\n" + json.dumps(violations, indent=1, ensure_ascii=False)


def screenshot(page: Page, name: str) -> None:
    """The whole page, and the first screen on its own (what a phone shows before scrolling)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"{name}-top.png"))


@pytest.fixture
def make_report(demo):
    """make_report(**fields) -> an Incident filed through the service, as reporter.lomma would
    (by default: graffiti at Bjärreds centrum an hour ago)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from areas.models import Place
    from incidents import services
    from incidents.models import IncidentCategory
    from tenancy.models import Municipality

    def make(
        category: str = "skadegorelse-klotter",
        place: str | None = "Bjärreds centrum",
        *,
        username: str = "reporter.lomma",
        hours_ago: float = 1,
        **fields,
    ):
        lomma = Municipality.objects.get(code="1262")
        services.ensure_default_categories(lomma)
        data = {
            "category": IncidentCategory.objects.get(municipality=lomma, slug=category),
            "occurred_at": timezone.now() - timezone.timedelta(hours=hours_ago),
            "description": "Nytt klotter på väggen vid cykelstället.",
        }
        if place:
            p = Place.objects.get(municipality=lomma, name=place)
            data.update(place=p, lat=p.lat, lon=p.lon)
        data.update(fields)
        return services.report_incident(
            municipality=lomma, actor=get_user_model().objects.get(username=username), data=data
        )

    return make

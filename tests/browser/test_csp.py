"""The Content-Security-Policy (issue 11, finding 11) blocks nothing the main pages need: no
`securitypolicyviolation` event and no console message about the policy, page by page."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import force_login, login

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def watched(page: Page) -> list[str]:
    """The console messages about the policy (and any console error) of this page, as they come."""
    seen: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: (
            seen.append(f"{m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text or "Permissions-Policy" in m.text
            else None
        ),
    )
    return seen


def visit(page: Page, seen: list[str], path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    assert not violations, f"{path}: {violations}"
    assert not seen, f"{path}: {seen}"


def test_main_pages_run_under_the_policy(new_page, live_server, make_report):
    incident = make_report()
    page = new_page()
    seen = watched(page)
    visit(page, seen, "/konto/logga-in/")
    login(page, live_server, "coordinator.lomma")
    for path in (
        "/",
        "/k/1262/rapportera/",
        "/k/1262/handelser/",
        "/k/1262/handelser/karta/",
        f"/k/1262/handelser/{incident.pk}/",
        "/k/1262/lagesbild/",
        "/k/1262/trygghetsvandringar/",
        "/k/1262/tips/",
    ):
        visit(page, seen, path)


def test_public_pages_run_under_the_policy(new_page):
    phone = new_page(phone=True)
    seen = watched(phone)
    for path in ("/tips/1262/", "/trygghetsvandringar/1262/", "/trygghetsvandringar/1262/karta/"):
        visit(phone, seen, path)


def test_a_violation_would_be_seen(new_page, live_server):
    # the watch itself works: an inline script the policy forbids is reported
    page = new_page()
    force_login(page, live_server, "coordinator.lomma")
    seen = watched(page)
    page.goto("/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__csp") and any("Content Security Policy" in m for m in seen)

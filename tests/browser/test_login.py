"""Signing in and out; the administrator's forced TOTP enrolment."""

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


def test_wrong_password_then_right_one_then_log_out(page: Page, live_server):
    page.goto("/k/1262/handelser/")  # a protected page sends the visitor to the login form ...
    expect(page).to_have_url(re.compile(r"/konto/logga-in/\?next="))
    page.fill("#id_username", "reader.lomma")
    page.fill("#id_password", "inte-rätt-lösenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("reader.lomma")

    page.fill("#id_password", "samtrygg-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r"/k/1262/handelser/$"))  # ... and back there afterwards
    expect(page.get_by_role("heading", level=1)).to_have_text("Händelser")

    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(r"/konto/logga-in/$"))
    page.goto("/k/1262/handelser/")
    expect(page).to_have_url(re.compile(r"/konto/logga-in/"))


def test_admin_first_login_enrols_totp(new_page, live_server):
    page = new_page(phone=True)
    login(page, live_server, "admin")
    expect(page).to_have_url(re.compile(r"/konto/logga-in/tvafaktor/$"))
    expect(page.get_by_role("heading", name="Tvåfaktorsinloggning")).to_be_visible()
    secret = page.locator("figure.qr code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    screenshot(page, "totp-enrolment")
    assert_accessible(page)

    totp = pyotp.TOTP(secret)
    wrong = f"{(int(totp.now()) + 500_000) % 1_000_000:06d}"
    page.get_by_label("Engångskod").fill(wrong)
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("alert")).to_contain_text("Koden stämmer inte")
    expect(page.locator("figure.qr code")).to_have_text(secret)  # the same key, still enrolling

    page.get_by_label("Engångskod").fill(totp.now())
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Välkommen")).to_be_visible()
    expect(page.locator(".logout .who")).to_have_text("admin")

import time

import pyotp
import pytest

from accounts.models import TOTPDevice
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def sign_in(client, username, password="samtrygg-demo"):
    return client.post("/konto/logga-in/", {"username": username, "password": password})


def test_it_signs_in(client):
    r = sign_in(client, "coordinator.lomma")
    assert r.status_code == 302 and r.url == "/"
    assert "Lomma" in client.get("/").content.decode()
    assert AuditEntry.objects.filter(action="login", actor_name="coordinator.lomma").exists()


def test_it_says_wrong_password_in_swedish(client):
    r = sign_in(client, "coordinator.lomma", "fel")
    assert r.status_code == 401 and "Fel användarnamn eller lösenord." in r.content.decode()
    assert client.get("/").status_code == 302


def test_it_locks_out_after_five_failures(client):
    for _ in range(5):
        sign_in(client, "coordinator.lomma", "fel")
    r = sign_in(client, "coordinator.lomma")
    assert r.status_code == 429 and "tillfälligt låst" in r.content.decode()
    assert AuditEntry.objects.filter(action="locked").count() == 1


def test_it_only_follows_local_next_urls(client):
    r = client.post(
        "/konto/logga-in/?next=https://evil.example/",
        {"username": "reader.lomma", "password": "samtrygg-demo", "next": "https://evil.example/"},
    )
    assert r.url == "/"


def test_admin_must_enrol_totp_then_use_it(client):
    r = sign_in(client, "admin")
    assert r.url == "/konto/logga-in/tvafaktor/"
    assert client.get("/").status_code == 302  # not signed in yet
    page = client.get(r.url).content.decode()
    assert "Skanna QR-koden" in page and "<svg" in page
    device = TOTPDevice.objects.get(user__username="admin")
    r = client.post("/konto/logga-in/tvafaktor/", {"code": "123456"})
    assert r.status_code == 401 and "Koden stämmer inte" in r.content.decode()
    code = pyotp.TOTP(device.secret).now()
    r = client.post("/konto/logga-in/tvafaktor/", {"code": code})
    assert r.status_code == 302 and client.get("/").status_code == 200
    client.post("/konto/logga-ut/")
    # Next time: asked for the code, not enrolment; the same code cannot be replayed.
    r = sign_in(client, "admin")
    assert "Skanna" not in client.get(r.url).content.decode()
    assert client.post("/konto/logga-in/tvafaktor/", {"code": code}).status_code == 401


def test_optional_totp_for_others(client, user):
    device = TOTPDevice.objects.create(user=user("reader.lomma"), secret=pyotp.random_base32(), confirmed=True)
    r = sign_in(client, "reader.lomma")
    assert r.url == "/konto/logga-in/tvafaktor/"
    r = client.post(r.url, {"code": pyotp.TOTP(device.secret).now()})
    assert r.status_code == 302


def test_second_factor_without_password_step_goes_to_login(client):
    assert client.get("/konto/logga-in/tvafaktor/").url == "/konto/logga-in/"


def test_deploy_checks_pass(monkeypatch):
    import subprocess
    import sys

    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "samtrygg.example.se",
        "DJANGO_SETTINGS_MODULE": "samtrygg.settings",
        "PATH": "/usr/bin:/bin",
    }
    import os

    env.update({k: v for k, v in os.environ.items() if k in ("DATABASE_URL", "SAMTRYGG_DATA_DIR")})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_anyone_can_turn_on_and_off_totp(login, user):
    client = login("reader.lomma")
    assert "Skanna QR-koden" in client.get("/konto/tvafaktor/").content.decode()
    device = TOTPDevice.objects.get(user__username="reader.lomma")
    assert client.post("/konto/tvafaktor/", {"code": "000000"}).status_code == 422
    client.post("/konto/tvafaktor/", {"code": pyotp.TOTP(device.secret).now()})
    assert "är på" in client.get("/konto/tvafaktor/").content.decode()
    assert client.post("/konto/tvafaktor/", {"disable": "1"}).status_code == 422  # a code is needed
    next_code = pyotp.TOTP(device.secret).at(time.time() + 30)
    client.post("/konto/tvafaktor/", {"disable": "1", "code": next_code})
    assert not TOTPDevice.objects.filter(user__username="reader.lomma").exists()


def test_admins_cannot_turn_totp_off(login, user):
    TOTPDevice.objects.create(user=user("admin"), secret=pyotp.random_base32(), confirmed=True)
    client = login("admin")
    assert "Stäng av" not in client.get("/konto/tvafaktor/").content.decode()
    client.post("/konto/tvafaktor/", {"disable": "1"})
    assert TOTPDevice.objects.filter(user__username="admin").exists()


def test_wrong_codes_lock_the_account(client, user):
    device = TOTPDevice.objects.create(user=user("reader.lomma"), secret=pyotp.random_base32(), confirmed=True)
    sign_in(client, "reader.lomma")
    for _ in range(5):
        client.post("/konto/logga-in/tvafaktor/", {"code": "000000"})
    # the pending sign-in is gone and the account is locked, even with the right password and code
    assert client.get("/konto/logga-in/tvafaktor/").url == "/konto/logga-in/"
    r = sign_in(client, "reader.lomma")
    assert r.status_code == 429 and "tillfälligt låst" in r.content.decode()
    assert device.user.username == "reader.lomma"


def test_lockout_ignores_letter_case(client):
    for name in ("Reader.Lomma", "READER.LOMMA", "reader.lomma", "Reader.lomma", "reader.LOMMA"):
        sign_in(client, name, "fel")
    assert "tillfälligt låst" in sign_in(client, "reader.lomma").content.decode()


def test_password_step_expires(client, user, monkeypatch):
    TOTPDevice.objects.create(user=user("reader.lomma"), secret=pyotp.random_base32(), confirmed=True)
    sign_in(client, "reader.lomma")
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/konto/logga-in/tvafaktor/").url == "/konto/logga-in/"


def test_static_files_collect_for_production(tmp_path):
    """The manifest storage used with DEBUG off fails on any missing referenced file."""
    import os
    import subprocess
    import sys

    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="localhost",
        DJANGO_SETTINGS_MODULE="samtrygg.settings",
        STATIC_ROOT=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()

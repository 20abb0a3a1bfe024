import json

import pyotp
import pytest

from accounts.models import TOTPDevice

pytestmark = pytest.mark.django_db


def token(client, username, password="samtrygg-demo", **extra):
    return client.post(
        "/api/v1/auth/token",
        json.dumps({"username": username, "password": password, **extra}),
        content_type="application/json",
    )


def test_it_issues_a_token(client):
    r = token(client, "coordinator.lomma")
    assert r.status_code == 200
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['token']}"})
    assert me.json()["username"] == "coordinator.lomma"
    assert me.json()["memberships"][0]["municipality"] == "1262"


def test_it_refuses_wrong_password(client):
    assert token(client, "coordinator.lomma", "fel").status_code == 401


def test_it_refuses_a_bad_token(client):
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_police_liaison_sees_each_municipality_of_the_area(api):
    codes = {m["municipality"] for m in api("police.kavlinge").get("/api/v1/me").json()["memberships"]}
    assert codes == {"1261", "1262"}


def test_it_locks_out_after_repeated_failures(client):
    assert [token(client, "reader.lomma", "fel").status_code for _ in range(5)] == [401] * 4 + [429]
    r = token(client, "reader.lomma")
    assert r.status_code == 429 and "låst" in r.json()["detail"]


def test_admin_needs_second_factor(client, user):
    r = token(client, "admin")
    assert r.status_code == 401
    device = TOTPDevice.objects.create(user=user("admin"), secret=pyotp.random_base32(), confirmed=True)
    assert token(client, "admin", otp="000000").status_code == 401
    assert token(client, "admin", otp=pyotp.TOTP(device.secret).now()).status_code == 200


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_guessing_codes_through_the_api_locks_out(client, user):
    device = TOTPDevice.objects.create(user=user("admin"), secret=pyotp.random_base32(), confirmed=True)
    assert [token(client, "admin", otp="000000").status_code for _ in range(5)] == [401] * 4 + [429]
    r = token(client, "admin", otp=pyotp.TOTP(device.secret).now())
    assert r.status_code == 429 and "låst" in r.json()["detail"]

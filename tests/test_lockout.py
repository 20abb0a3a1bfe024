"""Sign-in lockout by user name and address over a sliding window (issue 11, finding 9)."""

import datetime
import json
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import LoginFailure
from audit.models import AuditEntry
from samtrygg.clientip import client_ip

pytestmark = pytest.mark.django_db

A, B = "203.0.113.1", "198.51.100.2"


def sign_in(client, username="coordinator.lomma", password="samtrygg-demo", ip=A, **extra):
    return client.post("/konto/logga-in/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def token(client, username="coordinator.lomma", password="samtrygg-demo", ip=A):
    body = json.dumps({"username": username, "password": password})
    return client.post("/api/v1/auth/token", body, content_type="application/json", REMOTE_ADDR=ip)


def age_failures(minutes):
    for row in LoginFailure.objects.all():
        row.at -= datetime.timedelta(minutes=minutes)
        row.save()


def test_it_does_not_lock_the_user_out_from_another_address(client):
    # the probe: a stranger guesses five times from A; the user still signs in from B
    for _ in range(4):
        assert sign_in(client, password="fel", ip=A).status_code == 401
    r = sign_in(client, password="fel", ip=A)  # the fifth locks, and says so
    assert r.status_code == 429 and "tillfälligt låst" in r.content.decode()
    assert sign_in(client, ip=A).status_code == 429
    assert sign_in(client, ip=B).status_code == 302
    assert AuditEntry.objects.filter(action="locked", object_repr="coordinator.lomma").count() == 1


def test_failures_expire(client):
    for _ in range(5):
        sign_in(client, password="fel")
    assert sign_in(client).status_code == 429
    age_failures(16)
    assert sign_in(client).status_code == 302


def test_the_window_slides(client):
    for _ in range(5):
        sign_in(client, password="fel")
    oldest = LoginFailure.objects.order_by("at").first()
    oldest.at -= datetime.timedelta(minutes=16)
    oldest.save()
    # four failures left in the window: one more try, and a wrong one locks again
    assert sign_in(client, password="fel").status_code == 429
    assert sign_in(client).status_code == 429


def test_attempts_while_locked_do_not_extend_the_lock(client):
    for _ in range(5):
        sign_in(client, password="fel")
    for _ in range(5):
        assert sign_in(client, password="fel").status_code == 429
    assert LoginFailure.objects.count() == 5
    age_failures(16)
    assert sign_in(client).status_code == 302


def test_it_tells_when_to_try_again(client, monkeypatch):
    for _ in range(5):
        sign_in(client, password="fel")
    first = LoginFailure.objects.order_by("at").first().at
    later = first + datetime.timedelta(minutes=3, seconds=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    r = sign_in(client)
    assert r.status_code == 429
    assert int(r["Retry-After"]) == 11 * 60 + 50
    clock = timezone.localtime(first + datetime.timedelta(minutes=15)).strftime("%H:%M")
    assert f"Försök igen om 12 minuter (kl. {clock})." in r.content.decode()


def test_the_api_answers_429_with_retry_after(client):
    assert [token(client, password="fel").status_code for _ in range(5)] == [401] * 4 + [429]
    r = token(client)
    assert r.status_code == 429
    assert 14 * 60 < int(r["Retry-After"]) <= 15 * 60
    assert re.search(r"Försök igen om 1[45] minuter \(kl\. \d\d:\d\d\)\.", r.json()["detail"])
    assert token(client, ip=B).status_code == 200


def test_one_address_guessing_many_names_is_stopped(client, settings):
    settings.LOGIN_MAX_FAILURES_PER_IP = 8
    for i in range(7):
        assert sign_in(client, username=f"gissning{i}", password="fel").status_code == 401
    assert sign_in(client, username="gissning7", password="fel").status_code == 429
    assert sign_in(client).status_code == 429
    assert sign_in(client, ip=B).status_code == 302


def test_guessing_spread_over_many_addresses_is_bounded(client, settings):
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 6
    codes = [sign_in(client, password="fel", ip=f"192.0.2.{i + 1}").status_code for i in range(6)]
    assert codes == [401] * 5 + [429]
    assert sign_in(client, ip=B).status_code == 429


def test_a_complete_sign_in_clears_only_its_own_address(client):
    for ip in (A, B):
        for _ in range(4):
            sign_in(client, password="fel", ip=ip)
    assert sign_in(client, ip=A).status_code == 302
    client.post("/konto/logga-ut/")
    assert sign_in(client, password="fel", ip=A).status_code == 401
    assert sign_in(client, password="fel", ip=B).status_code == 429


def test_an_ipv6_network_counts_as_one_address(client):
    for i in range(5):
        sign_in(client, password="fel", ip=f"2001:db8:1:2::{i + 1}")
    assert sign_in(client, ip="2001:db8:1:2::99").status_code == 429
    assert sign_in(client, ip="2001:db8:1:3::1").status_code == 302


def test_no_address_is_stored(client):
    sign_in(client, password="fel")
    row = LoginFailure.objects.get()
    assert row.username == "coordinator.lomma" and A not in row.ip and len(row.ip) == 64


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client):
    for i in range(5):
        sign_in(client, password="fel", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert sign_in(client, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_client_ip_behind_trusted_proxies(settings):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7, 10.0.0.2")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "192.0.2.7"  # never the client's own, spoofable, first entry
    settings.TRUSTED_PROXY_COUNT = 5
    assert client_ip(request) == "6.6.6.6"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="inte-en-adress")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"

"""Security headers (issue 11, finding 11): CSP without inline scripts, Permissions-Policy, and
no-store for signed-in users."""

import json
import re
from pathlib import Path

import pytest

from samtrygg.headers import tile_source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def directives(response) -> dict:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_pages_carry_a_policy_without_inline_scripts(client):
    r = client.get("/konto/logga-in/")
    csp = directives(r)
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"]  # no 'unsafe-inline'
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"] and csp["connect-src"] == ["'self'"]
    assert {"data:", "blob:"} <= set(csp["img-src"])
    policy = r["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "camera=()" in policy and "microphone=()" in policy


def test_the_tile_server_may_serve_images(client, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.se/{z}/{x}/{y}.png"
    assert "https://*.tiles.example.se" in directives(client.get("/konto/logga-in/"))["img-src"]
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_source("") == "" and tile_source("/tiles/{z}/{x}/{y}.png") == ""


def test_signed_in_pages_and_the_api_are_not_stored(login, api):
    assert "no-store" in login("coordinator.lomma").get("/").headers["Cache-Control"]
    r = api("coordinator.lomma").get("/api/v1/me")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]


def test_the_sign_in_steps_are_not_stored(client):
    assert "no-store" in client.get("/konto/logga-in/")["Cache-Control"]


def test_anonymous_public_pages_and_static_files_may_be_cached(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and "no-store" not in r.get("Cache-Control", "")
    assert "Content-Security-Policy" in r


def test_templates_and_scripts_have_nothing_the_policy_would_block():
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handlers = re.compile(r"\son[a-z]+\s*=|javascript:|\bhx-on|\bhx-vals=['\"]js:", re.I)
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not inline.search(text), path
        assert not handlers.search(text), path
    for path in (ROOT / "static" / "js").glob("*.js"):
        text = path.read_text()
        assert not re.search(r"\beval\(|new Function|javascript:|setAttribute\(\"on", text), path


def test_htmx_may_not_eval(client, login):
    page = login("coordinator.lomma").get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert config and json.loads(config[1])["allowEval"] is False

"""Every URL and every API operation against every role. A view or operation that is missing
from the tables below fails `test_every_url_is_covered` / `test_every_api_operation_is_covered`."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import ApiToken
from samtrygg.api import api as ninja_api
from tenancy.models import Membership, Municipality
from tests.authz import (
    ADMINS,
    API_UNAUTHORISED,
    EXPORTERS,
    LOGIN,
    MANAGERS,
    REPORTERS,
    ROLES,
    USERS,
    VIEWERS,
    expect,
    extensions,
)

EXTENSIONS = extensions()

pytestmark = pytest.mark.django_db

# url name -> (method, expected statuses)
PAGES = {
    # the reporter would be sent to the report form, but a status report awaits their organisation
    "home": ("get", expect(200, anonymous=LOGIN)),
    "healthz": ("get", expect(200)),
    "accounts:login": ("get", expect(200)),
    "accounts:second_factor": ("get", expect(302)),
    "accounts:logout": ("post", expect(302)),
    "accounts:password": ("get", expect(200, anonymous=LOGIN)),
    "accounts:totp": ("get", expect(200, anonymous=LOGIN)),
    "tenancy:members": ("get", expect(200, **ADMINS)),
    "tenancy:member_change": ("post", expect(302, **ADMINS)),
    "tenancy:organisations": ("get", expect(200, **ADMINS)),
    "incidents:report": ("get", expect(200, **REPORTERS)),
    "incidents:pii_check": ("post", expect(200, **REPORTERS)),
    "incidents:duplicates": ("get", expect(200, **REPORTERS)),
    "incidents:mine": ("get", expect(200, **REPORTERS)),
    "incidents:list": ("get", expect(200, **VIEWERS)),
    "incidents:map": ("get", expect(200, **VIEWERS)),
    "incidents:export": ("get", expect(200, **EXPORTERS)),
    # the reporter filed the report, so sees it; the outsider gets 404 as if it did not exist
    "incidents:detail": ("get", expect(200, anonymous=LOGIN, outsider=404)),
    "incidents:categories": ("get", expect(200, **MANAGERS)),
    "areas:index": ("get", expect(200, **MANAGERS)),
    "areas:geojson": ("get", expect(200, anonymous=LOGIN, outsider=404)),
    "areas:area": ("get", expect(200, **MANAGERS)),
    "areas:delete_area": ("post", expect(302, **MANAGERS)),
    "areas:delete_place": ("post", expect(302, **MANAGERS)),
    "audit:log": ("get", expect(200, **MANAGERS)),
    "policedata:counts": ("get", expect(200, anonymous=LOGIN, member=403, reporter=403, reader=403, outsider=404)),
    "policedata:index": ("get", expect(200, anonymous=LOGIN, member=403, reporter=403, reader=403, outsider=404)),
    "lagesbild:index": ("get", expect(200, **VIEWERS)),
    "lagesbild:detail": ("get", expect(200, **VIEWERS)),
    "lagesbild:pdf": ("get", expect(200, **VIEWERS)),
    "lagesbild:docx": ("get", expect(200, **VIEWERS)),
    # an empty new-picture form answers 422; fastställ without the confirmation box redirects
    "lagesbild:create": ("post", expect(422, anonymous=LOGIN, member=403, reporter=403, reader=403, outsider=404)),
    "lagesbild:freeze": ("post", expect(302, anonymous=LOGIN, member=403, reporter=403, reader=403, outsider=404)),
    "lagesbild:subscription": ("post", expect(302, anonymous=LOGIN, reporter=403, outsider=404)),
    # django-ninja's own documentation pages
    "api:openapi-json": ("get", expect(200)),
    "api:openapi-view": ("get", expect(200)),
}

API = {
    ("post", "/api/v1/auth/token"): expect(200),
    ("get", "/api/v1/me"): expect(200, anonymous=API_UNAUTHORISED),
    ("post", "/api/v1/incidents"): expect(201, anonymous=API_UNAUTHORISED, reader=403, outsider=404),
    ("get", "/api/v1/incidents"): expect(200, anonymous=API_UNAUTHORISED),
    ("get", "/api/v1/incidents/map"): expect(200, anonymous=API_UNAUTHORISED, reporter=403, outsider=404),
    ("get", "/api/v1/incidents/{incident_id}"): expect(200, anonymous=API_UNAUTHORISED, outsider=404),
    ("post", "/api/v1/pii/check"): expect(200, anonymous=API_UNAUTHORISED),
    # the outsider may import only into Höör, so the file's Lomma row is an error
    ("post", "/api/v1/imports/police-report-counts"): expect(
        200, anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403, outsider=422
    ),
    # the feed is public data: any importer (Höör's coordinator too) imports the whole file
    ("post", "/api/v1/imports/police-events"): expect(
        200, anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403
    ),
    ("get", "/api/v1/situation-picture"): expect(200, anonymous=API_UNAUTHORISED, reporter=403, outsider=404),
    ("get", "/api/v1/situation-picture.pdf"): expect(200, anonymous=API_UNAUTHORISED, reporter=403, outsider=404),
    ("get", "/api/v1/situation-picture.docx"): expect(200, anonymous=API_UNAUTHORISED, reporter=403, outsider=404),
}
for ext in EXTENSIONS:
    PAGES.update(ext.PAGES)
    API.update(ext.API)


def url_names(patterns=None, namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def test_every_url_is_covered():
    names = set(url_names())
    api_names = {n for n in names if n.startswith("api:") and n not in PAGES}
    assert names - api_names - set(PAGES) == set(), "add the new views to PAGES"


def test_every_api_operation_is_covered():
    schema = ninja_api.get_openapi_schema()
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert operations == set(API), "add the new API operations to API"


@pytest.fixture
def world(db, report, lomma, user):
    member = user("reader.lomma").__class__.objects.create_user("member.lomma", password="x")
    Membership.objects.create(user=member, municipality=lomma, role="member")
    incident = report()
    area = lomma.areas.first()
    place = lomma.places.first()
    membership = Membership.objects.get(user__username="reader.lomma")
    from lagesbild import services as lagesbild_services

    picture = lagesbild_services.create_picture(
        lomma, user("coordinator.lomma"), date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 31)
    )
    world = {"incident": incident, "area": area, "place": place, "membership": membership, "picture": picture}
    for ext in EXTENSIONS:
        if hasattr(ext, "setup"):
            ext.setup(world, user, lomma)
    return world


def client_for(role, user):
    client = Client()
    if role != "anonymous":
        client.force_login(user(USERS[role]))
    return client


def page_url(name, world):
    kwargs = {}
    for ext in EXTENSIONS:
        extra = ext.url_kwargs(name, world) if hasattr(ext, "url_kwargs") else None
        if extra is not None:
            kwargs.update(extra)
    kwargs.update(
        {
            "incidents:detail": {"incident_id": world["incident"].pk},
            "incidents:export": {"fmt": "csv"},
            "areas:area": {"area_id": world["area"].pk},
            "areas:delete_area": {"area_id": world["area"].pk},
            "areas:delete_place": {"place_id": world["place"].pk},
            "tenancy:member_change": {"membership_id": world["membership"].pk},
            "lagesbild:detail": {"picture_id": world["picture"].pk},
            "lagesbild:freeze": {"picture_id": world["picture"].pk},
            "lagesbild:pdf": {"picture_id": world["picture"].pk},
            "lagesbild:docx": {"picture_id": world["picture"].pk},
        }.get(name, {})
    )
    try:  # the pages under /k/<code>/ are all asked for Lomma
        return reverse(name, kwargs={"code": "1262", **kwargs})
    except NoReverseMatch:
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name, role, world, user):
    method, expected = PAGES[name]
    client = client_for(role, user)
    url = page_url(name, world)
    data = {"description": "text"} if name == "incidents:pii_check" else {}
    response = getattr(client, method)(url, data)
    assert response.status_code == expected[role], f"{method.upper()} {url} as {role}"


def api_request(method, path, world):
    for ext in EXTENSIONS:
        answer = ext.api_request(method, path, world) if hasattr(ext, "api_request") else None
        if answer is not None:
            return answer
    path = path.replace("{incident_id}", str(world["incident"].pk))
    body = None
    if path == "/api/v1/auth/token":
        body = {"username": "reader.lomma", "password": "samtrygg-demo"}
    elif path == "/api/v1/incidents" and method == "post":
        body = {
            "municipality": "1262",
            "occurred_at": timezone.now().isoformat(),
            "lat": 55.6728,
            "lon": 13.0688,
            "category": "brand",
            "description": "Brand i en papperskorg vid torget.",
        }
    elif path == "/api/v1/pii/check":
        body = {"text": "Inget känsligt här."}
    elif path == "/api/v1/imports/police-report-counts":
        body = {
            "file": SimpleUploadedFile(
                "anmalda.csv", "kommunkod;månad;brottskategori;antal\n1262;2026-03;Rån;1\n".encode()
            )
        }
    elif path == "/api/v1/imports/police-events":
        body = [
            {
                "id": 9_100_001,
                "datetime": "2026-03-02 8:05:00 +01:00",
                "name": "02 mars 07.57, Stöld/inbrott, Lomma",
                "summary": "Inbrott i en villa.",
                "url": "/aktuellt/handelser/2026/mars/02/02-mars-07.57-stoldinbrott-lomma/",
                "type": "Stöld/inbrott",
                "location": {"name": "Skåne län", "gps": "55.990257,13.595769"},
            }
        ]
    elif path == "/api/v1/incidents/map":
        path += "?municipality=1262"
    elif path in ("/api/v1/situation-picture", "/api/v1/situation-picture.pdf", "/api/v1/situation-picture.docx"):
        path += "?municipality=1262&from=2026-03-01&to=2026-03-31"
    return path, body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(API))
def test_api_access(operation, role, world, user):
    method, template = operation
    path, body = api_request(method, template, world)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {ApiToken.issue(user(USERS[role]))}"
    client = Client(headers=headers)
    if body is None:
        response = getattr(client, method)(path)
    elif "file" in body:  # a multipart upload
        response = getattr(client, method)(path, body)
    else:
        response = getattr(client, method)(path, json.dumps(body), content_type="application/json")
    assert response.status_code == API[operation][role], f"{method.upper()} {path} as {role}: {response.content[:200]}"


def test_outsider_gets_404_not_403_for_unknown_and_foreign_municipalities(login):
    client = login("coordinator.hoor")
    assert client.get("/k/1262/handelser/").status_code == 404
    assert client.get("/k/9999/handelser/").status_code == 404
    assert Municipality.objects.filter(code="1262").exists()

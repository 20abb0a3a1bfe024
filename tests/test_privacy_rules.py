"""Rules that keep personal data and other municipalities' data where they belong."""

import json

import pytest
from django.utils import timezone

from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_reporters_see_that_a_duplicate_exists_but_not_its_text(login, report, user):
    from incidents import services
    from incidents.models import IncidentCategory

    services.report_incident(
        municipality=report().municipality,
        actor=user("coordinator.lomma"),
        data={
            "category": IncidentCategory.objects.get(municipality__code="1262", slug="nedskrapning"),
            "occurred_at": timezone.now(),
            "lat": 55.7175,
            "lon": 13.0245,
            "description": "Skräp vid bryggan, hemlig text.",
        },
    )
    query = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "lat": "55.7175",
        "lon": "13.0245",
        "category": "nedskrapning",
    }
    body = login("reporter.lomma").get("/k/1262/rapportera/dubbletter/", query).content.decode()
    assert "Kanske redan rapporterad?" in body and "hemlig text" not in body
    body = login("coordinator.lomma").get("/k/1262/rapportera/dubbletter/", query).content.decode()
    assert "hemlig text" in body


def test_the_audit_log_keeps_no_personal_data(login, report, user):
    from incidents import services

    incident = report(description="Ring 070-123 45 67 eller mejla a@b.se")
    services.mask_description(incident=incident, actor=user("coordinator.lomma"))
    for entry in AuditEntry.objects.filter(object_type="incidents.incident"):
        text = json.dumps(entry.changes, ensure_ascii=False)
        assert "070-123" not in text and "a@b.se" not in text


def test_api_answers_403_as_json(api):
    r = api("reader.lomma").post(
        "/api/v1/incidents",
        json.dumps(
            {
                "municipality": "1262",
                "occurred_at": timezone.now().isoformat(),
                "lat": 55.7,
                "lon": 13.05,
                "category": "brand",
                "description": "Brand.",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 403 and "behörighet" in r.json()["detail"]


def test_accepting_a_merged_report_unmerges_it(report, user):
    from incidents import services

    first, second = report(), report()
    coordinator = user("coordinator.lomma")
    services.merge(second, coordinator, first)
    services.accept(second, coordinator)
    second.refresh_from_db()
    assert second.status == "accepted" and second.merged_into is None


def test_the_repeated_autumn_hour_is_accepted():
    from incidents.forms import LocalDateTimeField

    value = LocalDateTimeField().to_python("2025-10-26T02:30")
    assert value.utcoffset().total_seconds() == 7200  # the first 02:30, still summer time
    assert LocalDateTimeField().to_python("2025-10-26T03:30").utcoffset().total_seconds() == 3600


def test_account_events_show_in_the_members_municipality(login, client):
    client.post("/konto/logga-in/", {"username": "reader.lomma", "password": "samtrygg-demo"})
    body = login("coordinator.lomma").get("/k/1262/logg/").content.decode()
    assert "Inloggning" in body and "reader.lomma" in body
    assert "reader.lomma" not in login("coordinator.hoor").get("/k/1267/logg/").content.decode()


def test_bad_population_is_a_row_error(login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    square = {"type": "Polygon", "coordinates": [[[13.06, 55.67], [13.07, 55.67], [13.07, 55.675], [13.06, 55.67]]]}
    data = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "A", "population": -5}, "geometry": square},
            {"type": "Feature", "properties": {"name": "B" * 151}, "geometry": square},
        ],
    }
    f = SimpleUploadedFile("a.geojson", json.dumps(data).encode())
    r = login("coordinator.lomma").post("/k/1262/omraden/", {"import": "1", "file": f, "kind": "district"})
    body = r.content.decode()
    assert r.status_code == 422 and "Objekt 1" in body and "Objekt 2" in body


def test_production_refuses_to_start_without_a_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "samtrygg.settings"})
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr

import json

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from incidents.models import Incident

pytestmark = pytest.mark.django_db


def payload(**kw):
    data = {
        "municipality": "1262",
        "occurred_at": (timezone.now() - timezone.timedelta(hours=2)).isoformat(),
        "lat": 55.7175,
        "lon": 13.0245,
        "category": "skadegorelse-klotter",
        "description": "Klotter på väggen vid cykelstället.",
    }
    data.update(kw)
    return data


def post(client, data):
    return client.post("/api/v1/incidents", json.dumps(data), content_type="application/json")


def test_it_creates_an_incident_with_area(api):
    r = post(api("reporter.lomma"), payload())
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["area"]["name"] == "Bjärred"
    assert body["status"] == "new"
    assert body["pii"] == []
    assert Incident.objects.get(pk=body["id"]).municipality.code == "1262"


def test_it_audits_the_create(api):
    r = post(api("reporter.lomma"), payload())
    entry = AuditEntry.objects.get(object_type="incidents.incident", object_id=str(r.json()["id"]))
    assert entry.action == "create" and entry.actor_name == "reporter.lomma"
    assert entry.changes["description"] == "Klotter på väggen vid cykelstället."


def test_it_returns_pii_findings_masked(api):
    text = "Killen heter Johan Andersson, ring 070-123 45 67."
    body = post(api("reporter.lomma"), payload(description=text)).json()
    assert {f["kind"] for f in body["pii"]} == {"phone", "name"}
    assert body["description"] == "Killen heter [namn], ring [telefonnummer]."
    for f in body["pii"]:
        assert body["description"][f["start"] : f["end"]].startswith("[") and f["masked"]


def test_it_rejects_invalid_input_with_field_messages(api):
    r = post(api("reporter.lomma"), payload(category="finns-inte", description="", lat=59.0, lon=18.0))
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert "category" in errors and "description" in errors and "lat" in errors
    assert "utanför Lomma" in errors["lat"][0]
    assert Incident.objects.count() == 0


def test_it_rejects_wrong_types_in_swedish(api):
    r = post(api("reporter.lomma"), payload(lat="norr"))
    assert r.status_code == 422
    assert r.json()["errors"]["lat"] == ["Ogiltigt värde."]


def test_it_rejects_future_times(api):
    r = post(api("reporter.lomma"), payload(occurred_at=(timezone.now() + timezone.timedelta(days=1)).isoformat()))
    assert r.status_code == 422 and "framtiden" in r.json()["errors"]["occurred_at"][0]


def test_it_hides_other_municipalities(api, report):
    incident = report()
    assert api("coordinator.hoor").get(f"/api/v1/incidents/{incident.pk}").status_code == 404
    assert api("coordinator.lomma").get(f"/api/v1/incidents/{incident.pk}").status_code == 200
    assert api("police.kavlinge").get(f"/api/v1/incidents/{incident.pk}").status_code == 200
    r = post(api("coordinator.hoor"), payload())
    assert r.status_code == 404


def test_it_lists_with_filters_and_pagination(api, report):
    first = report()
    report(category="brand", description="Brand i papperskorg vid skolan.")
    client = api("coordinator.lomma")
    body = client.get("/api/v1/incidents?municipality=1262").json()
    assert body["count"] == 2 and len(body["items"]) == 2
    body = client.get("/api/v1/incidents?municipality=1262&category=brand").json()
    assert [i["category"] for i in body["items"]] == ["brand"]
    # the reports' local day (an hour ago: yesterday when the tests run just after midnight)
    day = timezone.localtime(first.occurred_at).date().isoformat()
    assert client.get(f"/api/v1/incidents?from={day}&to={day}").json()["count"] >= 1
    # a municipality the caller is not a member of answers 404, as its objects do
    assert api("coordinator.hoor").get("/api/v1/incidents?municipality=1262").status_code == 404


def test_reporter_lists_only_own_reports(api, report, user):
    from incidents import services
    from incidents.models import IncidentCategory

    report()
    services.report_incident(
        municipality=report().municipality,
        actor=user("coordinator.lomma"),
        data={
            "category": IncidentCategory.objects.get(municipality__code="1262", slug="brand"),
            "occurred_at": timezone.now(),
            "lat": 55.67,
            "lon": 13.07,
            "description": "Brand vid hamnen.",
        },
    )
    body = api("reporter.lomma").get("/api/v1/incidents").json()
    assert body["count"] == 2


def test_it_serves_map_geojson(api, report):
    report()
    r = api("reader.lomma").get("/api/v1/incidents/map?municipality=1262")
    assert r.status_code == 200
    features = json.loads(r.content)["features"]
    assert len(features) == 1 and features[0]["geometry"]["coordinates"] == [13.0245, 55.7175]
    report(lat=55.6728, lon=13.0688)
    assert len(json.loads(api("reader.lomma").get("/api/v1/incidents/map?municipality=1262").content)["features"]) == 2


def test_it_has_openapi(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and "/api/v1/incidents" in r.json()["paths"]


def test_map_follows_reviews(api, report, user):
    from incidents import services

    incident = report()
    client = api("coordinator.lomma")
    assert len(json.loads(client.get("/api/v1/incidents/map?municipality=1262").content)["features"]) == 1
    services.reject(incident, user("coordinator.lomma"), "Dubbelrapport")
    assert json.loads(client.get("/api/v1/incidents/map?municipality=1262").content)["features"] == []
    body = json.loads(client.get("/api/v1/incidents/map?municipality=1262&status=rejected").content)
    assert [f["properties"]["id"] for f in body["features"]] == [incident.pk]


def test_it_creates_with_few_queries(api, django_assert_max_num_queries):
    client = api("reporter.lomma")
    post(client, payload())  # warm the per-process area index
    with django_assert_max_num_queries(8):
        r = post(client, payload(lat=55.6728, lon=13.0688))
    assert r.status_code == 201 and r.json()["area"]["name"] == "Lomma tätort"


def test_map_serves_from_cache_with_few_queries(api, report, django_assert_max_num_queries):
    report()
    client = api("reader.lomma")
    first = client.get("/api/v1/incidents/map?municipality=1262&category=skadegorelse-klotter")
    with django_assert_max_num_queries(4):  # token, roles, municipality, version
        again = client.get("/api/v1/incidents/map?category=skadegorelse-klotter&municipality=1262")
    assert again.content == first.content and len(json.loads(again.content)["features"]) == 1


def test_the_list_leaves_out_rejected_and_merged_like_the_list_page(api, report, user):
    from incidents import services

    kept, rejected = report(), report()
    services.reject(rejected, user("coordinator.lomma"), "Fel kommun")
    client = api("coordinator.lomma")
    ids = [i["id"] for i in client.get("/api/v1/incidents?municipality=1262").json()["items"]]
    assert kept.pk in ids and rejected.pk not in ids
    every = [i["id"] for i in client.get("/api/v1/incidents?status=all").json()["items"]]
    assert {kept.pk, rejected.pk} <= set(every)
    r = client.get("/api/v1/incidents?municipality=1262&from=2026-03-10&to=2026-03-01")
    assert r.status_code == 422 and "Slutdatum ligger före startdatum." in r.json()["errors"]["date_to"]

"""The OpenAPI document says what the API answers: one schema per name, the shared error answers,
enums for choices, the map's GeoJSON media type; a foreign municipality's list answers 404."""

import collections
import importlib

import pydantic
import pytest
from django.utils import timezone

from samtrygg.api import api as ninja_api

pytestmark = pytest.mark.django_db

APPS = (
    "accounts",
    "actionplans",
    "agreements",
    "focusareas",
    "forums",
    "incidents",
    "lagesbild",
    "majorevents",
    "policedata",
    "privacy",
    "promises",
    "reports",
    "samtrygg",
    "statusreports",
    "tips",
    "walks",
    "yearcycle",
)


@pytest.fixture(scope="module")
def document():
    return ninja_api.get_openapi_schema()


def _models():
    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return [m for m in below(pydantic.BaseModel) if m.__module__.split(".")[0] in APPS]


def test_it_names_every_schema_once():
    """ninja names a component after the class, so two classes of one name share one entry and
    one of them is documented with the other's fields (agreements' decisions as the forums')."""
    for app in APPS:
        try:
            importlib.import_module(f"{app}.api")
        except ModuleNotFoundError:
            pass
    names = collections.defaultdict(set)
    for model in _models():
        if model.__name__ != "NinjaResponseSchema":
            names[model.__name__].add(model.__module__)
    assert {name: modules for name, modules in names.items() if len(modules) > 1} == {}


def test_it_documents_agreement_decisions_with_their_own_fields(document):
    schema = document["paths"]["/api/v1/agreements/{agreement_id}"]["get"]["responses"]["200"]
    detail = document["components"]["schemas"][schema["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    ref = detail["properties"]["decisions"]["items"]["$ref"].split("/")[-1]
    assert set(document["components"]["schemas"][ref]["properties"]) == {
        "id",
        "party",
        "body",
        "decided_on",
        "reference",
    }


def test_it_lists_the_choices_as_enums(document):
    schemas = document["components"]["schemas"]
    people = schemas["IncidentIn"]["properties"]["people_count"]["anyOf"][0]
    assert people["enum"] == ["", "1", "2-5", "6-10", "11-20", "20+", "unknown"]
    assert "youth" in schemas["IncidentIn"]["properties"]["age_group"]["anyOf"][0]["enum"]
    assert "young_adults" in schemas["IncidentOut"]["properties"]["age_group"]["enum"]
    assert schemas["IncidentOut"]["properties"]["status"]["enum"] == ["new", "accepted", "rejected", "merged"]


def test_it_answers_a_bad_choice_with_the_valid_ones(api):
    response = api("coordinator.lomma").post(
        "/api/v1/incidents",
        {
            "municipality": "1262",
            "occurred_at": timezone.now().isoformat(),
            "lat": 55.67,
            "lon": 13.07,
            "category": "skadegorelse-klotter",
            "description": "Klotter på väggen.",
            "people_count": "6",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    (message,) = response.json()["errors"]["people_count"]
    assert "Ogiltigt värde" in message and "'6-10'" in message and "eller" in message


def test_it_declares_the_map_as_geojson(document, api, lomma):
    declared = document["paths"]["/api/v1/incidents/map"]["get"]
    assert list(declared["responses"]["200"]["content"]) == ["application/geo+json"]
    assert [p["name"] for p in declared["parameters"]] == ["municipality"]
    response = api("coordinator.lomma").get("/api/v1/incidents/map", {"municipality": "1262"})
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"


def test_it_declares_the_422_bodies_as_sent(document):
    """A request the schema refuses answers ErrorsOut, also where the handler has a 422 of its own."""
    errors = {"$ref": "#/components/schemas/ErrorsOut"}
    for path in ("/api/v1/action-plans/{plan_id}/transition", "/api/v1/imports/police-report-counts"):
        schema = document["paths"][path]["post"]["responses"]["422"]["content"]["application/json"]["schema"]
        assert errors in schema["anyOf"], path
        assert len(schema["anyOf"]) == 2


def test_it_declares_the_shared_error_answers(document):
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            responses = op["responses"]
            assert "400" in responses, (method, path)
            if op.get("security"):
                assert {"401", "403"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in responses, (method, path)


@pytest.mark.parametrize("path", ["/api/v1/incidents", "/api/v1/walks", "/api/v1/proposals"])
def test_it_answers_404_for_a_foreign_municipalitys_list(api, path):
    client = api("coordinator.lomma")
    assert client.get(path, {"municipality": "1267"}).status_code == 404  # Höör
    assert client.get(path, {"municipality": "9999"}).status_code == 404
    assert client.get(path, {"municipality": "1262"}).status_code == 200

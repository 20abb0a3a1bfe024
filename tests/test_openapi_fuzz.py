"""Schemathesis over the whole OpenAPI document: no operation answers 500, and every answer (its
status code, content type and body) is one the document declares.

Each operation gets a few generated requests (derandomized, so CI sees the same ones every run)
against a small world: Lomma's demo data plus the authorization matrix's objects (an incident, a
situation picture, an agreement, a forum, an action plan, ...) and Höör as the foreign municipality.
Most requests are sent as Lomma's coordinator with a bearer token; a share go without a token to
check the declared 401s. Path ids are drawn from the world's real ids half of the time so the
handlers behind the 404 are reached too."""

import zlib

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken
from samtrygg.api import api as ninja_api
from tests.test_authorization import world  # noqa: F401  (the fixture)

schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
schema.app = WSGIHandler()
schema.config.seed = 1262  # with derandomize below: the same requests on every run
# The coverage phase adds a few hundred boundary cases per operation (minutes for the whole API);
# the examples phase and max_examples generated ones (valid and invalid input) stay.
schema.config.phases.coverage.enabled = False

MAX_EXAMPLES = 12

# What the document promises: no 500, only declared status codes, content types and headers, and
# bodies as declared. Schemathesis' other default checks are left out on purpose:
# positive_data_acceptance (a schema-valid request may still be refused: a NUL in a text is a 400
# at the input boundary, an unknown category slug a 422), and the auth checks (ignored_auth sends a
# wrong token and expects 401, but the calendar feeds also accept their calendar token and the
# session; the authorization matrix checks who gets what).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def fuzz_world(world, user):  # noqa: F811
    """The authorization matrix's world and a token for Lomma's coordinator; every id in it."""
    token = ApiToken.issue(user("coordinator.lomma"))
    ids = sorted({obj.pk for obj in world.values() if hasattr(obj, "pk") and isinstance(obj.pk, int)})
    # The WSGI handler closes the database connection when a request starts and ends, which would end the
    # test's transaction (PostgreSQL); Django's test client keeps it open the same way.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield {"token": token, "ids": ids}
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, fuzz_world):
    # the choices below follow from the generated case itself, so a derandomized run repeats them
    seed = zlib.crc32(repr((case.path_parameters, case.query, case.body)).encode("utf-8", "replace"))
    ids = fuzz_world["ids"]
    for name, value in (case.path_parameters or {}).items():
        if name.endswith("_id") and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = ids[(value // 2) % len(ids)]
    headers = {}
    if seed % 5:
        headers["Authorization"] = f"Bearer {fuzz_world['token']}"
    with transaction.atomic():
        case.call_and_validate(headers=headers, checks=CHECKS)
        transaction.set_rollback(True)

"""The OpenAPI document validates, and schemathesis finds no server error (nor a response that
contradicts the document) on any operation, with a little data in the database."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from tests.api.helpers import published
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_openapi_document_validates(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    paths = set(document["paths"])
    assert {
        "/api/editions",
        "/api/editions/{edition_id}",
        "/api/actions",
        "/api/actions/removed",
        "/api/actions/{action_id}",
        "/api/schools",
        "/api/schools/{uai}",
        "/api/territories/academies",
        "/api/territories/departments",
        "/api/territories/bassins",
    } <= paths
    params = {p["name"] for p in document["paths"]["/api/actions"]["get"]["parameters"]}
    from sps.catalogue.query import PARAMS

    # Every catalogue filter (the sort aside: the API's order is its keyset's) is an API parameter.
    assert set(PARAMS) - {"tri"} <= params
    assert {"updated_since", "cursor", "limit"} <= params


@pytest.fixture
def api_schema(db, settings, reference):
    settings.API_RATE_LIMIT = {"REQUESTS": 1_000_000, "WINDOW_SECONDS": 60}
    school = SchoolFactory()
    for _ in range(3):
        published(schools=[school])
    # Requests go through the WSGI handler in this thread: keep the test's transaction open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_answers_as_documented(api_schema):
    """Each operation, a few generated requests (schemathesis' pytest plugin does not run under
    pytest 9 yet: the operations are driven with hypothesis directly)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def check(case):
            # A forged `cursor` or a malformed UAI matches the document's types yet is refused
            # (400 / 404, documented): the « valid data accepted » check does not apply to them.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()

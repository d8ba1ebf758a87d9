"""Every API operation, fed generated valid and invalid requests by schemathesis: no server
error, and every response matches the OpenAPI document (status, content type, body schema).

The budget is bounded (a few examples per operation, no deadline), so the whole run stays well
under a minute on two cores; raise KABEUCHI_FUZZ_EXAMPLES locally for a deeper run.
"""

import json
import os
from collections import Counter

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402
from schemathesis.specs.openapi import checks as oa_checks  # noqa: E402

STATUSES: Counter[int] = Counter()
EXAMPLES = int(os.environ.get("KABEUCHI_FUZZ_EXAMPLES", "6"))


def _load_schema():
    from django.core.wsgi import get_wsgi_application

    from kabeuchi.core.api import api

    # The document /api/v1/openapi.json serves, built without a request (no database needed).
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(), default=str)))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture(autouse=True)
def _connection_kept_across_requests(db):
    # In-process calls share the test's transaction: keep Django from closing the connection
    # at request boundaries (as django.test.Client does).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(cast, settings):
    from kabeuchi.accounts import services

    settings.KABEUCHI_API_RATE_PER_MINUTE = 100_000  # the fuzzer is not what the limits are for
    settings.KABEUCHI_API_TOKEN_RATE_PER_MINUTE = 100_000
    # eita is an organisation admin: every operation is open to him or refuses him cleanly.
    return services.access_token_create(user=cast.eita, name="fuzz").secret


schema = _load_schema()

CHECKS = [
    st_checks.not_a_server_error,
    oa_checks.status_code_conformance,
    oa_checks.content_type_conformance,
    oa_checks.response_schema_conformance,
    oa_checks.response_headers_conformance,
    oa_checks.negative_data_rejection,  # invalid input (null, arrays, wrong types, extra fields) is refused
]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_within_its_schema(case, admin_token):
    response = case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS)
    STATUSES[response.status_code] += 1


def teardown_module(module):
    if os.environ.get("KABEUCHI_FUZZ_REPORT"):
        print("\nschemathesis calls by status:", dict(sorted(STATUSES.items())), "total", sum(STATUSES.values()))

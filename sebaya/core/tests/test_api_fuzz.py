"""Property-based requests against the OpenAPI document: whatever the input, never a 5xx,
and every answer matches what the document declares (status codes and bodies)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from sebaya.accounts.services import api_token_create

# Two checks do not apply here. Authentication is proven role by role in the access matrix (and this
# test sends a valid token, which the check's re-sent request keeps). And domain rules refuse some
# requests that the schema alone allows: an unknown skill is a 404, a taken web address a 409.
NOT_APPLICABLE = [ignored_auth, positive_data_acceptance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request; inside a test
    transaction it must not (Django's own test client disconnects the same handlers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(keep_connection, organiser, member, minor, venue, home_venue) -> str:
    """An organiser's token, in a community with members, a minor and venues, so requests reach deep."""
    _token, raw = api_token_create(user=organiser, name="fuzz")
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_answers_every_input_as_documented(case, token) -> None:
    if "{slug}" in case.path:
        case.path_parameters = {**(case.path_parameters or {}), "slug": "lingkar"}
    # Ask for plain bodies: the in-process WSGI client does not undo the site's gzip.
    response = case.call(headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text
    case.validate_response(response, excluded_checks=NOT_APPLICABLE)

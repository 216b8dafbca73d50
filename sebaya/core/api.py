"""Shared pieces of the JSON API: authentication, the error shape, and the response codes to declare."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Schema
from ninja.errors import ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictFloat, StrictInt, model_validator

from sebaya.core.errors import has_null, null_characters
from sebaya.core.timezones import is_valid_timezone


class Error(Schema):
    """Every error the API returns has this shape: a stable ``code`` and a human ``detail``."""

    code: str
    detail: str | list[dict[str, Any]]


class Body(Schema):
    """A request body: a JSON object whose fields are all known (a misspelt field is an error,
    not silently ignored) and whose booleans and integers are real JSON booleans and numbers."""

    @model_validator(mode="before")
    @classmethod
    def _an_object_of_known_fields(cls, data: Any) -> Any:
        # Ninja hands validators a wrapper that reads fields as attributes, so pydantic's own
        # extra="forbid" never sees the keys: look at the parsed JSON itself.
        raw = getattr(data, "_obj", data)
        if not isinstance(raw, dict):
            raise ValueError("the request body must be a JSON object")
        unknown = sorted(set(raw) - set(cls.model_fields))
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(unknown)}")
        if has_null(raw):
            raise ValueError(null_characters())
        return data


class TextParser(Parser):
    """Ninja's parser, except that query strings and form fields holding a NUL character are
    refused (422) before they reach a query; JSON bodies are refused by :class:`Body`."""

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        bad = [key for key, value in parsed.items() if has_null(key) or has_null(value)]
        if bad:
            raise ValidationError([{"loc": [key], "msg": null_characters(), "type": "value_error"} for key in bad])
        return parsed


# Body field types: JSON booleans, integers and numbers only (no "1" for 1, no true for 1).
Flag = StrictBool
Count = StrictInt
Number = StrictFloat


def _known_zone(name: str) -> str:
    if not is_valid_timezone(name):
        raise ValueError("unknown time zone")
    return name


def _iso_instant(value: Any) -> Any:
    # Pydantic would also read a bare number as seconds since 1970; the API promises ISO 8601 only.
    if isinstance(value, str) and not ("-" in value and ":" in value):
        raise ValueError("use an ISO 8601 date and time, e.g. 2026-12-07T10:00:00+08:00")
    return value


Instant = Annotated[datetime.datetime, BeforeValidator(_iso_instant)]

TimeZone = Annotated[
    str, Field(max_length=64, description="An IANA time zone, e.g. Asia/Makassar (WITA)."), AfterValidator(_known_zone)
]


class BearerToken(HttpBearer):
    """``Authorization: Bearer sby_…`` with a personal token from the profile page."""

    openapi_description = "A personal API token, created on your profile page."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from sebaya.accounts.services import api_token_user

        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The browser's log-in session; unsafe methods need the CSRF token as for any form."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def anonymous(request: HttpRequest) -> bool:
    """Lets an endpoint answer visitors who are not logged in (after trying the other methods)."""
    return True


AUTH = [BearerToken(), Session()]
OPTIONAL_AUTH = [BearerToken(), Session(), anonymous]
# Tells OpenAPI readers that these operations also answer without credentials (the empty requirement).
OPEN: dict[str, Any] = {"security": [{"BearerToken": []}, {"Session": []}, {}]}

# Response codes shared by endpoints: declare them so the OpenAPI document tells the truth.
AUTHED = {401: Error, 422: Error}
READ = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}

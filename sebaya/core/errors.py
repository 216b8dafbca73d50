"""Domain errors that services raise and both the pages and the API turn into messages."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A rule of the domain refused an action; ``message`` is translated and safe to show.

    ``code`` is a stable machine-readable name that the API returns beside the message,
    and ``status`` the HTTP status the API answers with (400 for bad input, 409 for a
    conflict with the current state).
    """

    status = 400

    def __init__(self, message: str | Promise, *, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


class Conflict(ServiceError):
    status = 409


class Forbidden(ServiceError):
    """The caller may see the object but a rule bars them from this action now (e.g. a suspension)."""

    status = 403


class InvalidInput(ServiceError):
    """Input that a form refused; ``errors`` lists each problem as ``{"loc": [field], "msg": text}``."""

    status = 422

    def __init__(self, errors: list[dict[str, object]]) -> None:
        super().__init__("invalid input", code="validation_error")
        self.errors = errors

    @classmethod
    def from_form(cls, form: object) -> InvalidInput:
        errors = getattr(form, "errors", {})
        return cls([{"loc": [field], "msg": str(msg)} for field, msgs in errors.items() for msg in msgs])


def null_characters() -> str:
    """The error for text holding a NUL character, which no database column stores (PostgreSQL
    refuses it outright), in the reader's language."""
    return _("Null characters are not allowed.")


def has_null(value: Any) -> bool:
    """True when a string anywhere in ``value`` (parsed JSON: keys included) holds a NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_null(k) or has_null(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_null(v) for v in value)
    return False

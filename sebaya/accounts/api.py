from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from sebaya.core.api import AUTHED, Body, Error
from sebaya.core.timezones import is_valid_timezone

from .models import User

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    display_name: str
    email: str | None
    username: str | None
    language: str
    timezone: str
    is_minor: bool


class MePatch(Body):
    display_name: str | None = Field(None, min_length=1, max_length=80)
    language: str | None = Field(None, pattern="^(id|en)$")
    timezone: str | None = Field(None, max_length=64)


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get("/me", response={200: MeOut, **AUTHED}, summary="The caller's own account")
def me(request: HttpRequest) -> User:
    return _me(request)


@router.patch("/me", response={200: MeOut, 400: Error, **AUTHED}, summary="Change display name, language or time zone")
def me_update(request: HttpRequest, payload: MePatch) -> Status[object]:
    user = _me(request)
    data = payload.model_dump(exclude_unset=True, exclude_none=True)
    if "timezone" in data and not is_valid_timezone(data["timezone"]):
        return Status(400, {"code": "invalid_timezone", "detail": _("Unknown time zone.")})
    for key, value in data.items():
        setattr(user, key, value)
    user.save(update_fields=list(data) or None)
    return Status(200, user)

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from sebaya.core.api import AUTHED, Body, Error, TimeZone

from .models import User
from .permissions import request_user

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
    timezone: TimeZone | None = None


@router.get("/me", response={200: MeOut, **AUTHED}, summary="The caller's own account")
def me(request: HttpRequest) -> User:
    return request_user(request)


@router.patch("/me", response={200: MeOut, 400: Error, **AUTHED}, summary="Change display name, language or time zone")
def me_update(request: HttpRequest, payload: MePatch) -> User:
    user = request_user(request)
    data = payload.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in data.items():
        setattr(user, key, value)
    user.save(update_fields=list(data) or None)
    return user

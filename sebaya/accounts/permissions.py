"""Access helpers for account objects: 404 when the object is not the caller's."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import ApiToken, User


def get_own_token(user: User, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=token_id, user=user)


def get_child_for_guardian(user: User, child_id: int) -> User:
    return get_object_or_404(User, pk=child_id, guarded_by__guardian=user)


def request_user(request: HttpRequest) -> User:
    """The logged-in user, typed. Callers are behind login_required or an API authenticator."""
    user = request.user
    assert isinstance(user, User)
    return user

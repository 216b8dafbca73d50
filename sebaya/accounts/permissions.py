"""Access helpers for account objects: 404 when the object is not the caller's."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import ApiToken, DataExport, Guardianship, User


def get_own_token(user: User, token_id: int) -> ApiToken:
    return get_object_or_404(ApiToken, pk=token_id, user=user)


def get_child_for_guardian(user: User, child_id: int) -> User:
    """A child the caller is a guardian of (404 for anyone else)."""
    return get_object_or_404(User, pk=child_id, guarded_by__guardian=user, erased_at__isnull=True)


def request_user(request: HttpRequest) -> User:
    """The logged-in user, typed. Callers are behind login_required or an API authenticator."""
    user = request.user
    assert isinstance(user, User)
    return user


def get_guardianship_of_child(user: User, child_id: int, guardianship_id: int) -> Guardianship:
    """A guardian link of a child the caller guards (404 otherwise)."""
    child = get_child_for_guardian(user, child_id)
    return get_object_or_404(Guardianship.objects.select_related("guardian", "minor"), pk=guardianship_id, minor=child)


def get_own_export(user: User, export_id: int) -> DataExport:
    """An export the caller asked for (404 for anyone else, even the person it is about)."""
    return get_object_or_404(DataExport.objects.select_related("subject"), pk=export_id, requested_by=user)

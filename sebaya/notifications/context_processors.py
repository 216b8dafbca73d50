from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """The unread count for the header, computed only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}

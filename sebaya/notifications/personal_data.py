"""What notifications hold about a person: their notices and e-mail choices."""

from __future__ import annotations

from typing import Any

from sebaya.accounts.models import User

from .models import EmailMute, Notification


def export(user: User) -> dict[str, Any]:
    return {
        "notifications": list(
            Notification.objects.filter(user=user).values("kind", "title", "body", "url", "created_at", "read_at")
        ),
        "muted_email_kinds": list(EmailMute.objects.filter(user=user).values_list("kind", flat=True)),
    }


def erase(user: User) -> None:
    Notification.objects.filter(user=user).delete()
    EmailMute.objects.filter(user=user).delete()

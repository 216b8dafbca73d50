"""What calendars hold about a person: whether they have a private feed link (never the secret)."""

from __future__ import annotations

from typing import Any

from sebaya.accounts.models import User

from .models import CalendarToken


def export(user: User) -> dict[str, Any]:
    return {
        "private_feed": list(CalendarToken.objects.filter(user=user).values("created_at", "revoked_at")),
    }


def erase(user: User) -> None:
    CalendarToken.objects.filter(user=user).delete()

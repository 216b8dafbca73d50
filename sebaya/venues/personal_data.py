"""What venues hold about a person: the homes they host."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sebaya.accounts.models import User

from .models import Venue


def export(user: User) -> dict[str, Any]:
    return {
        "homes_hosted": [
            {
                "community": v.community.name,
                "name": v.name,
                "address": v.address,
                "point": [v.lat, v.lng],
                "notes": v.notes,
            }
            for v in Venue.objects.filter(host__user=user).select_related("community")
        ]
    }


def erase(user: User) -> None:
    """A home's address is its host's personal data: the venue stays (past sessions were there)
    but without address, point or notes, and out of use."""
    Venue.objects.filter(host__user=user, kind=Venue.Kind.HOME).update(
        name=_("A former member's home"), address="", lat=None, lng=None, notes="", is_active=False, host=None
    )
    Venue.objects.filter(host__user=user).update(host=None)

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
    but without address or notes, out of use, and with its point blurred to about 10 km (a venue
    off-line must keep a point)."""
    for venue in Venue.objects.filter(host__user=user, kind=Venue.Kind.HOME):
        venue.name = _("A former member's home")
        venue.address = venue.notes = ""
        venue.lat = round(venue.lat, 1) if venue.lat is not None else None
        venue.lng = round(venue.lng, 1) if venue.lng is not None else None
        venue.is_active, venue.host = False, None
        venue.save(update_fields=["name", "address", "notes", "lat", "lng", "is_active", "host"])
    Venue.objects.filter(host__user=user).update(host=None)

"""Time-zone choices: Indonesia's three zones first, then every IANA zone."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

INDONESIAN_ZONES: list[tuple[str, Promise]] = [
    ("Asia/Jakarta", _("WIB — Western Indonesia (Jakarta, Sumatra, Java, West Kalimantan)")),
    ("Asia/Makassar", _("WITA — Central Indonesia (Bali, Sulawesi, Nusa Tenggara)")),
    ("Asia/Jayapura", _("WIT — Eastern Indonesia (Maluku, Papua)")),
]


@cache
def _other_zones() -> list[str]:
    first = {name for name, _label in INDONESIAN_ZONES}
    return sorted(z for z in zoneinfo.available_timezones() if z not in first and "/" in z and not z.startswith("Etc/"))


def timezone_choices() -> list[tuple[str, str | Promise]]:
    """Choices for a time-zone select: WIB, WITA and WIT with their names, then the rest A–Z."""
    return [*INDONESIAN_ZONES, *((z, z.replace("_", " ")) for z in _other_zones())]


def is_valid_timezone(name: str) -> bool:
    return name in {z for z, _label in INDONESIAN_ZONES} or name in _other_zones()

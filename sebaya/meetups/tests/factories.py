from __future__ import annotations

import datetime

from django.utils import timezone

from sebaya.communities.models import Membership
from sebaya.meetups.models import Meetup
from sebaya.meetups.services import meetup_create
from sebaya.skills.models import Skill
from sebaya.venues.models import Venue


def soon(hours: float = 48) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(microsecond=0)


def make_meetup(
    host: Membership,
    *,
    venue: Venue | None = None,
    capacity: int | None = None,
    publish: bool = True,
    hours: float = 48,
    **extra: object,
) -> Meetup:
    """A published guitar session two days from now, hosted (and scheduled) by ``host``."""
    start = soon(hours)
    kwargs: dict[str, object] = {
        "by": host,
        "host": host,
        "skill": Skill.objects.get(slug="guitar"),
        "title": "Gitar untuk pemula",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "venue": venue,
        "online_url": "" if venue else "https://meet.jit.si/sebaya-gitar",
        "capacity": capacity,
        "publish": publish,
    }
    kwargs.update(extra)
    return meetup_create(**kwargs)[0]  # type: ignore[arg-type,unused-ignore]

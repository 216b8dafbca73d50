"""Hours people already spend in scheduled sessions, as slots of a planned week.

Sessions scheduled by hand (or published from an earlier plan) in any community make their
hosts, co-hosts and the members going to them unavailable for the planner in those hours.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from sebaya.core.weekgrid import DAYS, FIRST_HOUR, HOURS_PER_DAY
from sebaya.meetups.models import Meetup, MeetupStatus, Rsvp, RsvpStatus

HOUR = datetime.timedelta(hours=1)
# A host is busy from the moment a session is scheduled, even as a draft; a member once they
# have said they are going (a minor's answer that waits for a guardian counts too).
HOSTING = (MeetupStatus.DRAFT, MeetupStatus.PUBLISHED)
ATTENDING = (RsvpStatus.GOING, RsvpStatus.PENDING_GUARDIAN)


def week_bounds(week_start: datetime.date, tz: datetime.tzinfo) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(week_start, datetime.time(0), tzinfo=tz)
    return start, start + datetime.timedelta(days=DAYS)


def slots_between(
    week_start: datetime.date, tz: datetime.tzinfo, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> set[int]:
    """The week's one-hour slots that overlap ``[starts_at, ends_at)``."""
    found: set[int] = set()
    for day in range(DAYS):
        date = week_start + datetime.timedelta(days=day)
        first = datetime.datetime.combine(date, datetime.time(FIRST_HOUR), tzinfo=tz)
        if first >= ends_at or first + HOURS_PER_DAY * HOUR <= starts_at:
            continue
        for h in range(HOURS_PER_DAY):
            begin = first + h * HOUR
            if begin < ends_at and begin + HOUR > starts_at:
                found.add(day * HOURS_PER_DAY + h)
    return found


def busy_slots(
    user_ids: Iterable[int],
    week_start: datetime.date,
    tz: datetime.tzinfo,
    *,
    exclude_meetup: int | None = None,
) -> dict[int, set[int]]:
    """For each user, the slots of the week they already spend in a scheduled session (three queries)."""
    ids = list(user_ids)
    lo, hi = week_bounds(week_start, tz)
    window = {"starts_at__lt": hi, "ends_at__gt": lo}
    rows: list[tuple[int, datetime.datetime, datetime.datetime]] = []
    hosted = Meetup.objects.filter(host__user_id__in=ids, status__in=HOSTING, **window)
    cohosted = Meetup.objects.filter(cohosts__user_id__in=ids, status__in=HOSTING, **window)
    going = Rsvp.objects.filter(
        membership__user_id__in=ids,
        status__in=ATTENDING,
        meetup__status=MeetupStatus.PUBLISHED,
        meetup__starts_at__lt=hi,
        meetup__ends_at__gt=lo,
    )
    if exclude_meetup is not None:
        hosted, cohosted = hosted.exclude(pk=exclude_meetup), cohosted.exclude(pk=exclude_meetup)
        going = going.exclude(meetup_id=exclude_meetup)
    rows += hosted.values_list("host__user_id", "starts_at", "ends_at")
    rows += cohosted.values_list("cohosts__user_id", "starts_at", "ends_at")
    rows += going.values_list("membership__user_id", "meetup__starts_at", "meetup__ends_at")
    busy: dict[int, set[int]] = defaultdict(set)
    for user_id, starts_at, ends_at in rows:
        busy[user_id] |= slots_between(week_start, tz, starts_at, ends_at)
    return dict(busy)

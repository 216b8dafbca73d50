"""Reading feeds back as a calendar app would, and making sessions to put in them.

Every feed is parsed twice: by ``vobject``, a reader that shares no code with the ``icalendar``
package that writes the feeds (it computes instants from the feed's own VTIMEZONE), and by
``icalendar``. The tests assert on what vobject reads, and every feed must read the same in both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
import vobject  # type: ignore[import-untyped,unused-ignore]
from django.http import HttpResponse
from django.utils import timezone

from sebaya.communities.models import Membership
from sebaya.meetups.models import Meetup
from sebaya.meetups.services import meetup_create
from sebaya.skills.models import Skill
from sebaya.venues.models import Venue

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Ev:
    uid: str
    sequence: int
    start: dt.datetime
    end: dt.datetime
    tzid: str
    status: str
    summary: str
    location: str
    description: str
    url: str


@dataclass(frozen=True)
class Feed:
    name: str
    prodid: str
    timezones: list[str]
    events: dict[str, Ev]

    def event(self, meetup: Meetup) -> Ev:
        return self.events[f"{meetup.uid}@sebaya"]

    def has(self, meetup: Meetup) -> bool:
        return f"{meetup.uid}@sebaya" in self.events


def read(response: HttpResponse) -> Feed:
    """The feed in ``response``, as vobject reads it, after checking that icalendar agrees."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('inline; filename="')
    assert response["Content-Disposition"].endswith('.ics"')
    cal = vobject.readOne(response.content.decode("utf-8"))
    events: dict[str, Ev] = {}
    for ve in cal.contents.get("vevent", []):
        events[ve.uid.value] = Ev(
            uid=ve.uid.value,
            sequence=int(ve.sequence.value),
            start=ve.dtstart.value,
            end=ve.dtend.value,
            tzid=ve.dtstart.params["X-VOBJ-ORIGINAL-TZID"][0],
            status=ve.status.value,
            summary=ve.summary.value,
            location=ve.location.value,
            description=ve.description.value,
            url=ve.url.value,
        )
    feed = Feed(
        name=cal.contents["x-wr-calname"][0].value,
        prodid=cal.prodid.value,
        timezones=[tz.tzid.value for tz in cal.contents.get("vtimezone", [])],
        events=events,
    )
    # Every TZID used must be defined in the feed itself (RFC 5545, 3.2.19).
    assert {e.tzid for e in events.values()} <= set(feed.timezones)

    other = icalendar.Calendar.from_ical(response.content)
    assert str(other["X-WR-CALNAME"]) == feed.name
    theirs = {str(e["UID"]): e for e in other.walk("VEVENT")}
    assert set(theirs) == set(events)
    for uid, ev in events.items():
        assert theirs[uid].start == ev.start and theirs[uid].end == ev.end
        assert theirs[uid]["SEQUENCE"] == ev.sequence
        assert str(theirs[uid]["STATUS"]) == ev.status
        assert str(theirs[uid]["LOCATION"]) == ev.location
    return feed


def wita_morning(days: int = 30, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock in Makassar, ``days`` days from now."""
    day = (timezone.now() + dt.timedelta(days=days)).astimezone(WITA)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def schedule(
    by: Membership,
    host: Membership,
    *,
    title: str = "Gitar dasar",
    venue: Venue | None = None,
    online_url: str = "",
    starts_at: dt.datetime | None = None,
    capacity: int | None = None,
    agenda: str = "",
    publish: bool = True,
    cohosts: tuple[Membership, ...] = (),
) -> Meetup:
    start = starts_at or wita_morning()
    [meetup] = meetup_create(
        by=by,
        host=host,
        skill=Skill.objects.get(slug="guitar"),
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue=venue,
        online_url=online_url,
        capacity=capacity,
        agenda=agenda,
        cohosts=cohosts,
        publish=publish,
    )
    return meetup

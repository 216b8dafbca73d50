"""iCalendar feeds of sessions: a member's own, a public community's, and one session's download.

Every event keeps ``<meetup.uid>@sebaya`` as its UID and the session's ``sequence`` as its
SEQUENCE, so a calendar app updates an event in place when a session moves and drops it when
the session is cancelled. Times are written in the community's time zone with its VTIMEZONE,
so "10:00 in Makassar" stays 10:00 WITA whatever the subscriber's own zone is.

What an event tells depends on whom the feed is for, never on who fetches it: a feed link is
shared with a calendar service that polls it without any log-in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.meetups.models import Meetup, MeetupStatus, Rsvp, RsvpStatus
from sebaya.meetups.permissions import can_see_address
from sebaya.meetups.services import community_zone

PRODID = "-//Sebaya//Sebaya//ID"
# Past sessions stay for a month, so that "what did we do last week" still shows in a calendar.
HISTORY = datetime.timedelta(days=30)
# Calendar apps poll at their own pace; this is the hint for those that listen to one.
REFRESH = datetime.timedelta(hours=1)
FEED_STATUSES = (MeetupStatus.PUBLISHED, MeetupStatus.DONE, MeetupStatus.CANCELLED)
PUBLIC_FEED_LANGUAGE = "id"


def meetup_url(meetup: Meetup) -> str:
    """The absolute link to a session's page."""
    try:
        path = reverse("meetups:detail", args=[meetup.community.slug, meetup.pk])
    except NoReverseMatch:
        # Keeps the feeds working on a site where the session pages are not mounted.
        path = f"/c/{meetup.community.slug}/sessions/{meetup.pk}/"
    return settings.SITE_URL + path


def _recent() -> datetime.datetime:
    return timezone.now() - HISTORY


def member_meetups(user: User) -> QuerySet[Meetup]:
    """Sessions a member hosts, co-hosts, or is going to or waitlisted for, in any community, and
    the same for each child they are a guardian of (a parent plans the family's week)."""
    people = Q(user=user) | Q(user__guarded_by__guardian=user)
    members = Membership.objects.filter(people).values("pk")
    cohosted = Meetup.cohosts.through.objects.filter(membership__in=members).values("meetup_id")
    answered = Rsvp.objects.filter(membership__in=members, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED]).values(
        "meetup_id"
    )
    return (
        Meetup.objects.filter(status__in=FEED_STATUSES, starts_at__gte=_recent())
        .filter(Q(host__in=members) | Q(pk__in=cohosted) | Q(pk__in=answered))
        .select_related("community", "skill", "venue")
        .order_by("starts_at")
    )


def community_meetups(community: Community) -> QuerySet[Meetup]:
    """A community's sessions for its public feed (cancelled ones too, so that calendars drop them)."""
    return (
        Meetup.objects.filter(community=community, status__in=FEED_STATUSES, starts_at__gte=_recent())
        .select_related("community", "skill", "venue")
        .order_by("starts_at")
    )


def location(meetup: Meetup, viewer: Membership | None) -> str:
    """Where the session is, as far as ``viewer`` may know it (None: anyone at all)."""
    venue = meetup.venue
    if meetup.is_online:
        link = meetup.online_url or (venue.online_url if venue is not None else "")
        # A video-call link lets anyone into a room where children may be: a feed gives it only
        # to members of the community, never to whoever holds a public feed.
        if link and viewer is not None and viewer.community_id == meetup.community_id:
            return link
        return venue.name if venue is not None else _("Online")
    assert venue is not None  # a session that is not online always has a venue
    if can_see_address(viewer, meetup):
        return ", ".join(part for part in (venue.name, venue.address) if part)
    return _("%(venue)s (address shared with confirmed participants)") % {"venue": venue.name}


def _description(meetup: Meetup, url: str, waitlisted: bool) -> str:
    lines = [_("Skill: %(skill)s") % {"skill": meetup.skill.name}]
    if waitlisted:
        lines.append(_("You are on the waitlist for this session."))
    if meetup.agenda.strip():
        lines += ["", meetup.agenda.strip()]
    # Several calendar apps hide the URL property, so the link goes in the text as well.
    lines += ["", url]
    return "\n".join(lines)


def _status(meetup: Meetup) -> str:
    if meetup.status == MeetupStatus.CANCELLED:
        return "CANCELLED"
    # Only those who may change a session can download a draft's .ics; it is not settled yet.
    if meetup.status == MeetupStatus.DRAFT:
        return "TENTATIVE"
    return "CONFIRMED"


def _event(meetup: Meetup, viewer: Membership | None, waitlisted: bool) -> Event:
    zone = community_zone(meetup.community)
    url = meetup_url(meetup)
    event = Event()
    event.add("uid", f"{meetup.uid}@sebaya")
    event.add("sequence", meetup.sequence)
    # Without a METHOD, DTSTAMP is when the event last changed (RFC 5545, 3.8.7.2); that also
    # keeps a feed byte-for-byte the same between two polls when nothing happened.
    event.add("dtstamp", meetup.updated_at.astimezone(datetime.UTC))
    event.add("created", meetup.created_at.astimezone(datetime.UTC))
    event.add("last-modified", meetup.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meetup.starts_at.astimezone(zone))
    event.add("dtend", meetup.ends_at.astimezone(zone))
    event.add("summary", meetup.title)
    event.add("description", _description(meetup, url, waitlisted))
    event.add("location", location(meetup, viewer))
    event.add("url", url)
    event.add("status", _status(meetup))
    return event


def _calendar(
    name: str,
    meetups: Iterable[Meetup],
    viewers: Mapping[int, Membership],
    waitlisted: frozenset[int] = frozenset(),
) -> bytes:
    """Write the calendar. ``viewers`` maps a community id to the feed owner's membership there."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    years: list[int] = []
    for meetup in meetups:
        cal.add_component(_event(meetup, viewers.get(meetup.community_id), meetup.pk in waitlisted))
        years += [meetup.starts_at.year, meetup.ends_at.year]
    if years:
        # A VTIMEZONE only for the years the feed spans keeps it short for zones with daylight saving.
        cal.add_missing_timezones(datetime.date(min(years) - 1, 1, 1), datetime.date(max(years) + 2, 1, 1))
    body: bytes = cal.to_ical()
    return body


def member_feed(user: User) -> bytes:
    """The member's own sessions, in the member's language."""
    meetups = list(member_meetups(user))
    # Where the guardian is no member themselves, they see a child's session as the child does
    # (a home's address included when the child is going): a parent must know where their child is.
    viewers = {m.community_id: m for m in Membership.objects.filter(user__guarded_by__guardian=user)}
    viewers.update({m.community_id: m for m in Membership.objects.filter(user=user)})
    waitlisted = frozenset(
        Rsvp.objects.filter(
            Q(membership__user=user) | Q(membership__user__guarded_by__guardian=user),
            status=RsvpStatus.WAITLISTED,
            meetup__in=[m.pk for m in meetups],
        ).values_list("meetup_id", flat=True)
    )
    with translation.override(user.language):
        return _calendar(_("My sessions · Sebaya"), meetups, viewers, waitlisted)


def community_feed(community: Community) -> bytes:
    """A public community's sessions, in Indonesian, with what anyone at all may know of them."""
    with translation.override(PUBLIC_FEED_LANGUAGE):
        return _calendar(f"{community.name} · Sebaya", community_meetups(community), {})


def meetup_feed(meetup: Meetup, viewer: Membership | None) -> bytes:
    """One session as an .ics file, as ``viewer`` may see it, in the active language."""
    viewers = {meetup.community_id: viewer} if viewer is not None else {}
    waitlisted = (
        frozenset([meetup.pk])
        if viewer is not None and meetup.rsvps.filter(membership=viewer, status=RsvpStatus.WAITLISTED).exists()
        else frozenset()
    )
    return _calendar(meetup.title, [meetup], viewers, waitlisted)

"""/calendar/<token>.ics: a member's own sessions, read by a calendar app without logging in."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from sebaya.calendars.models import CalendarToken
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.meetups.models import Meetup
from sebaya.meetups.services import meetup_cancel, meetup_rsvp, meetup_update
from sebaya.venues.tests.factories import VenueFactory

from .reader import WIB, WITA, read, schedule, wita_morning


def feed_url(user) -> str:
    return reverse("calendars:member_feed", args=[CalendarToken.objects.issue(user)])


def test_it_writes_wita_times_that_read_right_anywhere(client, wita, organiser, member, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    feed = read(client.get(feed_url(member)))
    ev = feed.event(meetup)
    assert ev.tzid == "Asia/Makassar" and feed.timezones == ["Asia/Makassar"]
    assert ev.start.astimezone(WITA).hour == 10
    # 10:00 WITA is 02:00 UTC, and 09:00 for someone in Jakarta (WIB).
    utc = ev.start.astimezone(dt.UTC)
    assert (utc.hour, utc.minute) == (2, 0)
    assert utc == meetup.starts_at
    assert ev.start.astimezone(WIB).hour == 9
    assert ev.end - ev.start == dt.timedelta(hours=2)


def test_it_describes_the_session(client, wita, organiser, member, venue, ms, settings):
    meetup = schedule(ms(organiser), ms(member), venue=venue, title="Gitar untuk pemula", agenda="Kunci C, G, Am.")
    feed = read(client.get(feed_url(member)))
    ev = feed.event(meetup)
    assert feed.prodid == "-//Sebaya//Sebaya//ID"
    assert ev.summary == "Gitar untuk pemula"
    assert ev.status == "CONFIRMED"
    assert ev.url == settings.SITE_URL + reverse("meetups:detail", args=[wita.slug, meetup.pk])
    assert "Guitar" in ev.description and "Kunci C, G, Am." in ev.description
    assert ev.location == "Perpustakaan Cilandak, Jl. Merdeka 1"


def test_the_uid_stays_and_the_sequence_grows_when_a_session_moves(client, wita, organiser, member, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    url = feed_url(member)
    before = read(client.get(url)).event(meetup)
    later = meetup.starts_at + dt.timedelta(hours=1)
    meetup_update(meetup=meetup, starts_at=later, ends_at=later + dt.timedelta(hours=2))
    after = read(client.get(url)).event(meetup)
    assert after.uid == before.uid == f"{meetup.uid}@sebaya"
    assert after.sequence > before.sequence
    assert after.start.astimezone(dt.UTC) == later


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, wita, organiser, member, guardian, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    meetup_rsvp(meetup=meetup, membership=ms(guardian), going=True)
    url = feed_url(guardian)
    before = read(client.get(url)).event(meetup)
    meetup_cancel(meetup=meetup)
    after = read(client.get(url)).event(meetup)
    assert after.status == "CANCELLED"
    assert after.sequence > before.sequence and after.uid == before.uid


def test_a_home_address_is_only_for_the_host_and_those_going(
    client, wita, organiser, facilitator, member, guardian, home_venue, ms
):
    # Maya hosts at her home; one seat: Gita takes it, Fajar waits.
    meetup = schedule(ms(organiser), ms(member), venue=home_venue, capacity=1)
    meetup_rsvp(meetup=meetup, membership=ms(guardian), going=True)
    assert meetup_rsvp(meetup=meetup, membership=ms(facilitator), going=True).status == "waitlisted"
    address = "Jl. Rahasia 7"
    assert address in read(client.get(feed_url(member))).event(meetup).location
    assert address in read(client.get(feed_url(guardian))).event(meetup).location
    waiting = read(client.get(feed_url(facilitator))).event(meetup)
    assert address not in waiting.location
    assert waiting.location == "Rumah Maya (address shared with confirmed participants)"
    assert "You are on the waitlist for this session." in waiting.description
    assert address not in client.get(feed_url(facilitator)).content.decode()


def test_it_lists_only_my_own_sessions(client, wita, organiser, facilitator, member, guardian, minor, venue, ms):
    hosting = schedule(ms(organiser), ms(member), venue=venue, title="Maya hosts")
    cohosting = schedule(ms(organiser), ms(facilitator), venue=venue, title="Maya co-hosts", cohosts=(ms(member),))
    going = schedule(ms(organiser), ms(facilitator), venue=venue, title="Maya goes")
    meetup_rsvp(meetup=going, membership=ms(member), going=True)
    others = schedule(ms(organiser), ms(facilitator), venue=venue, title="Gita goes")
    meetup_rsvp(meetup=others, membership=ms(guardian), going=True)
    declined = schedule(ms(organiser), ms(facilitator), venue=venue, title="Maya said no")
    meetup_rsvp(meetup=declined, membership=ms(member), going=True)
    meetup_rsvp(meetup=declined, membership=ms(member), going=False)
    draft = schedule(ms(organiser), ms(member), venue=venue, title="Maya's draft", publish=False)
    consent = schedule(ms(organiser), ms(facilitator), venue=venue, title="Ayu asks")
    assert meetup_rsvp(meetup=consent, membership=ms(minor), going=True).status == "pending_guardian"
    elsewhere = CommunityFactory(timezone="Asia/Jayapura")
    stranger = MembershipFactory(community=elsewhere, role="organiser")
    foreign = schedule(stranger, stranger, venue=VenueFactory(community=elsewhere), title="Another community")

    mine = read(client.get(feed_url(member)))
    assert {e.summary for e in mine.events.values()} == {"Maya hosts", "Maya co-hosts", "Maya goes"}
    assert all(mine.has(m) for m in (hosting, cohosting, going))
    assert not any(mine.has(m) for m in (others, declined, draft, consent, foreign))
    # A request still waiting for a guardian's consent is not a seat yet.
    assert not read(client.get(feed_url(minor))).events
    assert {e.summary for e in read(client.get(feed_url(guardian))).events.values()} == {"Gita goes"}


def test_it_gathers_sessions_of_all_my_communities_each_in_its_zone(client, wita, organiser, member, venue, ms):
    here = schedule(ms(organiser), ms(member), venue=venue)
    papua = CommunityFactory(timezone="Asia/Jayapura")
    there_ms = MembershipFactory(user=member, community=papua, role="organiser")
    there = schedule(there_ms, there_ms, venue=VenueFactory(community=papua), starts_at=wita_morning(days=31))
    feed = read(client.get(feed_url(member)))
    assert set(feed.timezones) == {"Asia/Makassar", "Asia/Jayapura"}
    assert feed.event(here).tzid == "Asia/Makassar"
    assert feed.event(there).tzid == "Asia/Jayapura"
    assert feed.event(there).start.astimezone(dt.UTC) == there.starts_at


def test_it_keeps_a_month_of_history(client, wita, organiser, member, venue, ms):
    recent = schedule(ms(organiser), ms(member), venue=venue, title="Last week")
    old = schedule(ms(organiser), ms(member), venue=venue, title="Two months ago")
    # Sessions can only be scheduled in the future, so move them into the past directly.
    Meetup.objects.filter(pk=recent.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=7), ends_at=timezone.now() - dt.timedelta(days=7, hours=-2),
        status="done",
    )  # fmt: skip
    Meetup.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=60), ends_at=timezone.now() - dt.timedelta(days=60, hours=-2),
    )  # fmt: skip
    feed = read(client.get(feed_url(member)))
    assert feed.has(recent) and not feed.has(old)


def test_it_speaks_the_owners_language(client, wita, organiser, guardian, facilitator, home_venue, ms):
    meetup = schedule(ms(organiser), ms(facilitator), venue=home_venue, capacity=1)
    meetup_rsvp(meetup=meetup, membership=ms(organiser), going=True)
    meetup_rsvp(meetup=meetup, membership=ms(guardian), going=True)  # waitlisted: the one seat is taken
    url = feed_url(guardian)
    feed = read(client.get(url))
    assert feed.name == "My sessions · Sebaya"
    assert "Skill: Guitar basics" in feed.event(meetup).description
    guardian.language = "id"
    guardian.save(update_fields=["language"])
    feed = read(client.get(url))
    ev = feed.event(meetup)
    assert feed.name == "Sesi saya · Sebaya"
    assert "Keterampilan: Gitar dasar" in ev.description
    assert "Anda ada di daftar tunggu sesi ini." in ev.description
    assert ev.location == "Rumah Maya (alamat dibagikan kepada peserta yang sudah pasti hadir)"


def test_an_unknown_revoked_or_inactive_link_is_not_found(client, member):
    assert client.get(reverse("calendars:member_feed", args=["nope"])).status_code == 404
    url = feed_url(member)
    assert client.get(url).status_code == 200
    CalendarToken.objects.revoke(member)
    assert client.get(url).status_code == 404
    url = feed_url(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_it_is_the_owners_feed_whoever_fetches_it(as_user, wita, organiser, member, outsider, home_venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=home_venue)
    url = feed_url(member)
    for person in (outsider, organiser):
        assert "Jl. Rahasia 7" in read(as_user(person).get(url)).event(meetup).location
    response = as_user(outsider).get(url)
    assert "private" in response["Cache-Control"]


def test_an_online_link_goes_to_members(client, wita, organiser, member, ms):
    meetup = schedule(ms(organiser), ms(member), online_url="https://meet.example.org/gitar")
    assert read(client.get(feed_url(member))).event(meetup).location == "https://meet.example.org/gitar"


def test_it_does_not_grow_queries_with_sessions(
    client, wita, organiser, member, venue, ms, django_assert_max_num_queries
):
    url = feed_url(member)
    for day in range(5):
        schedule(ms(organiser), ms(member), venue=venue, starts_at=wita_morning(days=20 + day))
    with django_assert_max_num_queries(6):
        assert len(read(client.get(url)).events) == 5


def test_an_unchanged_feed_answers_not_modified(client, wita, organiser, member, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    url = feed_url(member)
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    meetup_cancel(meetup=meetup)
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and read(changed).event(meetup).status == "CANCELLED"


def test_it_only_answers_reading(client, member):
    url = feed_url(member)
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_a_guardians_feed_has_her_childs_sessions(client, wita, organiser, member, guardian, minor, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    rsvp = meetup_rsvp(meetup=meetup, membership=ms(minor), going=True)
    from sebaya.meetups.services import rsvp_guardian_decide

    assert not read(client.get(feed_url(guardian))).has(meetup)  # still waiting for her consent
    rsvp_guardian_decide(rsvp=rsvp, guardian=guardian, approve=True)
    feed = read(client.get(feed_url(guardian)))
    assert feed.event(meetup).summary == meetup.title

"""/c/<slug>/calendar.ics: a public community's sessions, for anyone to subscribe to."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sebaya.communities.models import Community
from sebaya.meetups.services import meetup_cancel, meetup_rsvp

from .reader import WITA, read, schedule, wita_morning


def url(community: Community) -> str:
    return reverse("calendars:community_feed", args=[community.slug])


def test_anyone_reads_a_public_communitys_feed(
    client, as_user, wita, organiser, facilitator, member, minor, guardian, outsider, venue, ms
):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    feed = read(client.get(url(wita)))
    assert feed.name == "Lingkar Belajar · Sebaya"
    assert feed.event(meetup).start.astimezone(WITA).hour == 10
    assert feed.event(meetup).start.astimezone(dt.UTC).hour == 2
    for person in (organiser, facilitator, member, minor, guardian, outsider):
        assert read(as_user(person).get(url(wita))).has(meetup)


def test_an_unlisted_or_unknown_communitys_feed_is_not_found(client, as_user, community, organiser, member):
    community.visibility = Community.Visibility.UNLISTED
    community.save(update_fields=["visibility"])
    assert client.get(url(community)).status_code == 404
    # Not for its own members either: the feed is made to be shared, an unlisted community is not.
    assert as_user(organiser).get(url(community)).status_code == 404
    assert as_user(member).get(url(community)).status_code == 404
    assert client.get(reverse("calendars:community_feed", args=["no-such-place"])).status_code == 404


def test_it_lists_published_and_cancelled_sessions_but_no_drafts(client, wita, organiser, member, venue, ms):
    published = schedule(ms(organiser), ms(member), venue=venue)
    cancelled = schedule(ms(organiser), ms(member), venue=venue, starts_at=wita_morning(days=31))
    meetup_cancel(meetup=cancelled)
    draft = schedule(ms(organiser), ms(member), venue=venue, publish=False)
    feed = read(client.get(url(wita)))
    assert feed.event(published).status == "CONFIRMED"
    assert feed.event(cancelled).status == "CANCELLED"
    assert not feed.has(draft)


def test_it_never_tells_a_home_address_or_a_video_link(as_user, wita, organiser, member, guardian, home_venue, ms):
    at_home = schedule(ms(organiser), ms(member), venue=home_venue)
    meetup_rsvp(meetup=at_home, membership=ms(guardian), going=True)
    online = schedule(ms(organiser), ms(member), online_url="https://meet.example.org/rahasia")
    # Even fetched by the host, the feed is the public one.
    response = as_user(member).get(url(wita))
    feed = read(response)
    assert feed.event(at_home).location == "Rumah Maya (alamat dibagikan kepada peserta yang sudah pasti hadir)"
    assert feed.event(online).location == "Daring"
    body = response.content.decode()
    assert "Jl. Rahasia 7" not in body and "meet.example.org" not in body


def test_it_is_in_indonesian_whoever_asks(as_user, wita, organiser, member, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    assert member.language == "en"
    assert "Keterampilan: Gitar dasar" in read(as_user(member).get(url(wita))).event(meetup).description


def test_it_does_not_grow_queries_with_sessions(
    client, wita, organiser, member, venue, ms, django_assert_max_num_queries
):
    for day in range(5):
        schedule(ms(organiser), ms(member), venue=venue, starts_at=wita_morning(days=20 + day))
    with django_assert_max_num_queries(3):
        assert len(read(client.get(url(wita))).events) == 5

"""/c/<slug>/sessions/<id>.ics: one session to download, seen as its page is."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from sebaya.communities.models import Community
from sebaya.communities.tests.factories import CommunityFactory
from sebaya.meetups.models import Meetup
from sebaya.meetups.services import meetup_cancel, meetup_rsvp

from .reader import WIB, read, schedule


def url(meetup: Meetup, slug: str | None = None) -> str:
    return reverse("calendars:meetup_ics", args=[slug or meetup.community.slug, meetup.pk])


def test_anyone_who_can_see_the_session_downloads_it(
    client, as_user, wita, organiser, facilitator, member, minor, guardian, outsider, venue, ms
):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    response = client.get(url(meetup))
    assert response["Content-Disposition"] == f'inline; filename="lingkar-{meetup.pk}.ics"'
    ev = read(response).event(meetup)
    assert ev.start.astimezone(dt.UTC).hour == 2 and ev.start.astimezone(WIB).hour == 9
    for person in (organiser, facilitator, member, minor, guardian, outsider):
        assert read(as_user(person).get(url(meetup))).has(meetup)


def test_it_follows_the_session_page_in_an_unlisted_community(client, wita, organiser, member, venue, ms):
    # A session page is readable by whoever has the community's link; its .ics too.
    wita.visibility = Community.Visibility.UNLISTED
    wita.save(update_fields=["visibility"])
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    assert read(client.get(url(meetup))).has(meetup)


def test_a_draft_is_only_for_those_who_may_change_it(
    client, as_user, wita, organiser, facilitator, member, minor, guardian, outsider, venue, ms
):
    draft = schedule(ms(organiser), ms(guardian), venue=venue, publish=False)
    assert client.get(url(draft)).status_code == 404
    for person in (member, minor, outsider):
        assert as_user(person).get(url(draft)).status_code == 404
    for person in (organiser, facilitator, guardian):  # guardian hosts it
        assert read(as_user(person).get(url(draft))).event(draft).status == "TENTATIVE"


def test_a_cancelled_session_downloads_as_cancelled(client, wita, organiser, member, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    meetup_cancel(meetup=meetup)
    assert read(client.get(url(meetup))).event(meetup).status == "CANCELLED"


def test_a_home_address_is_for_the_host_and_those_going(
    client, as_user, wita, organiser, facilitator, member, guardian, outsider, home_venue, ms
):
    meetup = schedule(ms(organiser), ms(member), venue=home_venue)
    address = "Jl. Rahasia 7"
    assert address not in read(as_user(guardian).get(url(meetup))).event(meetup).location
    meetup_rsvp(meetup=meetup, membership=ms(guardian), going=True)
    assert address in read(as_user(guardian).get(url(meetup))).event(meetup).location
    assert address in read(as_user(member).get(url(meetup))).event(meetup).location  # the host, at home
    assert address in read(as_user(organiser).get(url(meetup))).event(meetup).location
    for person in (facilitator, outsider):
        assert address not in as_user(person).get(url(meetup)).content.decode()
    client.logout()
    assert address not in client.get(url(meetup)).content.decode()


def test_a_video_link_is_for_members(client, as_user, wita, organiser, member, guardian, outsider, ms):
    meetup = schedule(ms(organiser), ms(member), online_url="https://meet.example.org/gitar")
    assert read(as_user(guardian).get(url(meetup))).event(meetup).location == "https://meet.example.org/gitar"
    assert "meet.example.org" not in as_user(outsider).get(url(meetup)).content.decode()
    client.logout()
    assert "meet.example.org" not in client.get(url(meetup)).content.decode()


def test_it_is_not_found_under_another_community_or_id(client, wita, organiser, member, venue, ms):
    meetup = schedule(ms(organiser), ms(member), venue=venue)
    other = CommunityFactory()
    assert client.get(url(meetup, slug=other.slug)).status_code == 404
    assert client.get(reverse("calendars:meetup_ics", args=[wita.slug, meetup.pk + 1000])).status_code == 404

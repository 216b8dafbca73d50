"""The /calendar/ page: make, regenerate and switch off one's private feed link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.urls import reverse

from sebaya.accounts.models import hash_token
from sebaya.calendars.models import CalendarToken
from sebaya.communities.models import Community
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory

PAGE = reverse("calendars:page")
CREATE = reverse("calendars:create")
REVOKE = reverse("calendars:revoke")


def _new_link(client) -> str:
    response = client.post(CREATE)
    assert response.status_code == 200
    match = re.search(r'id="feed-url">([^<]+)<', response.content.decode())
    assert match, "the new link is shown"
    return match.group(1)


def _path(url: str) -> str:
    return urlsplit(url).path


def test_it_asks_anonymous_visitors_to_log_in(client, community):
    for url in (PAGE, CREATE, REVOKE):
        response = client.get(url) if url == PAGE else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not CalendarToken.objects.exists()


def test_it_says_there_is_no_link_yet(as_user, member):
    response = as_user(member).get(PAGE)
    assert response.status_code == 200
    assert "You have no calendar link yet." in response.content.decode()
    assert 'id="feed-url"' not in response.content.decode()


def test_it_shows_a_new_link_once_with_a_copy_button(as_user, member):
    client = as_user(member)
    response = client.post(CREATE)
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert 'data-copy="#feed-url"' in html
    assert "webcal://" in html
    assert "Google Calendar" in html and "Apple" in html and "Thunderbird" in html
    url = re.search(r'id="feed-url">([^<]+)<', html).group(1)
    raw = url.rsplit("/", 1)[1].removesuffix(".ics")
    token = CalendarToken.objects.get(user=member)
    # Only the hash is kept.
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    again = client.get(PAGE).content.decode()
    assert raw not in again
    assert "You have a calendar link" in again


def test_the_link_works_without_logging_in(as_user, client, member):
    url = _new_link(as_user(member))
    client.logout()
    assert client.get(_path(url)).status_code == 200


def test_regenerating_switches_off_the_old_link(as_user, client, member):
    logged_in = as_user(member)
    old = _new_link(logged_in)
    new = _new_link(logged_in)
    assert old != new
    assert CalendarToken.objects.filter(user=member).count() == 1
    client.logout()
    assert client.get(_path(old)).status_code == 404
    assert client.get(_path(new)).status_code == 200


def test_revoking_switches_the_link_off(as_user, member):
    client = as_user(member)
    url = _new_link(client)
    response = client.post(REVOKE)
    assert response.status_code == 302 and response["Location"] == PAGE
    assert client.get(_path(url)).status_code == 404
    assert "You have no calendar link yet." in client.get(PAGE).content.decode()
    # A new link after revoking works again.
    assert client.get(_path(_new_link(client))).status_code == 200


def test_it_changes_state_only_on_post(as_user, member):
    client = as_user(member)
    assert client.get(CREATE).status_code == 405
    assert client.get(REVOKE).status_code == 405
    assert not CalendarToken.objects.exists()


def test_one_member_cannot_touch_anothers_link(as_user, member, outsider):
    url = _new_link(as_user(member))
    client = as_user(outsider)
    client.post(REVOKE)
    _new_link(client)
    assert client.get(_path(url)).status_code == 200
    assert CalendarToken.objects.count() == 2


def test_every_person_may_have_a_link(as_user, organiser, facilitator, member, minor, guardian, outsider):
    for person in (organiser, facilitator, member, minor, guardian, outsider):
        assert as_user(person).get(PAGE).status_code == 200
        _new_link(as_user(person))
    assert CalendarToken.objects.count() == 6


def test_it_lists_the_feeds_of_my_public_communities_only(as_user, member, community):
    hidden = CommunityFactory(name="Lingkar Rahasia", visibility=Community.Visibility.UNLISTED)
    MembershipFactory(user=member, community=hidden)
    html = as_user(member).get(PAGE).content.decode()
    assert reverse("calendars:community_feed", args=[community.slug]) in html
    assert hidden.slug not in html

"""Probes: try to learn what must stay private through every page and every API field, as every role.

The world holds a home with a distinctive address, a minor with a distinctive full name and birth
date, and a member's private calendar token. Each role requests every GET page of the URL resolver
(with the world's ids filled in, as the access matrix does) and every GET operation of the OpenAPI
document; a secret may appear only in answers to those the product allows:

- the home's address: its host, the organisers and those confirmed as going to a session there;
- the minor's full name and birth date: the minor and her guardian;
- the calendar token: its owner.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation
from django.utils.formats import date_format

from config.api import api
from conftest import login
from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.core.tests.test_access_matrix import ROLES, World, _api_path, _patterns, _url_kwargs, world
from sebaya.discussions.tests.factories import make_thread
from sebaya.materials.tests.factories import make_material
from sebaya.meetups.services import meetup_rsvp, rsvp_guardian_decide
from sebaya.meetups.tests.factories import make_meetup
from sebaya.venues.models import Venue
from sebaya.venues.tests.factories import VenueFactory

__all__ = ["world"]  # the access matrix's world, extended below

ADDRESS = "Jalan Kenanga Rahasia No. 77"
SURNAME = "Pratamasari Wijayakusuma"
BIRTH_DATE = datetime.date(2014, 2, 19)


def _birth_date_spellings() -> list[str]:
    spellings = [BIRTH_DATE.isoformat(), BIRTH_DATE.strftime("%d/%m/%Y"), BIRTH_DATE.strftime("%d-%m-%Y")]
    for lang in ("id", "en"):
        with translation.override(lang):
            spellings.append(date_format(BIRTH_DATE, "DATE_FORMAT"))
    return spellings


@pytest.fixture
def probe_world(world: World, community: Community, member: User, facilitator: User, minor: User) -> dict[str, Any]:
    minor.display_name = f"Ayu {SURNAME}"
    minor.birth_date = BIRTH_DATE
    minor.save()
    home = VenueFactory(
        community=community,
        name="Rumah Maya",
        kind=Venue.Kind.HOME,
        address=ADDRESS,
        host=member.memberships.get(community=community),
        minors_ok=True,
    )
    at_home = make_meetup(member.memberships.get(community=community), venue=home)
    meetup_rsvp(meetup=at_home, membership=facilitator.memberships.get(community=community), going=True)
    # The minor asks to come too: her answer waits for her guardian, so she is not confirmed.
    meetup_rsvp(meetup=at_home, membership=minor.memberships.get(community=community), going=True)
    # Another session the minor goes to, with her guardian's consent: she is on its list of attendees.
    organiser_m = Membership.objects.get(community=community, role=Membership.Role.ORGANISER)
    online = make_meetup(organiser_m)
    consent = meetup_rsvp(meetup=online, membership=minor.memberships.get(community=community), going=True)
    rsvp_guardian_decide(rsvp=consent, guardian=minor.guardians().get(), approve=True)
    # And a session the minor hosts herself (online): her name is on its page and in the lists.
    hosted = make_meetup(minor.memberships.get(community=community))
    # What she writes: a thread (with a reply to her) and a note in her community's materials.
    thread = make_thread(minor, community, title="Pertanyaan tentang pecahan")
    make_thread(member, community, title="Balasan untuk adik-adik")
    material = make_material(community, minor, title="Catatan pecahan buatanku")
    world.kwargs.update({"meetup_id": at_home.pk, "venue_id": home.pk})
    minor_m = minor.memberships.get(community=community).pk
    slug = community.slug
    extra = [
        ("communities:member_detail", reverse("communities:member_detail", args=[slug, minor_m])),
        ("meetups:detail", reverse("meetups:detail", args=[slug, online.pk])),
        ("calendars:meetup_ics", reverse("calendars:meetup_ics", args=[slug, online.pk])),
        ("api:member_profile", f"/api/communities/{slug}/members/{minor_m}/profile"),
        ("api:attendees", f"/api/communities/{slug}/sessions/{online.pk}/attendees"),
        ("api:session", f"/api/communities/{slug}/sessions/{online.pk}"),
        ("meetups:detail", reverse("meetups:detail", args=[slug, hosted.pk])),
        ("meetups:attendance", reverse("meetups:attendance", args=[slug, online.pk])),
        ("api:session", f"/api/communities/{slug}/sessions/{hosted.pk}"),
        ("discussions:detail", reverse("discussions:detail", args=[slug, thread.pk])),
        ("api:thread", f"/api/communities/{slug}/threads/{thread.pk}"),
        ("materials:detail", reverse("materials:detail", args=[material.pk])),
        ("api:material", f"/api/materials/{material.pk}"),
        ("search:search", reverse("search:search") + "?q=pecahan"),
        ("api:search", "/api/search?q=pecahan"),
    ]
    secrets = {
        "address": ([ADDRESS], {"member", "organiser", "facilitator"}),
        "minor's full name": ([SURNAME], {"minor", "guardian"}),
        "minor's birth date": (_birth_date_spellings(), {"minor", "guardian"}),
        "calendar token": ([world.kwargs["calendar_token"]], {"member"}),
    }
    return {"world": world, "secrets": secrets, "extra": extra}


# The private feed is reached through its token, so whoever holds the link reads its owner's feed
# (with the addresses the owner may see): the token is the permission there.
TOKEN_IS_THE_KEY = {"calendars:member_feed"}


def _pages(w: World) -> list[tuple[str, str]]:
    urls = []
    for name, _route in _patterns(get_resolver().url_patterns):
        try:
            urls.append((name, reverse(name, kwargs=_url_kwargs(name, w))))
        except NoReverseMatch:  # pragma: no cover - a page the matrix would flag first
            continue
    return urls


def _api_gets(w: World) -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    ops = [f"GET /api{p}".replace("/api/api/", "/api/") for p, methods in paths.items() if "get" in methods]
    return [(op, _api_path(op, w)[1]) for op in ops]


def _leaks(probe: dict[str, Any]) -> list[str]:
    w: World = probe["world"]
    found = []
    targets = _pages(w) + _api_gets(w) + probe["extra"]
    for role in ROLES:
        client = Client()
        user = w.people[role]
        if user is not None:
            login(client, user)
        for name, url in targets:
            for lang in ("id", "en"):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
                raw = b"".join(response.streaming_content) if response.streaming else response.content
                body = raw.decode(errors="replace")
                for secret, (spellings, allowed) in probe["secrets"].items():
                    if role in allowed or (secret == "address" and name in TOKEN_IS_THE_KEY):
                        continue
                    if any(s in body for s in spellings):
                        found.append(f"{secret} shown to {role} by {name} ({url})")
    return found


def test_no_page_and_no_api_field_tells_a_secret_to_the_wrong_person(probe_world: dict[str, Any]) -> None:
    leaks = _leaks(probe_world)
    assert not leaks, "\n".join(sorted(set(leaks)))


def test_the_probes_would_notice_a_leak(probe_world: dict[str, Any], member: User, community: Community) -> None:
    """The secrets are there to be found by those allowed: the probe is not blind."""
    w: World = probe_world["world"]
    c = login(Client(), w.people["organiser"])
    assert ADDRESS in c.get(reverse("venues:detail", args=[community.slug, w.kwargs["venue_id"]])).content.decode()
    c = login(Client(), w.people["guardian"])
    assert SURNAME in c.get(reverse("accounts:profile")).content.decode()
    minor_m = Membership.objects.get(user=w.people["minor"])
    assert minor_m.user.display_name.endswith(SURNAME)

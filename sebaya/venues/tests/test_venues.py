from __future__ import annotations

import pytest
from django.urls import reverse

from sebaya.venues.models import Venue

pytestmark = pytest.mark.django_db


def venue_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Taman Langsat",
        "kind": "public",
        "address": "Jl. Barito II",
        "lat": "-6.237",
        "lng": "106.799",
        "online_url": "",
        "capacity": "20",
        "rooms": "2",
        "minors_ok": "on",
        "notes": "",
        "opening": ["70", "71"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_an_organiser_adds_a_venue(as_user, community, organiser) -> None:
    r = as_user(organiser).post(reverse("venues:new", args=[community.slug]), venue_form())
    assert r.status_code == 302
    v = Venue.objects.get(name="Taman Langsat")
    assert (v.capacity, v.rooms, v.minors_ok, v.opening) == (20, 2, True, [70, 71])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lat": ""}, "lat"),
        ({"kind": "online"}, "online_url"),
        ({"kind": "home"}, "host"),
        ({"capacity": "1"}, "capacity"),
        ({"rooms": "0"}, "rooms"),
        ({"opening": ["99999"]}, "opening"),
        ({"online_url": "javascript:alert(1)", "kind": "online"}, "online_url"),
    ],
)
def test_bad_venue_input_is_refused_and_kept(as_user, community, organiser, overrides, field) -> None:
    r = as_user(organiser).post(reverse("venues:new", args=[community.slug]), venue_form(**overrides))
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert 'value="Taman Langsat"' in r.content.decode()
    assert not Venue.objects.exists()


def test_an_online_venue_needs_no_point(as_user, community, organiser) -> None:
    r = as_user(organiser).post(
        reverse("venues:new", args=[community.slug]),
        venue_form(kind="online", lat="", lng="", online_url="https://meet.jit.si/sebaya", name="Daring"),
    )
    assert r.status_code == 302
    assert Venue.objects.get(name="Daring").lat is None


def test_a_minor_cannot_host_a_home_venue(as_user, community, organiser, minor) -> None:
    host = minor.memberships.get(community=community)
    r = as_user(organiser).post(reverse("venues:new", args=[community.slug]), venue_form(kind="home", host=host.pk))
    assert "host" in r.context["form"].errors


def test_a_homes_address_is_for_its_host_and_organisers_only(
    as_user, community, organiser, member, facilitator, home_venue
) -> None:
    url = reverse("venues:detail", args=[community.slug, home_venue.pk])
    assert "Jl. Rahasia 7" in as_user(organiser).get(url).content.decode()
    assert "Jl. Rahasia 7" in as_user(member).get(url).content.decode()  # the host
    page = as_user(facilitator).get(url).content.decode()
    assert "Jl. Rahasia 7" not in page and str(home_venue.lat) not in page
    assert (
        "Jl. Rahasia 7" not in as_user(facilitator).get(reverse("venues:list", args=[community.slug])).content.decode()
    )
    body = as_user(facilitator).get(f"/api/communities/{community.slug}/venues/{home_venue.pk}").json()
    assert body["address"] is None and body["lat"] is None
    body = as_user(member).get(f"/api/communities/{community.slug}/venues/{home_venue.pk}").json()
    assert body["address"] == "Jl. Rahasia 7"


def test_the_host_may_edit_their_home_but_not_another_venue(as_user, community, member, home_venue, venue) -> None:
    client = as_user(member)
    assert client.get(reverse("venues:edit", args=[community.slug, home_venue.pk])).status_code == 200
    assert client.get(reverse("venues:edit", args=[community.slug, venue.pk])).status_code == 403


def test_a_venue_of_another_community_is_invisible(as_user, organiser, community) -> None:
    from sebaya.venues.tests.factories import VenueFactory

    foreign = VenueFactory()
    r = as_user(organiser).get(reverse("venues:detail", args=[community.slug, foreign.pk]))
    assert r.status_code == 404
    r = as_user(organiser).get(f"/api/communities/{community.slug}/venues/{foreign.pk}")
    assert r.status_code == 404

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sebaya.meetups.tests.factories import make_meetup

pytestmark = pytest.mark.django_db


def test_schedule_rsvp_and_waitlist_through_the_api(as_user, community, organiser, member, facilitator, venue) -> None:
    start = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    body = {
        "title": "Catur sore",
        "skill": "chess",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
        "venue": venue.pk,
        "capacity": 1,
        "publish": True,
    }
    r = as_user(organiser).post(
        f"/api/communities/{community.slug}/sessions", data=body, content_type="application/json"
    )
    assert r.status_code == 201, r.json()
    session = r.json()[0]
    assert session["status"] == "published" and session["capacity"] == 1
    url = f"/api/communities/{community.slug}/sessions/{session['id']}/rsvp"
    assert as_user(member).put(url, data={"going": True}, content_type="application/json").json() == {
        "status": "going",
        "waitlist_position": None,
    }
    assert as_user(facilitator).put(url, data={"going": True}, content_type="application/json").json() == {
        "status": "waitlisted",
        "waitlist_position": 1,
    }
    r = as_user(organiser).patch(
        f"/api/communities/{community.slug}/sessions/{session['id']}",
        data={"capacity": 2},
        content_type="application/json",
    )
    assert r.json()["going"] == 2 and r.json()["waiting"] == 0  # the new seat went to the first in line


def test_bad_session_input_is_a_documented_error(as_user, community, organiser) -> None:
    start = timezone.now() - datetime.timedelta(days=1)
    body = {
        "title": "Lalu",
        "skill": "chess",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
        "online_url": "https://x.example",
    }
    r = as_user(organiser).post(
        f"/api/communities/{community.slug}/sessions", data=body, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "in_the_past"
    r = as_user(organiser).post(
        f"/api/communities/{community.slug}/sessions",
        data={**body, "starts_at": "1700000000"},
        content_type="application/json",
    )
    assert r.status_code == 422


def test_a_home_address_is_hidden_in_the_api_until_going(
    as_user, community, organiser, facilitator, home_venue
) -> None:
    m = make_meetup(organiser.memberships.get(community=community), venue=home_venue)
    url = f"/api/communities/{community.slug}/sessions/{m.pk}"
    assert as_user(facilitator).get(url).json()["address"] is None
    as_user(facilitator).put(url + "/rsvp", data={"going": True}, content_type="application/json")
    assert as_user(facilitator).get(url).json()["address"] == "Jl. Rahasia 7"


def test_feedback_summary_is_for_the_host_only(as_user, community, organiser, member) -> None:
    m = make_meetup(organiser.memberships.get(community=community))
    url = f"/api/communities/{community.slug}/sessions/{m.pk}/feedback"
    assert as_user(member).get(url).status_code == 403
    assert as_user(organiser).get(url).json() == {"count": 0, "usefulness": None, "pace": {}, "comments": []}


def test_the_session_list_counts_seats_without_a_query_per_session(
    as_user, community, organiser, member, django_assert_max_num_queries
) -> None:
    from sebaya.meetups.services import meetup_rsvp

    host = organiser.memberships.get(community=community)
    first = make_meetup(host, weeks=6)
    meetup_rsvp(meetup=first, membership=member.memberships.get(community=community), going=True)
    client = as_user(member)
    with django_assert_max_num_queries(8):
        rows = client.get(f"/api/communities/{community.slug}/sessions").json()
    assert len(rows) == 6
    assert [r["going"] for r in rows] == [1, 0, 0, 0, 0, 0]

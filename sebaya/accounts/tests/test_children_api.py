"""The API a family's app uses: children, their consent rule and pause, what waits for consent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import login
from sebaya.accounts.models import User
from sebaya.communities.models import Community, JoinRequest
from sebaya.communities.tests.factories import CommunityFactory
from sebaya.meetups.models import RsvpStatus
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.venues.models import Venue

pytestmark = pytest.mark.django_db


def test_it_lists_my_children(guardian: User, minor: User) -> None:
    body = login(Client(), guardian).get("/api/me/children").json()
    assert body == [
        {"id": minor.pk, "display_name": "Ayu Pratama Putri", "username": "ayu", "age": 12, "paused": False,
         "show_full_name": False, "auto_consent": []}
    ]  # fmt: skip


def test_it_sets_the_consent_rule(guardian: User, minor: User, community: Community) -> None:
    client = login(Client(), guardian)
    response = client.patch(
        f"/api/me/children/{minor.pk}", {"auto_consent": ["lingkar"], "show_full_name": True}, "application/json"
    )
    assert response.status_code == 200
    assert response.json()["auto_consent"] == ["lingkar"] and response.json()["show_full_name"] is True


def test_it_refuses_a_community_the_child_is_not_in(guardian: User, minor: User) -> None:
    CommunityFactory(slug="jauh")
    response = login(Client(), guardian).patch(
        f"/api/me/children/{minor.pk}", {"auto_consent": ["jauh"]}, "application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "not_member"


def test_it_pauses_and_resumes(guardian: User, minor: User) -> None:
    client = login(Client(), guardian)
    assert client.post(f"/api/me/children/{minor.pk}/pause").json()["paused"] is True
    assert client.post(f"/api/me/children/{minor.pk}/resume").json()["paused"] is False


def test_it_makes_a_login_link(guardian: User, minor: User) -> None:
    body = login(Client(), guardian).post(f"/api/me/children/{minor.pk}/login-link").json()
    path = body["url"][body["url"].index("/accounts/") :]
    assert Client().post(path).status_code == 302


def test_a_guardian_answers_from_the_api(guardian: User, minor: User, organiser: User, venue: Venue) -> None:
    rsvp = meetup_rsvp(meetup=make_meetup(organiser.memberships.get(), venue=venue), membership=minor.memberships.get(),
                       going=True)  # fmt: skip
    req = JoinRequest.objects.create(
        community=CommunityFactory(slug="lain"), user=minor, status=JoinRequest.Status.PENDING_GUARDIAN
    )
    client = login(Client(), guardian)
    pending = client.get("/api/me/consents").json()
    assert [s["id"] for s in pending["sessions"]] == [rsvp.pk]
    assert [j["id"] for j in pending["join_requests"]] == [req.pk]
    url = f"/api/me/consents/sessions/{rsvp.pk}/decision"
    assert client.post(url, {"approve": True}, "application/json").status_code == 204
    rsvp.refresh_from_db()
    assert rsvp.status in {RsvpStatus.GOING, RsvpStatus.WAITLISTED}
    url = f"/api/me/consents/join-requests/{req.pk}/decision"
    assert client.post(url, {"approve": False}, "application/json").status_code == 204


def test_another_adult_cannot_touch_the_child(member: User, minor: User) -> None:
    client: Any = login(Client(), member)
    assert client.post(f"/api/me/children/{minor.pk}/pause").status_code == 404
    assert client.patch(f"/api/me/children/{minor.pk}", {}, "application/json").status_code == 404

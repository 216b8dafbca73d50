"""A member who leaves the community: sessions they would host are cancelled, past ones stay, hosted
by a former member; their seats go to the waitlist (removal by a moderator: see the moderation tests)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sebaya.communities.services import membership_leave
from sebaya.meetups import services
from sebaya.meetups.models import Meetup, MeetupStatus, RsvpStatus
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _past(meetup: Meetup) -> Meetup:
    Meetup.objects.filter(pk=meetup.pk).update(
        starts_at=meetup.starts_at - datetime.timedelta(days=7), ends_at=meetup.ends_at - datetime.timedelta(days=7)
    )
    meetup.refresh_from_db()
    return meetup


def test_a_host_who_leaves_cancels_what_is_coming_and_keeps_what_was(
    community, organiser, member, facilitator, as_user
) -> None:
    host = member.memberships.get(community=community)
    coming = make_meetup(host)
    services.meetup_rsvp(meetup=coming, membership=facilitator.memberships.get(community=community), going=True)
    past = _past(make_meetup(host, hours=72))
    membership_leave(membership=host)
    assert not member.memberships.filter(community=community).exists()
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.status == MeetupStatus.CANCELLED and coming.host is None
    assert Notification.objects.filter(user=facilitator, kind=Kind.CANCELLED).exists()
    assert past.status != MeetupStatus.CANCELLED and past.host is None
    # The past session's page and the API name a former member.
    client = as_user(organiser)
    page = client.get(reverse("meetups:detail", args=[community.slug, past.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "former member" in page.content.decode()
    api = client.get(f"/api/communities/{community.slug}/sessions/{past.pk}")
    assert api.status_code == 200 and api.json()["host"] == "former member"


def test_a_member_who_leaves_frees_the_seat_for_the_waitlist(
    community, organiser, member, facilitator, guardian, django_capture_on_commit_callbacks
) -> None:
    m = make_meetup(organiser.memberships.get(community=community), capacity=1)
    services.meetup_rsvp(meetup=m, membership=member.memberships.get(community=community), going=True)
    waiting = services.meetup_rsvp(meetup=m, membership=guardian.memberships.get(community=community), going=True)
    assert waiting.status == RsvpStatus.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(membership=member.memberships.get(community=community))
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.GOING
    assert Notification.objects.filter(user=guardian, kind=Kind.PROMOTED).exists()


def test_the_last_other_attendee_leaving_the_community_flags_a_child_left_with_an_adult(
    community, organiser, member, minor, facilitator, venue
) -> None:
    m = make_meetup(member.memberships.get(community=community), venue=venue)
    child = services.meetup_rsvp(meetup=m, membership=minor.memberships.get(community=community), going=True)
    services.rsvp_guardian_decide(rsvp=child, guardian=minor.guardians().get(), approve=True)
    services.meetup_rsvp(meetup=m, membership=facilitator.memberships.get(community=community), going=True)
    membership_leave(membership=facilitator.memberships.get(community=community))
    m.refresh_from_db()
    assert m.flagged
    assert Notification.objects.filter(user=organiser, kind=Kind.SAFEGUARDING).exists()

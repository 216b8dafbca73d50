"""A guardian's standing consent: sessions at venues suitable for minors in one community seat the child at once."""

from __future__ import annotations

import pytest

from sebaya.accounts.models import StandingConsent, User
from sebaya.accounts.services import standing_consent_set
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import Community
from sebaya.meetups.models import RsvpStatus
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification
from sebaya.venues.models import Venue
from sebaya.venues.tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def standing(guardian: User, minor: User, community: Community) -> None:
    standing_consent_set(guardian=guardian, child=minor, community_ids={community.pk})


def test_it_seats_the_child_at_once(
    standing: None, minor: User, member: User, organiser: User, venue: Venue, guardian: User
) -> None:
    meetup = make_meetup(organiser.memberships.get(), venue=venue)
    meetup_rsvp(meetup=meetup, membership=member.memberships.get(), going=True)
    rsvp = meetup_rsvp(meetup=meetup, membership=minor.memberships.get(), going=True)
    assert rsvp.status == RsvpStatus.GOING
    assert AuditEvent.objects.filter(action=Action.CONSENT_GIVEN, subject=minor, data__rule="standing").count() == 2
    assert Notification.objects.filter(user=guardian, kind=Kind.RSVP_CONSENT).exists()


def test_without_the_rule_the_answer_waits(minor: User, member: User, organiser: User, venue: Venue) -> None:
    meetup = make_meetup(organiser.memberships.get(), venue=venue)
    meetup_rsvp(meetup=meetup, membership=member.memberships.get(), going=True)
    assert (
        meetup_rsvp(meetup=meetup, membership=minor.memberships.get(), going=True).status == RsvpStatus.PENDING_GUARDIAN
    )


def test_an_online_session_still_waits(standing: None, minor: User, organiser: User) -> None:
    meetup = make_meetup(organiser.memberships.get())
    assert (
        meetup_rsvp(meetup=meetup, membership=minor.memberships.get(), going=True).status == RsvpStatus.PENDING_GUARDIAN
    )


def test_a_session_alone_with_an_adult_still_waits(standing: None, minor: User, organiser: User, venue: Venue) -> None:
    # Only the host and the child: the one-to-one rule sends it to the guardian.
    meetup = make_meetup(organiser.memberships.get(), venue=venue)
    assert (
        meetup_rsvp(meetup=meetup, membership=minor.memberships.get(), going=True).status == RsvpStatus.PENDING_GUARDIAN
    )


def test_another_community_is_not_covered(
    standing: None, guardian: User, minor: User, member: User, organiser: User, community: Community
) -> None:
    from sebaya.communities.models import Membership
    from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory

    other = CommunityFactory(slug="lain")
    host = MembershipFactory(user=organiser, community=other, role=Membership.Role.ORGANISER)
    MembershipFactory(user=member, community=other)
    child_m = MembershipFactory(user=minor, community=other)
    meetup = make_meetup(host, venue=VenueFactory(community=other))
    meetup_rsvp(meetup=meetup, membership=member.memberships.get(community=other), going=True)
    assert meetup_rsvp(meetup=meetup, membership=child_m, going=True).status == RsvpStatus.PENDING_GUARDIAN


def test_a_community_the_child_is_not_in_is_ignored(guardian: User, minor: User) -> None:
    from sebaya.communities.tests.factories import CommunityFactory

    standing_consent_set(guardian=guardian, child=minor, community_ids={CommunityFactory(slug="jauh").pk})
    assert not StandingConsent.objects.exists()

"""Named people for every test, as in a real community.

- ``organiser`` runs ``community``; ``facilitator`` and ``member`` belong to it;
- ``minor`` (12) belongs to it too, and ``guardian`` is her parent (a member as well);
- ``outsider`` has an account but belongs to no community of theirs.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sebaya.accounts.models import User
from sebaya.accounts.tests.factories import GuardianshipFactory, MinorFactory, UserFactory
from sebaya.communities.models import Community, Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.core.testing import ensure_catalogue
from sebaya.skills.models import LearnSkill, Skill, TeachSkill
from sebaya.venues.models import Venue
from sebaya.venues.tests.factories import VenueFactory


@pytest.fixture
def community(db: Any) -> Community:
    return CommunityFactory(slug="lingkar", name="Lingkar Belajar")


@pytest.fixture
def organiser(community: Community) -> User:
    user = UserFactory(email="olivia@example.org", display_name="Olivia Organiser")
    MembershipFactory(user=user, community=community, role=Membership.Role.ORGANISER)
    return user


@pytest.fixture
def facilitator(community: Community) -> User:
    user = UserFactory(email="fajar@example.org", display_name="Fajar Facilitator")
    MembershipFactory(user=user, community=community, role=Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def member(community: Community) -> User:
    user = UserFactory(email="maya@example.org", display_name="Maya Member")
    m = MembershipFactory(user=user, community=community)
    TeachSkill.objects.create(membership=m, skill=Skill.objects.get(slug="guitar"), level=4)
    return user


@pytest.fixture
def guardian(community: Community) -> User:
    user = UserFactory(email="gita@example.org", display_name="Gita Guardian")
    MembershipFactory(user=user, community=community)
    return user


@pytest.fixture
def minor(community: Community, guardian: User) -> User:
    child = MinorFactory(username="ayu", display_name="Ayu Pratama Putri")
    GuardianshipFactory(guardian=guardian, minor=child)
    m = MembershipFactory(user=child, community=community, home_area="Cilandak")
    LearnSkill.objects.create(membership=m, skill=Skill.objects.get(slug="guitar"), level=1, priority=3)
    return child


@pytest.fixture
def outsider(db: Any) -> User:
    return UserFactory(email="omar@example.org", display_name="Omar Outsider")


@pytest.fixture
def venue(community: Community) -> Venue:
    return VenueFactory(community=community, name="Perpustakaan Cilandak")


@pytest.fixture
def home_venue(community: Community, member: User) -> Venue:
    return VenueFactory(
        community=community,
        name="Rumah Maya",
        kind=Venue.Kind.HOME,
        address="Jl. Rahasia 7",
        host=member.memberships.get(community=community),
    )


@pytest.fixture
def catalogue(transactional_db: Any) -> None:
    """For transactional tests: the skills catalogue, reloaded if an earlier one emptied it."""
    ensure_catalogue()


def login(client: Client, user: User) -> Client:
    client.force_login(user, backend="sebaya.accounts.backends.EmailOrUsernameBackend")
    return client


@pytest.fixture
def as_user(client: Client) -> Any:
    """``as_user(alice)`` logs the test client in as alice and returns it."""
    return lambda user: login(client, user)

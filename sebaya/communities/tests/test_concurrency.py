"""Concurrent writers never corrupt a community: real threads, real database locks."""

from __future__ import annotations

import pytest

from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities import services
from sebaya.communities.models import Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.core.testing import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_organisers_demoting_each_other_at_once_leave_one_organiser() -> None:
    community = CommunityFactory()
    a = MembershipFactory(community=community, role=Membership.Role.ORGANISER)
    b = MembershipFactory(community=community, role=Membership.Role.ORGANISER)
    results = run_together(
        lambda: services.membership_set_role(membership=a, role="member", by=b.user),
        lambda: services.membership_set_role(membership=b, role="member", by=a.user),
    )
    assert sorted(results) == ["last_organiser", "ok"]
    assert Membership.objects.filter(community=community, role=Membership.Role.ORGANISER).count() == 1


def test_two_organisers_leaving_at_once_leave_one_organiser() -> None:
    community = CommunityFactory()
    a = MembershipFactory(community=community, role=Membership.Role.ORGANISER)
    b = MembershipFactory(community=community, role=Membership.Role.ORGANISER)
    results = run_together(
        lambda: services.membership_leave(membership=a), lambda: services.membership_leave(membership=b)
    )
    assert sorted(results) == ["last_organiser", "ok"]
    assert Membership.objects.filter(community=community, role=Membership.Role.ORGANISER).count() == 1


def test_a_double_click_on_an_invite_makes_one_membership() -> None:
    community = CommunityFactory()
    organiser = MembershipFactory(community=community, role=Membership.Role.ORGANISER).user
    invite = services.invite_create(community=community, by=organiser)
    newcomer = UserFactory()
    results = run_together(*[lambda: services.community_join(user=newcomer, community=community, invite=invite)] * 4)
    assert sorted(results) == ["already_member"] * 3 + ["ok"]
    assert Membership.objects.filter(community=community, user=newcomer).count() == 1

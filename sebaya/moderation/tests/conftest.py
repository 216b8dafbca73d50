from __future__ import annotations

from typing import Any

import pytest

from sebaya.accounts.models import User
from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities.models import Community, Membership
from sebaya.moderation.models import Report
from sebaya.moderation.registry import target_for
from sebaya.moderation.services import report_create


@pytest.fixture
def operator(db: Any) -> User:
    return UserFactory(email="oscar@example.org", display_name="Oscar Operator", is_staff=True)


@pytest.fixture
def report_about_member(community: Community, guardian: User, member: User) -> Report:
    """Gita (a guardian) reports Maya (an adult member)."""
    return report_create(
        reporter=guardian,
        community=community,
        target=target_for("member"),
        obj=Membership.objects.get(user=member, community=community),
        reason="harassment",
        details="Maya shouted at the children after the session.",
    )

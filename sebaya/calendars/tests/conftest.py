from __future__ import annotations

from typing import Any

import pytest

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership


@pytest.fixture
def wita(community: Community) -> Community:
    """The test community, scheduling in Makassar time (WITA, UTC+8)."""
    community.timezone = "Asia/Makassar"
    community.save(update_fields=["timezone"])
    return community


@pytest.fixture
def ms(community: Community) -> Any:
    """``ms(maya)`` is Maya's membership of the test community."""

    def membership(user: User) -> Membership:
        return user.memberships.get(community=community)

    return membership

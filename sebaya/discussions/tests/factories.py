from __future__ import annotations

from typing import Any

from sebaya.communities.models import Community
from sebaya.discussions.models import Thread
from sebaya.discussions.services import thread_create


def make_thread(user: Any, community: Community, **extra: Any) -> Thread:
    """A thread started by ``user`` in ``community``."""
    kwargs: dict[str, Any] = {"title": "Akor gitar yang sulit", "body": "Bagaimana cara belajar akor F?"}
    kwargs.update(extra)
    return thread_create(community=community, by=user.memberships.get(community=community), **kwargs)

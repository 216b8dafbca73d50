"""The kinds of things a member can report, registered in a few lines by the app that owns them.

Example (a materials app, in its ``AppConfig.ready``)::

    from sebaya.moderation.registry import register

    register(
        "material",
        Material,
        fetch=lambda user, community, pk: get_material(user, community.slug, pk),  # 404 when invisible
        community=lambda m: m.community,
        author=lambda m: m.author,  # the Membership answerable for it, or None
        involves_minor=lambda m: m.author.user.is_minor,
        describe=lambda m: m.title,
        url=lambda m: reverse("materials:detail", args=[m.community.slug, m.pk]),
        hide=lambda m, by: material_hide(material=m, by=by),
    )

``fetch`` goes through the owning app's permission helper, so nobody can report (or learn about)
what they cannot see. ``hide`` is optional: without it moderators cannot hide that kind of thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from sebaya.accounts.models import User
    from sebaya.communities.models import Community, Membership


@dataclass(frozen=True)
class Target:
    kind: str
    model: type[models.Model]
    fetch: Callable[[Any, Community, int], Any]
    community: Callable[[Any], Community]
    author: Callable[[Any], Membership | None]
    involves_minor: Callable[[Any], bool]
    describe: Callable[[Any], str]
    url: Callable[[Any], str]
    hide: Callable[[Any, User], None] | None = None
    # Things that travel beyond their community (the public commons) may be reported by anyone
    # logged in who can see them, not only by members of the community that owns them.
    open_to_readers: bool = False


_TARGETS: dict[str, Target] = {}


def register(
    kind: str,
    model: type[models.Model],
    *,
    fetch: Callable[[Any, Community, int], Any],
    community: Callable[[Any], Community],
    author: Callable[[Any], Membership | None],
    involves_minor: Callable[[Any], bool],
    describe: Callable[[Any], str],
    url: Callable[[Any], str],
    hide: Callable[[Any, User], None] | None = None,
    open_to_readers: bool = False,
) -> Target:
    """Make ``model`` reportable under the name ``kind`` (used in links and the API)."""
    target = Target(kind, model, fetch, community, author, involves_minor, describe, url, hide, open_to_readers)
    _TARGETS[kind] = target
    return target


def target_for(kind: str) -> Target:
    """The registered kind, or 404 (an unknown kind in a link is a page that does not exist)."""
    try:
        return _TARGETS[kind]
    except KeyError:
        raise Http404 from None


def kinds() -> list[str]:
    return sorted(_TARGETS)


def load(kind: str, object_id: int) -> Any | None:
    """The target of a report as stored now (no permission check: for moderators), or None if gone."""
    target = _TARGETS.get(kind)
    if target is None:
        return None
    return target.model._default_manager.filter(pk=object_id).first()

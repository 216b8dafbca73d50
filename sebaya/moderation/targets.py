"""People and sessions can be reported; materials and posts register from their own apps."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import get_visible_membership
from sebaya.meetups.models import Meetup, RsvpStatus
from sebaya.meetups.permissions import get_meetup

from .registry import register


def _meetup_involves_minor(meetup: Meetup) -> bool:
    host = meetup.host_user
    if host is not None and host.is_minor:
        return True
    going = meetup.rsvps.filter(status__in=[RsvpStatus.GOING, RsvpStatus.PENDING_GUARDIAN])
    return any(r.membership.user.is_minor for r in going.select_related("membership__user"))


def _member_label(m: Membership) -> str:
    # Moderators see the display name; a minor is named by first name and initial in reports too.
    return m.user.public_name


def _fetch_meetup(user: Any, community: Community, pk: int) -> Meetup:
    return get_meetup(user, community.slug, pk)[1]


register(
    "member",
    Membership,
    fetch=get_visible_membership,
    community=lambda m: m.community,
    author=lambda m: m,
    involves_minor=lambda m: m.user.is_minor,
    describe=_member_label,
    url=lambda m: reverse("communities:member_detail", args=[m.community.slug, m.pk]),
)

register(
    "session",
    Meetup,
    fetch=_fetch_meetup,
    community=lambda m: m.community,
    author=lambda m: m.host,
    involves_minor=_meetup_involves_minor,
    describe=lambda m: m.title,
    url=lambda m: reverse("meetups:detail", args=[m.community.slug, m.pk]),
)

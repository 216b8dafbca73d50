"""Who may see a session, its home address and its attendees, and who may change it.

Published (and past or cancelled) sessions can be read by whoever can read their community;
a draft only by those who may change it (404 for anyone else). The host, co-hosts, organisers and
facilitators change a session (403 for other members). A home's address is for the host, the
organisers, the home's own host and the members confirmed as going — nobody else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import AnyUser, get_community, membership_of

from .models import Meetup, RsvpStatus


def can_change(viewer: Membership | None, meetup: Meetup) -> bool:
    if viewer is None or viewer.community_id != meetup.community_id:
        return False
    return viewer.can_facilitate or viewer.pk == meetup.host_id or meetup.cohosts.filter(pk=viewer.pk).exists()


def get_meetup(user: AnyUser, slug: str, meetup_id: int) -> tuple[Community, Meetup, Membership | None]:
    community = get_community(slug)
    meetup = get_object_or_404(
        Meetup.objects.select_related("skill", "venue", "host__user", "community"), pk=meetup_id, community=community
    )
    viewer = membership_of(user, community)
    if not meetup.is_visible_to_all and not can_change(viewer, meetup):
        raise Http404
    return community, meetup, viewer


def get_rw_meetup(user: AnyUser, slug: str, meetup_id: int) -> tuple[Community, Meetup, Membership]:
    community, meetup, viewer = get_meetup(user, slug, meetup_id)
    if viewer is None or not can_change(viewer, meetup):
        raise PermissionDenied
    return community, meetup, viewer


def get_member_meetup(user: AnyUser, slug: str, meetup_id: int) -> tuple[Community, Meetup, Membership]:
    """A session for an action only members take (RSVP, check-in, feedback): 403 for others."""
    community, meetup, viewer = get_meetup(user, slug, meetup_id)
    if viewer is None:
        raise PermissionDenied
    return community, meetup, viewer


def can_see_address(viewer: Membership | None, meetup: Meetup) -> bool:
    venue = meetup.venue
    if venue is None or not venue.is_home:
        return True
    if viewer is None or viewer.community_id != meetup.community_id:
        return False
    if viewer.is_organiser or viewer.pk in {meetup.host_id, venue.host_id}:
        return True
    return meetup.rsvps.filter(membership=viewer, status=RsvpStatus.GOING).exists()

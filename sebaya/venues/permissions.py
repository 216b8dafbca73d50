"""Who may see a venue, its address, and change it.

Venues are for the community's members (404 for anyone else). A home's address and point are
for its host and the community's organisers only; any other venue's address is for all members.
Organisers change any venue; a home's host changes their own home.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import AnyUser, membership_of

from .models import Venue


def venues_for(viewer: Membership) -> QuerySet[Venue]:
    return Venue.objects.filter(community_id=viewer.community_id).select_related("host__user")


def get_venue_for_user(user: AnyUser, community: Community, venue_id: int) -> tuple[Venue, Membership]:
    viewer = membership_of(user, community)
    if viewer is None:
        raise Http404
    return get_object_or_404(venues_for(viewer), pk=venue_id), viewer


def get_rw_venue_for_user(user: AnyUser, community: Community, venue_id: int) -> tuple[Venue, Membership]:
    venue, viewer = get_venue_for_user(user, community, venue_id)
    if not can_change(viewer, venue):
        raise PermissionDenied
    return venue, viewer


def can_change(viewer: Membership, venue: Venue) -> bool:
    return viewer.is_organiser or (venue.is_home and venue.host_id == viewer.pk)


def can_see_address(viewer: Membership, venue: Venue) -> bool:
    """Members see where public places and cafés are; a home's address stays with its host and organisers."""
    if not venue.is_home:
        return True
    return viewer.is_organiser or venue.host_id == viewer.pk

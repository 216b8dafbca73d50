"""Who may read which calendar feed.

A member's feed is read by whoever holds its secret link (calendar apps cannot log in): an
unknown or revoked link is a 404, like a page that does not exist. A community's feed is for
public communities only (404 otherwise), since it is made to be shared. One session's .ics
follows the session's page: ``sebaya.meetups.permissions.get_meetup``.
"""

from __future__ import annotations

from django.http import Http404

from sebaya.accounts.models import User
from sebaya.communities.models import Community
from sebaya.communities.permissions import get_community

from .models import CalendarToken


def get_feed_owner(token: str) -> User:
    """The member whose working feed link carries ``token``; 404 for an unknown or revoked one."""
    user = CalendarToken.objects.owner(token)
    if user is None:
        raise Http404
    return user


def get_public_community(slug: str) -> Community:
    """A community listed in the directory; 404 for an unlisted or unknown one."""
    community = get_community(slug)
    if community.visibility != Community.Visibility.PUBLIC:
        raise Http404
    return community

"""What communities hold about a person: memberships (with home area and free hours) and join requests."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.core.errors import Conflict

from .models import Community, Invite, JoinRequest, Membership


def export(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "community": m.community.name,
                "role": m.role,
                "joined_at": m.joined_at,
                "home_area": m.home_area,
                "home_point": [m.home_lat, m.home_lng] if m.has_home_point else None,
                "max_travel_km": m.max_travel_km,
                "max_sessions": m.max_sessions,
                "max_teach": m.max_teach,
                "availability": m.availability,
                "languages": m.languages,
            }
            for m in Membership.objects.filter(user=user).select_related("community")
        ],
        "join_requests": [
            {"community": r.community.name, "message": r.message, "status": r.status, "created_at": r.created_at}
            for r in JoinRequest.objects.filter(user=user).select_related("community")
        ],
        "communities_created": list(Community.objects.filter(created_by=user).values_list("name", flat=True)),
    }


def erase(user: User) -> None:
    """Memberships stay as a "former member" (past sessions and attendance refer to them) but lose
    every personal detail; the last organiser of a community must hand it over first."""
    for m in Membership.objects.filter(user=user, role=Membership.Role.ORGANISER).select_related("community"):
        others = Membership.objects.filter(community=m.community, role=Membership.Role.ORGANISER).exclude(user=user)
        if not others.filter(user__erased_at__isnull=True).exists():
            raise Conflict(
                _("You are the last organiser of %(community)s. Make another member an organiser first.")
                % {"community": m.community.name},
                code="last_organiser",
            )
    Membership.objects.filter(user=user).update(
        role=Membership.Role.MEMBER, home_area="", home_lat=None, home_lng=None, availability=[], languages=[]
    )
    JoinRequest.objects.filter(user=user).delete()
    JoinRequest.objects.filter(decided_by=user).update(decided_by=None)
    Community.objects.filter(created_by=user).update(created_by=None)
    Invite.objects.filter(created_by=user).update(created_by=None)

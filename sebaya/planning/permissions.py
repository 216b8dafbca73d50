"""Who may see and change plans, and who may decline a planned session.

Plans are for the community's organisers (403 for anyone else, 404 for a run of another
community). A planned session may be declined by the member who teaches or learns in it, or by
that member's guardian: the session's page is readable as any session is (404 when it is not),
a session that did not come from a plan is 404 here, and anyone else gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import AnyUser, get_organised_community
from sebaya.meetups.models import Meetup
from sebaya.meetups.permissions import get_meetup

from .models import PlannedSession, PlanRun


def get_plan_run(user: AnyUser, slug: str, run_id: int) -> tuple[Community, Membership, PlanRun]:
    """A community's plan run for one of its organisers."""
    community, organiser = get_organised_community(user, slug)
    return community, organiser, get_object_or_404(PlanRun, pk=run_id, community=community)


def involved(user: AnyUser, meetup: Meetup) -> list[Membership]:
    """The memberships ``user`` answers for (their own, their children's) that take part in
    ``meetup`` or did: its host, and anyone who answered it."""
    if not user.is_authenticated:
        return []
    people = Membership.objects.filter(community=meetup.community_id).select_related("user")
    mine = people.filter(user_id=user.pk) | people.filter(user__guarded_by__guardian_id=user.pk)
    answered = set(meetup.rsvps.values_list("membership_id", flat=True)) | {meetup.host_id}
    return [m for m in mine.distinct().order_by("pk") if m.pk in answered]


def get_declinable(
    user: AnyUser, slug: str, meetup_id: int, member_id: int | None = None
) -> tuple[Community, Meetup, PlannedSession, list[Membership]]:
    """A planned session and the memberships the user may decline it for (``member_id`` alone, if given)."""
    community, meetup, _viewer = get_meetup(user, slug, meetup_id)
    planned = get_object_or_404(PlannedSession.objects.select_related("run__community"), meetup=meetup)
    choices = involved(user, meetup)
    if member_id is not None:
        choices = [m for m in choices if m.pk == member_id]
    if not choices:
        raise PermissionDenied
    return community, meetup, planned, choices

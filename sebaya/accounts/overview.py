"""What a guardian sees of their child: communities, schedule, answers, attendance, progress and
everything the child posts (each app adds its part through ``personal_data.child_activity``)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone

from sebaya.core.personal_data import collect_child_activity

from .models import StandingConsent, User


def child_overview(child: User) -> dict[str, Any]:
    # Imported here because these apps build on accounts, not the other way round.
    from sebaya.communities.models import JoinRequest, Membership
    from sebaya.meetups.models import Feedback, Rsvp, RsvpStatus
    from sebaya.skills.models import LearnSkill, TeachSkill

    now = timezone.now()
    rsvps = Rsvp.objects.filter(membership__user=child).select_related(
        "meetup__community", "meetup__venue", "meetup__skill"
    )
    upcoming = rsvps.filter(meetup__ends_at__gt=now).exclude(status=RsvpStatus.NOT_GOING).order_by("meetup__starts_at")
    past = rsvps.filter(meetup__ends_at__lte=now, status=RsvpStatus.GOING).order_by("-meetup__starts_at")
    attendance = past.aggregate(total=Count("id"), came=Count("id", filter=Q(attended=True)))
    received = Feedback.objects.filter(meetup__host__user=child).aggregate(n=Count("id"), avg=Avg("usefulness"))
    activity = sorted(collect_child_activity(child), key=lambda a: a.section)
    return {
        "memberships": Membership.objects.filter(user=child).select_related("community").order_by("community__name"),
        "join_requests": JoinRequest.objects.filter(
            user=child, status__in=[JoinRequest.Status.PENDING_GUARDIAN, JoinRequest.Status.PENDING]
        ).select_related("community"),
        "upcoming": upcoming,
        "past": past[:20],
        "attendance": attendance,
        "feedback_given": Feedback.objects.filter(membership__user=child).count(),
        "feedback_received": received,
        "teach": TeachSkill.objects.filter(membership__user=child).select_related("skill", "membership__community"),
        "learn": LearnSkill.objects.filter(membership__user=child).select_related("skill", "membership__community"),
        "activity": [(section, list(items)) for section, items in groupby(activity, key=lambda a: a.section)],
        "standing": set(StandingConsent.objects.filter(minor=child).values_list("community_id", flat=True)),
        "guardianships": child.guarded_by.select_related("guardian").order_by("created_at"),
    }

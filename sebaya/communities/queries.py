"""Querysets shared by the pages, the API and the planner glue."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from sebaya.skills.models import LearnSkill, TeachSkill

from .models import Community, Membership


def members_with_skills(community: Community) -> QuerySet[Membership]:
    """The community's members by name, each with their user and the skills they teach and learn,
    fetched in a fixed number of queries however many members there are. Erased accounts stay as
    "former member" rows behind past sessions but are no longer listed."""
    return (
        community.memberships.filter(user__erased_at__isnull=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("teach_skills", queryset=TeachSkill.objects.select_related("skill")),
            Prefetch("learn_skills", queryset=LearnSkill.objects.select_related("skill")),
        )
        .order_by("user__display_name")
    )

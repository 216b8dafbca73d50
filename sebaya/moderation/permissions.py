"""Who sees which reports.

A report is read by its reporter (their own list), by the community's organisers and facilitators
(except the person it is about) and by the instance's operators. Anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import AnyUser, get_community, get_member_community

from .models import Report
from .registry import Target


def _queue(qs: QuerySet[Report]) -> QuerySet[Report]:
    return qs.select_related("community", "reporter", "subject", "handled_by")


def moderated_reports(user: AnyUser) -> QuerySet[Report]:
    """Every report the caller may handle."""
    if not user.is_authenticated:
        return Report.objects.none()
    if user.is_staff:
        return _queue(Report.objects.all())
    communities = Membership.objects.filter(
        user_id=user.pk, role__in=[Membership.Role.ORGANISER, Membership.Role.FACILITATOR]
    ).values("community_id")
    return _queue(Report.objects.filter(community_id__in=communities).exclude(Q(subject_id=user.pk)))


def get_moderated_community(user: AnyUser, slug: str) -> tuple[Community, QuerySet[Report]]:
    """A community's queue, for its organisers and facilitators (403 for other members and outsiders)."""
    community, membership = get_member_community(user, slug)
    if not membership.can_facilitate:
        raise PermissionDenied
    return community, moderated_reports(user).filter(community=community)


def instance_reports(user: AnyUser) -> QuerySet[Report]:
    """The whole instance's queue, for operators (403 for anyone else)."""
    if not user.is_authenticated or not user.is_staff:
        raise PermissionDenied
    return moderated_reports(user)


def get_report_for_moderator(user: AnyUser, report_id: int) -> Report:
    report = moderated_reports(user).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def my_reports(user: AnyUser) -> QuerySet[Report]:
    if not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(reporter_id=user.pk).select_related("community")


def get_reportable(user: AnyUser, slug: str, target: Target, object_id: int) -> tuple[Community, Any]:
    """The community and the thing a caller reports: members report what they see in their community;
    a thing open to readers (a public-commons material) may be reported by anyone logged in who sees it.
    403 for anyone else; 404 when the thing is not visible to the caller."""
    if target.open_to_readers and user.is_authenticated:
        community = get_community(slug)
    else:
        community, _membership = get_member_community(user, slug)
    return community, target.fetch(user, community, object_id)

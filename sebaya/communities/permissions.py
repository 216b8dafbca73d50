"""Who may see and change a community and what lives in it.

Every view and API endpoint fetches through these helpers. The rules:
a community's page is visible to anyone who has its link (404 only when it does not exist);
what lives inside it (members, profiles, venues) is for its members — 403 for a community
page a non-member asks for, 404 for an object of the community; changing the community is
for organisers (403 for other members).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from sebaya.accounts.models import User

from .models import Community, JoinRequest, Membership

AnyUser = User | AnonymousUser


def get_community(slug: str) -> Community:
    """Any existing community: every community's page can be read by whoever has its link."""
    return get_object_or_404(Community, slug=slug)


def membership_of(user: AnyUser, community: Community) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user_id=user.pk, community=community).first()


def get_member_community(user: AnyUser, slug: str) -> tuple[Community, Membership]:
    """The community and the caller's membership; 403 for a non-member."""
    community = get_community(slug)
    membership = membership_of(user, community)
    if membership is None:
        raise PermissionDenied
    return community, membership


def get_organised_community(user: AnyUser, slug: str) -> tuple[Community, Membership]:
    """The community for an organiser's action; 403 for anyone else."""
    community, membership = get_member_community(user, slug)
    if not membership.is_organiser:
        raise PermissionDenied
    return community, membership


def get_visible_membership(user: AnyUser, community: Community, membership_id: int) -> Membership:
    """Another member's profile, for fellow members only (404 otherwise, and for an erased account)."""
    if membership_of(user, community) is None:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, community=community, user__erased_at__isnull=True
    )


def get_rw_membership(user: AnyUser, community: Community, membership_id: int) -> Membership:
    """A membership the caller may change: their own, or any one if they organise the community."""
    viewer = membership_of(user, community)
    if viewer is None:
        raise Http404
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, community=community, user__erased_at__isnull=True
    )
    if target.pk != viewer.pk and not viewer.is_organiser:
        raise PermissionDenied
    return target


def get_join_request_for_organiser(user: AnyUser, community: Community, request_id: int) -> JoinRequest:
    viewer = membership_of(user, community)
    if viewer is None:
        raise Http404
    if not viewer.is_organiser:
        raise PermissionDenied
    return get_object_or_404(JoinRequest.objects.select_related("user"), pk=request_id, community=community)


def get_join_request_for_guardian(user: AnyUser, request_id: int) -> JoinRequest:
    """A child's join request, for that child's guardians only."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        JoinRequest.objects.select_related("user", "community"), pk=request_id, user__guarded_by__guardian_id=user.pk
    )


def shown_name(person: User | None, viewer: AnyUser) -> str:
    """How ``person`` is named to ``viewer``.

    A minor's full name is for herself and her guardians, and for the members of her communities
    when a guardian allowed it; everyone else — other members, facilitators and organisers included —
    reads her first name and initial ("Ayu P."). An erased account is a "former member". What the
    viewer's children and communities are is looked up once per viewer object.
    """
    if person is None:  # an author whose account is gone
        return str(_("former member"))
    if person.erased_at is not None:
        return person.community_name
    if not person.is_minor or (viewer.is_authenticated and viewer.pk == person.pk):
        return person.display_name
    if not viewer.is_authenticated or not isinstance(viewer, User):
        return person.first_name_and_initial
    children: set[int] | None = getattr(viewer, "_sebaya_children", None)
    if children is None:
        children = set(viewer.children().values_list("pk", flat=True))
        viewer._sebaya_children = children  # type: ignore[attr-defined]
    if person.pk in children:
        return person.display_name
    if person.show_full_name:
        communities: set[int] | None = getattr(viewer, "_sebaya_communities", None)
        if communities is None:
            communities = set(Membership.objects.filter(user=viewer).values_list("community_id", flat=True))
            viewer._sebaya_communities = communities  # type: ignore[attr-defined]
        if Membership.objects.filter(user=person, community_id__in=communities).exists():
            return person.display_name
    return person.first_name_and_initial


def directory_queryset() -> QuerySet[Community]:
    """Communities anyone may find in the directory."""
    return Community.objects.filter(visibility=Community.Visibility.PUBLIC)


def communities_of(user: AnyUser) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(memberships__user_id=user.pk)

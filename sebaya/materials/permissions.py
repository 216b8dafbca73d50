"""Who may see and change materials and learning paths.

Every view and API endpoint fetches through these helpers. The rules:

- a material or path in the **public commons** is readable by everyone, visitors included;
- a **community-only** one by the members of its community and by the guardians of its minor
  members (a parent may see what their child reads);
- a **hidden** material (hidden after a report) only by its author and its community's organisers;
- a deleted material by nobody (404).

Changing a material (edit, restore a version, delete) is for its author and its community's
organisers; anyone else who can read it gets 403. Sharing a material or creating a path happens in
a community one belongs to. A minor shares only within their community, never to the public
commons (see ``services.material_create``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sebaya.communities.models import Membership
from sebaya.communities.permissions import AnyUser

from .models import LearningPath, Material, PathStep, Visibility


def community_ids(user: AnyUser) -> tuple[set[int], set[int]]:
    """The communities whose community-only things ``user`` reads, and those they organise."""
    if not user.is_authenticated:
        return set(), set()
    rows = Membership.objects.filter(Q(user_id=user.pk) | Q(user__guarded_by__guardian_id=user.pk)).values_list(
        "community_id", "user_id", "role"
    )
    readable = {c for c, _u, _r in rows}
    organised = {c for c, u, r in rows if u == user.pk and r == Membership.Role.ORGANISER}
    return readable, organised


def readable_materials(user: AnyUser) -> QuerySet[Material]:
    """Every material ``user`` may read (not deleted; hidden ones only for author and organisers)."""
    readable, organised = community_ids(user)
    shown = Q(visibility=Visibility.PUBLIC) | Q(community_id__in=readable)
    q = shown & Q(hidden=False)
    if user.is_authenticated:
        q |= Q(author_id=user.pk) | Q(community_id__in=organised)
    return Material.objects.filter(q, deleted_at__isnull=True)


def can_change_material(user: AnyUser, material: Material) -> bool:
    if not user.is_authenticated:
        return False
    if material.author_id == user.pk:
        return True
    return Membership.objects.filter(
        user_id=user.pk, community_id=material.community_id, role=Membership.Role.ORGANISER
    ).exists()


def get_material(user: AnyUser, material_id: int) -> Material:
    """A material the caller may read; 404 otherwise."""
    material = readable_materials(user).select_related("community", "author").filter(pk=material_id).first()
    if material is None:
        raise Http404
    return material


def get_rw_material(user: AnyUser, material_id: int) -> Material:
    """A material the caller may change; 404 when invisible, 403 when only readable."""
    material = get_material(user, material_id)
    if not can_change_material(user, material):
        raise PermissionDenied
    return material


def get_voting_material(user: AnyUser, material_id: int) -> Material:
    """A material to vote on: anyone logged in who can read it (403 for an anonymous caller)."""
    material = get_material(user, material_id)
    if not user.is_authenticated:
        raise PermissionDenied
    return material


def readable_paths(user: AnyUser) -> QuerySet[LearningPath]:
    readable, _organised = community_ids(user)
    return LearningPath.objects.filter(Q(visibility=Visibility.PUBLIC) | Q(community_id__in=readable))


def can_change_path(user: AnyUser, path: LearningPath) -> bool:
    """Paths are curated by their author and the community's organisers and facilitators."""
    if not user.is_authenticated:
        return False
    if path.author_id == user.pk:
        return True
    return Membership.objects.filter(
        user_id=user.pk,
        community_id=path.community_id,
        role__in=[Membership.Role.ORGANISER, Membership.Role.FACILITATOR],
    ).exists()


def get_path(user: AnyUser, path_id: int) -> LearningPath:
    path = readable_paths(user).select_related("community", "skill").filter(pk=path_id).first()
    if path is None:
        raise Http404
    return path


def get_rw_path(user: AnyUser, path_id: int) -> LearningPath:
    path = get_path(user, path_id)
    if not can_change_path(user, path):
        raise PermissionDenied
    return path


def get_step_to_tick(user: AnyUser, path_id: int, step_id: int) -> PathStep:
    """A step of a readable path, for a logged-in follower (403 for an anonymous caller)."""
    path = get_path(user, path_id)
    if not user.is_authenticated:
        raise PermissionDenied
    step = PathStep.objects.filter(pk=step_id, path=path).first()
    if step is None:
        raise Http404
    return step

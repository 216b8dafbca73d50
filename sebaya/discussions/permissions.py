"""Who may read and write in a community's discussions.

Threads are for the community's members (organisers, facilitators and members alike): a non-member
asking for the list gets 403 as for the community's other inner pages, and 404 for a thread. Any
member may start a thread and reply. A post is changed by its author; organisers and facilitators
may also remove it. A thread is resolved (and its answer marked) by its starter or by an organiser
or facilitator; other members get 403. A guardian sees what their own child posts (``family``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import AnyUser, get_community, get_member_community, membership_of

from .models import Post, Thread


def get_discussion_community(user: AnyUser, slug: str) -> tuple[Community, Membership]:
    """The community whose discussions the caller reads or starts; 403 for a non-member."""
    return get_member_community(user, slug)


def get_thread(user: AnyUser, slug: str, thread_id: int) -> tuple[Community, Thread, Membership]:
    """A thread for one of its community's members; 404 for anyone else."""
    community = get_community(slug)
    viewer = membership_of(user, community)
    if viewer is None:
        raise Http404
    thread = get_object_or_404(
        Thread.objects.select_related("author", "skill", "meetup", "answer"), pk=thread_id, community=community
    )
    return community, thread, viewer


def can_resolve(viewer: Membership, thread: Thread) -> bool:
    return viewer.can_facilitate or (thread.author_id is not None and thread.author_id == viewer.user_id)


def get_resolvable_thread(user: AnyUser, slug: str, thread_id: int) -> tuple[Community, Thread, Membership]:
    community, thread, viewer = get_thread(user, slug, thread_id)
    if not can_resolve(viewer, thread):
        raise PermissionDenied
    return community, thread, viewer


def get_post(thread: Thread, post_id: int) -> Post:
    return get_object_or_404(Post.objects.select_related("author"), pk=post_id, thread=thread)


def can_edit(viewer: Membership, post: Post) -> bool:
    return post.author_id is not None and post.author_id == viewer.user_id and not post.is_removed


def can_remove(viewer: Membership, post: Post) -> bool:
    # Removing a removed post again is allowed and changes nothing (the API's DELETE is idempotent).
    return viewer.can_facilitate or (post.author_id is not None and post.author_id == viewer.user_id)


def get_editable_post(user: AnyUser, slug: str, thread_id: int, post_id: int) -> tuple[Thread, Post, Membership]:
    """A post its author may change; 403 for other members (and for a removed post)."""
    _community, thread, viewer = get_thread(user, slug, thread_id)
    post = get_post(thread, post_id)
    if not can_edit(viewer, post):
        raise PermissionDenied
    return thread, post, viewer


def get_removable_post(user: AnyUser, slug: str, thread_id: int, post_id: int) -> tuple[Thread, Post, Membership]:
    """A post its author, an organiser or a facilitator may remove; 403 for other members."""
    _community, thread, viewer = get_thread(user, slug, thread_id)
    post = get_post(thread, post_id)
    if not can_remove(viewer, post):
        raise PermissionDenied
    return thread, post, viewer


def can_see_hidden(viewer: Membership | None, post: Post) -> bool:
    """A hidden post's text is for the community's organisers and facilitators (and its author)."""
    if viewer is None:
        return False
    return viewer.can_facilitate or (post.author_id is not None and post.author_id == viewer.user_id)

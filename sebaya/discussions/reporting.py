"""Discussion posts can be reported to their community's moderators, who may hide them."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import membership_of
from sebaya.moderation.registry import register

from .models import Post
from .services import post_hide, thread_url


def _fetch(user: Any, community: Community, pk: int) -> Post:
    """A post the caller can read: in a thread of ``community``, of which they are a member (404 otherwise)."""
    if membership_of(user, community) is None:
        raise Http404
    post = (
        Post.objects.select_related("thread__community", "author")
        .filter(pk=pk, thread__community=community, removed_at__isnull=True)
        .first()
    )
    if post is None:
        raise Http404
    return post


def _author(post: Post) -> Membership | None:
    return membership_of(post.author, post.thread.community) if post.author is not None else None


def _hide(post: Post, by: User) -> None:
    post_hide(post=post, by=by)


register(
    "post",
    Post,
    fetch=_fetch,
    community=lambda p: p.thread.community,
    author=_author,
    involves_minor=lambda p: p.author is not None and p.author.is_minor,
    describe=lambda p: f"{p.thread.title} #{p.number}",
    url=lambda p: thread_url(p.thread, p),
    hide=_hide,
)

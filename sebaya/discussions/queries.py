"""Reading threads: lists and pages of posts that stay fast however long a thread grows."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.meetups.models import Meetup
from sebaya.meetups.views import visible_meetups

from .models import POSTS_PER_PAGE, Post, Thread


def threads_of(community: Community) -> QuerySet[Thread]:
    return Thread.objects.filter(community=community).select_related("author", "skill", "meetup")


def page_count(thread: Thread) -> int:
    return max(1, -(-thread.post_count // POSTS_PER_PAGE))


def posts_page(thread: Thread, page: int) -> tuple[list[Post], int, int]:
    """The posts of page ``page`` (clamped to the thread's pages), the page and the number of pages.

    Posts are numbered densely from 1, so a page is a range of numbers read through the unique
    (thread, number) index: page 80 of a long thread costs what page 1 costs.
    """
    pages = page_count(thread)
    page = max(1, min(page, pages))
    first = (page - 1) * POSTS_PER_PAGE + 1
    posts = list(
        Post.objects.filter(thread=thread, number__gte=first, number__lt=first + POSTS_PER_PAGE)
        .select_related("author", "quote__author")
        .order_by("number")
    )
    return posts, page, pages


def session_choices(community: Community, viewer: Membership) -> QuerySet[Meetup]:
    """Sessions a thread may be about: those the viewer can see, from a month ago on."""
    since = timezone.now() - datetime.timedelta(days=31)
    return visible_meetups(community, viewer).filter(starts_at__gte=since).order_by("starts_at")[:100]


def child_posts(guardian: User) -> QuerySet[Post]:
    """What the guardian's children have written, newest first (removed posts are left out)."""
    return (
        Post.objects.filter(author__guarded_by__guardian=guardian, removed_at__isnull=True)
        .select_related("author", "thread__community")
        .order_by("-created_at")
    )

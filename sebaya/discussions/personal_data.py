"""A member's discussions for the data-rights feature: export, files and erasure.

Erasure keeps the conversation readable for the others: the person's posts stay in place, shown as
by a "former member", and their text is cleared (shown as "removed") because what someone wrote
can identify them. The titles of threads they started stay, without their name, since the replies
of others hang on them. Their subscriptions are deleted.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.core.personal_data import Activity
from sebaya.search.registry import index_object

from .models import Post, Subscription, Thread
from .services import thread_url


def export(user: User) -> dict[str, Any]:
    """The threads the user started, the posts they wrote and the threads they follow, as JSON-ready data."""
    threads = Thread.objects.filter(author=user).select_related("community").order_by("created_at")
    posts = Post.objects.filter(author=user).select_related("thread__community").order_by("created_at")
    subs = Subscription.objects.filter(user=user).select_related("thread__community").order_by("created_at")
    return {
        "threads": [
            {"id": t.pk, "community": t.community.slug, "title": t.title, "material": t.material_id, "created_at": t.created_at.isoformat(),
             "resolved": t.is_resolved}
            for t in threads
        ],
        "posts": [
            {"id": p.pk, "thread": p.thread_id, "thread_title": p.thread.title, "community": p.thread.community.slug,
             "number": p.number, "text": p.body, "created_at": p.created_at.isoformat(),
             "edited_at": p.edited_at.isoformat() if p.edited_at else None,
             "removed_at": p.removed_at.isoformat() if p.removed_at else None, "hidden": p.hidden}
            for p in posts
        ],
        "subscriptions": [
            {"thread": s.thread_id, "thread_title": s.thread.title, "community": s.thread.community.slug,
             "following": s.active}
            for s in subs
        ],
    }  # fmt: skip


def files(user: User) -> list[Any]:
    """Discussions hold no files."""
    return []


@transaction.atomic
def erase(user: User) -> None:
    """Clear the user's posts (kept in place as removed, by a "former member") and forget their subscriptions."""
    now = timezone.now()
    posts = list(Post.objects.filter(author=user))
    threads = list(Thread.objects.filter(author=user))
    Post.objects.filter(author=user, removed_at__isnull=True).update(removed_at=now)
    Post.objects.filter(author=user).update(author=None, body="")
    Post.objects.filter(hidden_by=user).update(hidden_by=None)
    Thread.objects.filter(author=user).update(author=None)
    Subscription.objects.filter(user=user).delete()
    # Bulk updates send no signals: bring the search index in step by hand.
    for post in Post.objects.filter(pk__in=[p.pk for p in posts]).select_related("thread__community"):
        index_object(post)
    for thread in Thread.objects.filter(pk__in={p.thread_id for p in posts} | {t.pk for t in threads}):
        index_object(thread)


def child_activity(child: User) -> list[Activity]:
    """Everything the child wrote in discussions, hidden posts included (removed ones have no text left)."""
    posts = (
        Post.objects.filter(author=child, removed_at__isnull=True)
        .select_related("thread__community")
        .order_by("-created_at")
    )
    return [
        Activity(
            section=_("Discussion posts"),
            text=f"{p.thread.community.name} · “{p.thread.title}”: {Truncator(p.body).chars(200)}"
            + (f" ({_('hidden by a moderator')})" if p.hidden else ""),
            when=p.created_at,
            url=thread_url(p.thread, p),
        )
        for p in posts
    ]

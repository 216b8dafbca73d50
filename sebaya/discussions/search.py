"""Threads and replies in the search index: found only by the members of their community."""

from __future__ import annotations

from django.urls import reverse

from sebaya.search.registry import Entry, register

from .models import Post, Thread


def thread_entry(thread: Thread) -> Entry:
    """A thread: its title and its opening post (unless that was removed or hidden)."""
    opening = thread.posts.filter(number=1).first()
    body = opening.body if opening is not None and not opening.is_removed and not opening.hidden else ""
    return Entry(
        kind="discussion",
        title=thread.title,
        body=body,
        url=reverse("discussions:detail", args=[thread.community.slug, thread.pk]),
        community_id=thread.community_id,
        public=False,
        skill_ids=(thread.skill_id,) if thread.skill_id else (),
    )


def post_entry(post: Post) -> Entry | None:
    """A reply, shown under its thread's title; removed and hidden replies are not found at all."""
    if post.number == 1 or post.is_removed or post.hidden:
        return None
    thread = post.thread
    return Entry(
        kind="discussion",
        title=thread.title,
        title_indexed=False,
        body=post.body,
        url=reverse("discussions:detail", args=[thread.community.slug, thread.pk])
        + f"?page={post.page}#post-{post.number}",
        community_id=thread.community_id,
        public=False,
        skill_ids=(thread.skill_id,) if thread.skill_id else (),
    )


register(
    Thread,
    kind="discussion",
    entry=thread_entry,
    also={Post: lambda post: [post.thread] if post.number == 1 else []},
)
register(Post, kind="discussion", entry=post_entry)

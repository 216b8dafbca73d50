from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sebaya.accounts.permissions import request_user
from sebaya.communities.models import Membership
from sebaya.communities.permissions import shown_name
from sebaya.core.api import READ, WRITE, Body, Flag
from sebaya.core.api import Count as CountInt
from sebaya.materials.permissions import get_material
from sebaya.meetups.views import visible_meetups
from sebaya.skills.models import Skill

from . import services
from .models import POSTS_PER_PAGE, Post, Thread
from .permissions import (
    can_see_hidden,
    get_discussion_community,
    get_editable_post,
    get_removable_post,
    get_resolvable_thread,
    get_thread,
)
from .queries import posts_page, threads_of

router = Router(tags=["discussions"])


class ThreadOut(Schema):
    id: int
    title: str
    author: str = Field(description='"former member" when the account was deleted; a minor by first name and initial.')
    skill: str | None
    session: int | None
    material: int | None = Field(description="The material the thread is about, if any.")
    created_at: datetime.datetime
    last_post_at: datetime.datetime
    replies: int
    resolved: bool
    answer: int | None = Field(description="The id of the post marked as the answer.")


class PostOut(Schema):
    id: int
    number: int
    author: str
    body: str = Field(description="Markdown as written; empty when removed or hidden from the caller.")
    quote: int | None
    created_at: datetime.datetime
    edited: bool
    removed: bool
    hidden: bool


class ThreadDetail(ThreadOut):
    following: bool
    page: int
    pages: int
    posts: list[PostOut]


class ThreadFilter(Schema):
    skill: str | None = Field(None, max_length=60)
    session: int | None = None
    material: int | None = None
    page: int = Field(1, ge=1, le=10000)


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100000, description=f"{POSTS_PER_PAGE} posts a page, oldest first.")


class ThreadIn(Body):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20000, description="Markdown; @name mentions notify members.")
    skill: str | None = Field(None, max_length=60)
    session: CountInt | None = None
    material: CountInt | None = Field(
        None, description="A material of this community or of the public commons that the caller can see."
    )


class ReplyIn(Body):
    body: str = Field(min_length=1, max_length=20000)
    quote: CountInt | None = Field(None, description="The id of a post of this thread to quote.")


class EditIn(Body):
    body: str = Field(min_length=1, max_length=20000)


class FollowIn(Body):
    following: Flag


class ResolveIn(Body):
    resolved: Flag = True
    answer: CountInt | None = Field(None, description="The id of the post that answers the thread.")


def _thread(t: Thread, viewer: Membership) -> dict[str, Any]:
    return {
        "id": t.pk, "title": t.title, "author": shown_name(t.author, viewer.user), "skill": t.skill.slug if t.skill else None,
        "session": t.meetup_id, "material": t.material_id, "created_at": t.created_at, "last_post_at": t.last_post_at, "replies": t.reply_count,
        "resolved": t.is_resolved, "answer": t.answer_id,
    }  # fmt: skip


def _post(p: Post, viewer: Membership) -> dict[str, Any]:
    visible = not p.is_removed and (not p.hidden or can_see_hidden(viewer, p))
    return {
        "id": p.pk, "number": p.number, "author": shown_name(p.author, viewer.user), "body": p.body if visible else "",
        "quote": p.quote_id, "created_at": p.created_at, "edited": p.edited_at is not None,
        "removed": p.is_removed, "hidden": p.hidden,
    }  # fmt: skip


@router.get("/communities/{slug}/threads", response={200: list[ThreadOut], **READ}, summary="Threads of a community")
def thread_list(request: HttpRequest, slug: str, filters: Query[ThreadFilter]) -> list[dict[str, Any]]:
    community, viewer = get_discussion_community(request.user, slug)
    qs = threads_of(community)
    if filters.skill:
        qs = qs.filter(skill__slug=filters.skill)
    if filters.session is not None:
        qs = qs.filter(meetup_id=filters.session)
    if filters.material is not None:
        qs = qs.filter(material_id=filters.material)
    start = (filters.page - 1) * 50
    return [_thread(t, viewer) for t in qs[start : start + 50]]


@router.post("/communities/{slug}/threads", response={201: ThreadOut, **WRITE}, summary="Start a thread")
def thread_create(request: HttpRequest, slug: str, payload: ThreadIn) -> Status[dict[str, Any]]:
    community, viewer = get_discussion_community(request.user, slug)
    skill = get_object_or_404(Skill.objects.available_to(community.pk), slug=payload.skill) if payload.skill else None
    meetup = get_object_or_404(visible_meetups(community, viewer), pk=payload.session) if payload.session else None
    material = get_material(request.user, payload.material) if payload.material else None
    thread = services.thread_create(
        community=community, by=viewer, title=payload.title, body=payload.body, skill=skill, meetup=meetup,
        material=material,
    )  # fmt: skip
    return Status(201, _thread(thread, viewer))


@router.get(
    "/communities/{slug}/threads/{thread_id}",
    response={200: ThreadDetail, **READ},
    summary="A thread and a page of posts",
)
def thread_get(request: HttpRequest, slug: str, thread_id: int, params: Query[PageQuery]) -> dict[str, Any]:
    _community, thread, viewer = get_thread(request.user, slug, thread_id)
    posts, page, pages = posts_page(thread, params.page)
    following = thread.subscriptions.filter(user_id=viewer.user_id, active=True).exists()
    return {
        **_thread(thread, viewer), "following": following, "page": page, "pages": pages,
        "posts": [_post(p, viewer) for p in posts],
    }  # fmt: skip


@router.post(
    "/communities/{slug}/threads/{thread_id}/posts", response={201: PostOut, **WRITE}, summary="Reply in a thread"
)
def post_reply(request: HttpRequest, slug: str, thread_id: int, payload: ReplyIn) -> Status[dict[str, Any]]:
    _community, thread, viewer = get_thread(request.user, slug, thread_id)
    quote = get_object_or_404(Post, pk=payload.quote, thread=thread) if payload.quote else None
    post = services.post_reply(thread=thread, by=viewer, body=payload.body, quote=quote)
    return Status(201, _post(post, viewer))


@router.patch(
    "/communities/{slug}/threads/{thread_id}/posts/{post_id}",
    response={200: PostOut, **WRITE},
    summary="Edit my post (shown as edited)",
)
def post_edit(request: HttpRequest, slug: str, thread_id: int, post_id: int, payload: EditIn) -> dict[str, Any]:
    _thread_obj, post, viewer = get_editable_post(request.user, slug, thread_id, post_id)
    return _post(services.post_edit(post=post, by=viewer, body=payload.body), viewer)


@router.delete(
    "/communities/{slug}/threads/{thread_id}/posts/{post_id}",
    response={204: None, **WRITE},
    summary="Delete a post (it stays in place as removed)",
)
def post_delete(request: HttpRequest, slug: str, thread_id: int, post_id: int) -> Status[None]:
    _thread_obj, post, viewer = get_removable_post(request.user, slug, thread_id, post_id)
    services.post_delete(post=post, by=viewer)
    return Status(204, None)


@router.put(
    "/communities/{slug}/threads/{thread_id}/subscription",
    response={200: FollowIn, **WRITE},
    summary="Follow or stop following a thread",
)
def thread_follow(request: HttpRequest, slug: str, thread_id: int, payload: FollowIn) -> dict[str, Any]:
    _community, thread, _viewer = get_thread(request.user, slug, thread_id)
    sub = services.thread_subscribe(thread=thread, user=request_user(request), subscribed=payload.following)
    return {"following": sub.active}


@router.post(
    "/communities/{slug}/threads/{thread_id}/resolve",
    response={200: ThreadOut, **WRITE},
    summary="Resolve a thread or mark its answer (starter, organisers, facilitators)",
)
def thread_resolve(request: HttpRequest, slug: str, thread_id: int, payload: ResolveIn) -> dict[str, Any]:
    _community, thread, viewer = get_resolvable_thread(request.user, slug, thread_id)
    answer = get_object_or_404(Post, pk=payload.answer, thread=thread) if payload.answer else None
    return _thread(services.thread_resolve(thread=thread, by=viewer, resolved=payload.resolved, answer=answer), viewer)

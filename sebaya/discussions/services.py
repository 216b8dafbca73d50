"""Starting threads, replying, editing, removing, hiding, following and resolving."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.core.errors import Conflict, ServiceError
from sebaya.materials.models import Material, Visibility
from sebaya.meetups.models import Meetup
from sebaya.notifications.models import Kind
from sebaya.notifications.services import notify
from sebaya.search.registry import index_object
from sebaya.skills.models import Skill

from .models import Post, Subscription, Thread

_MENTION = re.compile(r"(?<![\w@])@([^\W_][\w.-]*)", re.UNICODE)
EXCERPT = 300


def _text(body: str, *, what: str = "text") -> str:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write something first."), code="empty")
    if len(body) > 20000:
        raise ServiceError(_("That is too long: 20,000 characters at most."), code="too_long")
    return body


def member_handles(community: Community) -> dict[str, User]:
    """What may follow an @ to name a member: the display name as one word ("@maya-member"), the
    username, and the first name alone when only one member has it ("@maya")."""
    members = [m.user for m in Membership.objects.filter(community=community).select_related("user")]
    handles: dict[str, User] = {}
    firsts: dict[str, list[User]] = {}
    for user in members:
        if not user.is_active:
            continue
        handles[slugify(user.display_name)] = user
        if user.username:
            handles[user.username.lower()] = user
        first = slugify(user.display_name.split()[0]) if user.display_name.split() else ""
        if first:
            firsts.setdefault(first, []).append(user)
    for first, users in firsts.items():
        if len(users) == 1:
            handles.setdefault(first, users[0])
    return handles


def mentioned_users(community: Community, body: str) -> list[User]:
    """The community's members named with an @ in ``body`` (non-members are never notified)."""
    names = {m.rstrip(".-").lower() for m in _MENTION.findall(body)}
    if not names:
        return []
    handles = member_handles(community)
    found = {handles[n].pk: handles[n] for n in names if n in handles}
    return list(found.values())


def thread_url(thread: Thread, post: Post | None = None) -> str:
    url = reverse("discussions:detail", args=[thread.community.slug, thread.pk])
    if post is not None:
        url += f"?page={post.page}#post-{post.number}"
    return url


def _author_name(user: User | None) -> str:
    # Notifications go to members with different roles; a minor is always named by first name and initial.
    return user.public_name if user is not None else str(_("former member"))


def _subscribe(thread: Thread, user: User) -> None:
    # Replying subscribes, unless the person unsubscribed from this thread before.
    Subscription.objects.get_or_create(thread=thread, user=user)


def _notify_mentions(thread: Thread, post: Post, users: Iterable[User]) -> set[int]:
    recipients = [u for u in users if u.pk != post.author_id]
    notify(
        recipients,
        kind=Kind.MENTION,
        template="discussions/email/mention",
        context={"thread": thread, "author": _author_name(post.author), "excerpt": post.body[:EXCERPT]},
        url=thread_url(thread, post),
    )
    return {u.pk for u in recipients}


@transaction.atomic
def thread_create(
    *,
    community: Community,
    by: Membership,
    title: str,
    body: str,
    skill: Skill | None = None,
    meetup: Meetup | None = None,
    material: Material | None = None,
) -> Thread:
    """Start a thread with its opening post; the starter follows it and the members it mentions are told.

    A thread may be about a material of the community or one of the public commons (the caller
    fetched it through ``sebaya.materials.permissions.get_material``, so the starter can see it)."""
    by.ensure_not_suspended()
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Give the thread a title."), code="empty_title")
    body = _text(body)
    if meetup is not None and meetup.community_id != community.pk:
        raise ServiceError(_("That session belongs to another community."), code="wrong_session")
    if skill is not None and skill.community_id not in {None, community.pk}:
        raise ServiceError(_("That skill belongs to another community."), code="wrong_skill")
    if material is not None and material.community_id != community.pk and material.visibility != Visibility.PUBLIC:
        raise ServiceError(_("That material belongs to another community."), code="wrong_material")
    thread = Thread.objects.create(
        community=community, title=title[:200], author=by.user, skill=skill or (meetup.skill if meetup else None),
        meetup=meetup, material=material, post_count=1,
    )  # fmt: skip
    post = Post.objects.create(thread=thread, number=1, author=by.user, body=body)
    _subscribe(thread, by.user)
    _notify_mentions(thread, post, mentioned_users(community, body))
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, by: Membership, body: str, quote: Post | None = None) -> Post:
    """Reply in a thread, optionally quoting one of its posts. Followers are told, mentioned members too."""
    by.ensure_not_suspended()
    body = _text(body)
    if quote is not None and quote.thread_id != thread.pk:
        raise ServiceError(_("You can only quote a post of the same thread."), code="wrong_quote")
    # Lock the thread so that two replies at once never take the same number.
    locked = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    number = locked.post_count + 1
    post = Post.objects.create(thread=locked, number=number, author=by.user, body=body, quote=quote)
    now = timezone.now()
    Thread.objects.filter(pk=locked.pk).update(post_count=number, last_post_at=now)
    thread.post_count, thread.last_post_at = number, now
    _subscribe(locked, by.user)
    told = _notify_mentions(locked, post, mentioned_users(locked.community, body))
    followers = User.objects.filter(
        thread_subscriptions__thread=locked, thread_subscriptions__active=True, is_active=True,
        memberships__community_id=locked.community_id,
    ).exclude(pk__in=told | {by.user_id})  # fmt: skip
    notify(
        followers,
        kind=Kind.REPLY,
        template="discussions/email/reply",
        context={"thread": locked, "author": _author_name(by.user), "excerpt": body[:EXCERPT]},
        url=thread_url(locked, post),
    )
    return post


@transaction.atomic
def post_edit(*, post: Post, by: Membership, body: str) -> Post:
    """Change a post's text; it then shows as edited. Members newly mentioned are told."""
    by.ensure_not_suspended()
    body = _text(body)
    if post.is_removed:
        raise Conflict(_("This post was removed."), code="removed")
    thread = post.thread
    before = {u.pk for u in mentioned_users(thread.community, post.body)}
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    _notify_mentions(thread, post, [u for u in mentioned_users(thread.community, body) if u.pk not in before])
    return post


@transaction.atomic
def post_delete(*, post: Post, by: Membership) -> Post:
    """Remove a post: it keeps its place in the thread, shown as "removed", and its text is cleared."""
    if post.is_removed:
        return post
    post.removed_at = timezone.now()
    post.body = ""
    post.save(update_fields=["removed_at", "body"])
    Thread.objects.filter(pk=post.thread_id, answer=post).update(answer=None)
    if post.number == 1:
        index_object(post.thread)
    return post


@transaction.atomic
def post_hide(*, post: Post, by: User) -> Post:
    """Hide a post while a report about it is reviewed (for the moderation app): only the
    community's organisers and facilitators and its author still see the text, and search forgets it."""
    post.hidden = True
    post.hidden_by = by
    post.hidden_at = timezone.now()
    post.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    if post.number == 1:
        index_object(post.thread)
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: User) -> Post:
    """Show a hidden post again (a report was dismissed)."""
    post.hidden = False
    post.hidden_by = None
    post.hidden_at = None
    post.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    if post.number == 1:
        index_object(post.thread)
    return post


@transaction.atomic
def thread_subscribe(*, thread: Thread, user: User, subscribed: bool) -> Subscription:
    """Follow or stop following a thread."""
    sub, created = Subscription.objects.get_or_create(thread=thread, user=user, defaults={"active": subscribed})
    if not created and sub.active != subscribed:
        sub.active = subscribed
        sub.save(update_fields=["active"])
    return sub


@transaction.atomic
def thread_resolve(*, thread: Thread, by: Membership, resolved: bool = True, answer: Post | None = None) -> Thread:
    """Mark a thread resolved (optionally with the post that answered it) or open it again."""
    if answer is not None:
        if answer.thread_id != thread.pk:
            raise ServiceError(_("The answer must be a post of this thread."), code="wrong_answer")
        if answer.is_removed or answer.number == 1:
            raise Conflict(_("That post cannot be the answer."), code="not_an_answer")
        resolved = True
    thread.resolved_at = (thread.resolved_at or timezone.now()) if resolved else None
    thread.answer = answer if resolved else None
    thread.save(update_fields=["resolved_at", "answer"])
    return thread

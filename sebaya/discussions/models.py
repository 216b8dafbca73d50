"""Discussions: threads in a community's space, and their posts.

There are no private messages: a thread lives in a community and every member and facilitator of
it can read it, so an adult and a child never talk where nobody else can see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

POSTS_PER_PAGE = 50


class Thread(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="threads", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    skill = models.ForeignKey(
        "skills.Skill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("skill"),
    )
    meetup = models.ForeignKey(
        "meetups.Meetup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("session"),
    )
    material = models.ForeignKey(
        "materials.Material",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("material"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post"), auto_now_add=True)
    # Posts are numbered 1, 2, 3… in their thread (1 is the opening post); a page is a range of numbers.
    post_count = models.PositiveIntegerField(default=0)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answer")
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_post_at", "-id"]
        indexes = [models.Index(fields=["community", "-last_post_at"], name="thread_community_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def reply_count(self) -> int:
        return max(0, self.post_count - 1)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"))
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text"), max_length=20000, help_text=_("Markdown is allowed."))
    quote = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("quoting")
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Deleting keeps the post's place in the thread, shown as "removed"; its text is cleared.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    # Hidden by a moderator while a report is reviewed: only organisers and facilitators see it.
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "number"]
        constraints = [models.UniqueConstraint(fields=["thread", "number"], name="post_number_unique")]
        indexes = [models.Index(fields=["author", "created_at"], name="post_author_recent")]

    def __str__(self) -> str:
        return f"{self.thread} #{self.number}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1


class Subscription(models.Model):
    """Someone follows a thread and is told of new replies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_subscriptions", verbose_name=_("user")
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("thread"))
    # Unsubscribing keeps the row, switched off, so that replying again does not subscribe anew.
    active = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="subscription_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread}"

"""Reports from members and the bans operators place on accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    UNSAFE_FOR_CHILDREN = "child_safety", _("Puts a child at risk")
    HARASSMENT = "harassment", _("Harassment or bullying")
    INAPPROPRIATE = "inappropriate", _("Inappropriate or offensive content")
    PRIVACY = "privacy", _("Shares someone's private information")
    SPAM = "spam", _("Spam or advertising")
    OTHER = "other", _("Something else")


class Status(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    RESOLVED = "resolved", _("Handled")
    DISMISSED = "dismissed", _("Closed without action")


class Outcome(models.TextChoices):
    DISMISSED = "dismissed", _("No action needed")
    HIDDEN = "hidden", _("Content hidden")
    WARNED = "warned", _("Warning given")
    SUSPENDED = "suspended", _("Membership suspended")
    REMOVED = "removed", _("Removed from the community")
    BANNED = "banned", _("Account banned")


class Report(models.Model):
    """A member tells the moderators about a person, a session or other content of a community.

    The target is named by its registered kind (see ``registry``) and id, with a snapshot of its
    description, so that a report still reads well after the target has been hidden or deleted.
    """

    Reason = Reason
    Status = Status
    Outcome = Outcome

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="reports", verbose_name=_("community")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_made",
        verbose_name=_("reported by"),
    )
    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("object"))
    target_label = models.CharField(_("reported"), max_length=200)
    # The person answerable for the target (the member reported, a session's host, a post's author).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_about",
        verbose_name=_("about"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("what happened"), max_length=2000, blank=True)
    involves_minor = models.BooleanField(_("involves a minor"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note from the moderator"), max_length=2000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "status"], name="report_queue"),
            models.Index(fields=["kind", "object_id"], name="report_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}: {self.reason} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class Ban(models.Model):
    """An operator's instance-wide ban: the account is deactivated and cannot log in again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ban", verbose_name=_("user")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")

    def __str__(self) -> str:
        return f"ban of {self.user_id}"

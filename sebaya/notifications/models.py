from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PUBLISHED = "published", _("A new session I may join")
    CHANGED = "changed", _("A session I attend changes time or place")
    CANCELLED = "cancelled", _("A session I attend is cancelled")
    PROMOTED = "promoted", _("I got a seat from the waitlist")
    REMINDER = "reminder", _("Reminders 24 hours and 2 hours before")
    RSVP_CONSENT = "rsvp_consent", _("My child asks to join a session")
    SAFEGUARDING = "safeguarding", _("A session would leave a child alone with an adult")
    PLAN = "plan", _("A published plan asks me to teach or learn")
    DECLINED = "declined", _("A member declines a planned session")
    MENTION = "mention", _("Someone mentions me in a discussion")
    REPLY = "reply", _("A new reply in a thread I follow")
    JOIN_CONSENT = "join_consent", _("My child asks to join a community")
    REPORT = "report", _("A new report to review")
    MODERATION = "moderation", _("The outcome of my report, or a moderator's warning")
    ACCOUNT = "account", _("Changes to my account or my child's account")


class Notification(models.Model):
    """One in-app notice. The text is rendered in the recipient's language when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class EmailMute(models.Model):
    """The user does not want e-mail of this kind (in-app notices still appear)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_mutes", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("muted e-mail")
        verbose_name_plural = _("muted e-mails")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_mute_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"

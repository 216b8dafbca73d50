from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ROLE_CHANGED = "role_changed", _("Role changed")
    GUARDIAN_LINKED = "guardian_linked", _("Guardian linked")
    GUARDIAN_UNLINKED = "guardian_unlinked", _("Guardian link ended")
    CONSENT_GIVEN = "consent_given", _("Guardian consent given")
    CONSENT_REFUSED = "consent_refused", _("Guardian consent refused")
    ACCOUNT_PAUSED = "account_paused", _("Account paused")
    ACCOUNT_RESUMED = "account_resumed", _("Account resumed")
    MODERATION = "moderation", _("Moderation action")
    DATA_EXPORT = "data_export", _("Data exported")
    ERASURE = "erasure", _("Account erased")
    NEW_DEVICE = "new_device", _("Log-in from a new device")
    LOGIN_LINK = "login_link", _("One-time log-in link made")
    PASSWORD_SET = "password_set", _("Password set by a guardian")


class AuditEvent(models.Model):
    """A sensitive action: who did what, to whom, where, and when. Rows are never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("about"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    target = models.CharField(_("object"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class KnownDevice(models.Model):
    """A browser a person has logged in from before, known by a hash of its user agent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "fingerprint"], name="known_device_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.fingerprint[:8]}"

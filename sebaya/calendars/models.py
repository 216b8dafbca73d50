"""A member's private calendar feed: a secret link that calendar apps poll without logging in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sebaya.accounts.models import User, hash_token, new_token


class CalendarTokenManager(models.Manager["CalendarToken"]):
    def issue(self, user: User) -> str:
        """Give ``user`` a new feed token and return it; it is shown once and never stored.

        A member has at most one feed link, so issuing a new one replaces the old hash: the old
        link stops working at once.
        """
        raw = new_token()
        self.update_or_create(
            user=user, defaults={"token_hash": hash_token(raw), "created_at": timezone.now(), "revoked_at": None}
        )
        return raw

    def revoke(self, user: User) -> bool:
        """Switch off ``user``'s feed link; return whether there was a working one."""
        return bool(self.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now()))

    def active_for(self, user: User) -> CalendarToken | None:
        """``user``'s working feed link, if any."""
        return self.filter(user=user, revoked_at__isnull=True).first()

    def owner(self, raw: str) -> User | None:
        """The active member whose working feed link carries ``raw``, or None."""
        token = self.select_related("user").filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()
        if token is None or not token.user.is_active:
            return None
        return token.user


class CalendarToken(models.Model):
    """The secret in a member's feed link. Only its SHA-256 is kept, so a leaked database leaks no feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("member")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # Not auto_now_add: a regenerated link gets a new date on the same row.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarTokenManager()

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

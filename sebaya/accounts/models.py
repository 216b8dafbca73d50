from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils.timezone import localdate, now
from django.utils.translation import gettext_lazy as _

ADULT_AGE = 18


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years between ``birth_date`` and ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def today() -> datetime.date:
    return localdate()


def hash_token(raw: str) -> str:
    """Tokens are stored only as their SHA-256, so a leaked database does not leak them."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """Log in by e-mail (any case) or, for children without e-mail, by username."""
        value = (username or "").strip()
        if "@" in value:
            return self.get(email__iexact=value)
        return self.get(username__iexact=value)

    def create_user(self, email: str | None, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("birth_date", datetime.date(1990, 1, 1))
        extra.setdefault("display_name", email.split("@", maxsplit=1)[0])
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Adults log in by e-mail; a child may have only a username that a guardian chose."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    username = models.CharField(
        _("username"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9._-]{2,39}$", _("Use 3–40 lower-case letters, digits, dots, dashes or underscores.")
            )
        ],
        help_text=_("For children without an e-mail address: what they type to log in."),
    )
    display_name = models.CharField(_("display name"), max_length=80)
    birth_date = models.DateField(_("birth date"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Jakarta")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=now)
    paused_at = models.DateTimeField(
        _("paused"),
        null=True,
        blank=True,
        help_text=_("A guardian paused this child's account: no log-in, no answers."),
    )
    show_full_name = models.BooleanField(
        _("show full name in communities"),
        default=False,
        help_text=_(
            "For a minor: a guardian lets community members see the full name, not only first name and initial."
        ),
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(username__isnull=False),
                name="user_has_login",
                violation_error_message=_("A user needs an e-mail address or a username."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or self.username or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Empty strings would collide on the unique index; a missing login is NULL.
        self.email = self.email.strip().lower() if self.email else None
        self.username = self.username.strip().lower() if self.username else None
        super().save(*args, **kwargs)

    @property
    def age(self) -> int:
        return age_on(self.birth_date, today())

    @property
    def is_minor(self) -> bool:
        """Under 18 today, computed from the birth date; never self-declared."""
        return self.age < ADULT_AGE

    @property
    def first_name_and_initial(self) -> str:
        """ "Ayu P." — how a minor is named to other members."""
        parts = self.display_name.split()
        if len(parts) < 2:
            return self.display_name
        return f"{parts[0]} {parts[-1][0]}."

    @property
    def community_name(self) -> str:
        """How other members of a shared community see this person: a minor by first name and
        initial unless a guardian allowed the full name; an erased account as a former member."""
        if self.erased_at is not None:
            return str(_("former member"))
        if self.is_minor and not self.show_full_name:
            return self.first_name_and_initial
        return self.display_name

    @property
    def public_name(self) -> str:
        """How anyone outside the person's communities sees them: a minor always by first name
        and initial, whatever a guardian allowed inside the community."""
        if self.erased_at is not None:
            return str(_("former member"))
        if self.is_minor:
            return self.first_name_and_initial
        return self.display_name

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def guardians(self) -> models.QuerySet[User]:
        return User.objects.filter(guarding__minor=self)

    def children(self) -> models.QuerySet[User]:
        return User.objects.filter(guarded_by__guardian=self)


class Guardianship(models.Model):
    """A guardian (an adult account) answers for a minor member."""

    guardian = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guarding", verbose_name=_("guardian"))
    minor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guarded_by", verbose_name=_("minor"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "minor"], name="guardianship_unique"),
            models.CheckConstraint(condition=~models.Q(guardian=models.F("minor")), name="guardianship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.minor}"


class GuardianRequest(models.Model):
    """A minor signed up alone; the account waits until the named guardian confirms by e-mail."""

    minor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="guardian_requests", verbose_name=_("minor"))
    guardian_email = models.EmailField(_("guardian's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("guardian request")
        verbose_name_plural = _("guardian requests")

    def __str__(self) -> str:
        return f"{self.minor} ← {self.guardian_email}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.expires_at > now()


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ChildLoginLink(models.Model):
    """A one-time log-in link a guardian makes for a child without e-mail. Only its hash is stored."""

    minor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_links", verbose_name=_("minor"))
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("child log-in link")
        verbose_name_plural = _("child log-in links")

    def __str__(self) -> str:
        return f"{self.minor} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > now()


class StandingConsent(models.Model):
    """A guardian's standing rule: the child's answers to sessions at venues suitable for minors in
    this community need no consent each time."""

    minor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="standing_consents", verbose_name=_("minor"))
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+", verbose_name=_("community")
    )
    given_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("standing consent")
        verbose_name_plural = _("standing consents")
        constraints = [models.UniqueConstraint(fields=["minor", "community"], name="standing_consent_unique")]

    def __str__(self) -> str:
        return f"{self.minor} @ {self.community_id}"


class DataExport(models.Model):
    """A ZIP of everything Sebaya holds about ``subject``, asked for by them or their guardian.

    The file lives outside the public media folder, readable by the server's user only; it is
    downloaded through a view that checks who asks, and is deleted once it expires."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    subject = models.ForeignKey(User, on_delete=models.CASCADE, related_name="exports", verbose_name=_("about"))
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    path = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.created_at:%Y-%m-%d}"

    @property
    def is_available(self) -> bool:
        return self.status == self.Status.READY and self.expires_at > now()

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommunityKind(models.TextChoices):
    FAMILY_CIRCLE = "family_circle", _("Family circle / home-school")
    ART_COLLECTIVE = "art_collective", _("Art collective")
    NGO = "ngo", _("Neighbourhood group / NGO")
    READING_GARDEN = "reading_garden", _("Reading garden / library")
    SCHOOL_ALTERNATIVE = "school_alternative", _("Alternative school / micro-school")
    OTHER = "other", _("Other")


class CommunityVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: listed in the directory")
    UNLISTED = "unlisted", _("Unlisted: only people with the link find it")


class Community(models.Model):
    Kind = CommunityKind
    Visibility = CommunityVisibility

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_("Letters, digits and dashes, used in the community's link."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.FAMILY_CIRCLE)
    city = models.CharField(_("city"), max_length=80)
    description = models.TextField(_("description"), help_text=_("What the community is about. Markdown is allowed."))
    norms = models.TextField(
        _("norms and code of conduct"),
        blank=True,
        help_text=_("How members treat each other, especially children. Markdown is allowed."),
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Jakarta", help_text=_("Sessions are scheduled in this time zone.")
    )
    members_can_host = models.BooleanField(
        _("members may schedule sessions they host"),
        default=True,
        help_text=_("When off, only organisers and facilitators schedule sessions."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


LANGUAGE_CHOICES = [
    ("id", _("Indonesian")),
    ("en", _("English")),
    ("jv", _("Javanese")),
    ("su", _("Sundanese")),
    ("zh", _("Chinese")),
    ("ar", _("Arabic")),
]


class MembershipRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person in a community, with a role and what the planner needs to know about them there."""

    Role = MembershipRole

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("community")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    # The member's planning profile in this community (SPEC.md's person).
    home_area = models.CharField(
        _("home area"), max_length=100, blank=True, help_text=_("Your neighbourhood, e.g. “Kemang” or “Prawirotaman”.")
    )
    # An approximate point, rounded to about 100 m when saved; never shown to anyone else.
    home_lat = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    home_lng = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    max_travel_km = models.FloatField(
        _("how far I travel (km)"), default=5.0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    max_sessions = models.PositiveSmallIntegerField(
        _("sessions per week at most"), default=3, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    max_teach = models.PositiveSmallIntegerField(
        _("of which I teach at most"), default=1, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Set by a moderator: until then the member reads but cannot answer, host or post.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community", "user__display_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(max_teach__lte=models.F("max_sessions")), name="membership_teach_le_sessions"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.community}"

    @property
    def is_organiser(self) -> bool:
        return self.role == self.Role.ORGANISER

    @property
    def can_facilitate(self) -> bool:
        return self.role in {self.Role.ORGANISER, self.Role.FACILITATOR}

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    def ensure_not_suspended(self) -> None:
        """Refuse an action (answering, hosting, posting) while a moderator's suspension runs."""
        if self.is_suspended:
            from sebaya.core.errors import Forbidden

            assert self.suspended_until is not None
            until = timezone.localtime(self.suspended_until).strftime("%Y-%m-%d")
            raise Forbidden(_("Your membership is suspended until %(date)s.") % {"date": until}, code="suspended")

    @property
    def has_home_point(self) -> bool:
        return self.home_lat is not None and self.home_lng is not None


def new_invite_token() -> str:
    return secrets.token_urlsafe(24)


class Invite(models.Model):
    """A link that lets anyone who has it join the community until it expires."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invites", verbose_name=_("community")
    )
    token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    uses = models.PositiveIntegerField(_("used"), default=0)

    class Meta:
        verbose_name = _("invite link")
        verbose_name_plural = _("invite links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.community} invite until {self.expires_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class JoinRequestStatus(models.TextChoices):
    PENDING_GUARDIAN = "pending_guardian", _("Waiting for a guardian")
    PENDING = "pending", _("Waiting for an organiser")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class JoinRequest(models.Model):
    """Someone asks to join. A minor's request waits for a guardian first, then (without an invite) an organiser."""

    Status = JoinRequestStatus

    OPEN = (Status.PENDING_GUARDIAN, Status.PENDING)

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("community")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("user")
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    invite = models.ForeignKey(Invite, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=models.Q(status__in=["pending_guardian", "pending"]),
                name="join_request_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.community} ({self.status})"

"""Learning sessions ("meetups": the label ``sessions`` belongs to Django).

A session is one member teaching a skill to a few peers at a venue at a time. Members RSVP;
when it is full they join a first-come waitlist; afterwards attendance and feedback are kept.
"""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sebaya.skills.models import LEVEL_VALIDATORS

if TYPE_CHECKING:
    from sebaya.accounts.models import User


class MeetupStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Done")


def new_checkin_code() -> str:
    # Six digits are easy to read out in a room and to type on a phone.
    return f"{secrets.randbelow(1_000_000):06d}"


class Series(models.Model):
    """A weekly series: "every Saturday 10:00 for 8 weeks". Each occurrence is its own session."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="series", verbose_name=_("community")
    )
    weeks = models.PositiveSmallIntegerField(_("weeks"), validators=[MinValueValidator(1), MaxValueValidator(52)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        first = self.meetups.order_by("starts_at").first()
        return f"{first.title if first else '?'} × {self.weeks}"


class Meetup(models.Model):
    Status = MeetupStatus

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Calendar apps replace an event only when its SEQUENCE grows: it goes up with every change of
    # time or place and with a cancellation.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="meetups", verbose_name=_("community")
    )
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="meetups", verbose_name=_("skill"))
    # Empty once the host has left the community: their upcoming sessions are cancelled as they go
    # (see signals.py), and the past ones stay, hosted by a former member.
    host = models.ForeignKey(
        "communities.Membership",
        on_delete=models.SET_NULL,
        null=True,
        related_name="hosted_meetups",
        verbose_name=_("host"),
    )
    cohosts = models.ManyToManyField(
        "communities.Membership", blank=True, related_name="cohosted_meetups", verbose_name=_("co-hosts")
    )
    title = models.CharField(_("title"), max_length=140)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("What you will do. Markdown is allowed."))
    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, null=True, blank=True, related_name="meetups", verbose_name=_("venue")
    )
    online_url = models.URLField(_("online link"), blank=True, help_text=_("Instead of a venue: the video-call link."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(
        _("seats"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Places for participants, the host not counted."),
    )
    level_min = models.PositiveSmallIntegerField(_("lowest level"), default=1, validators=LEVEL_VALIDATORS)
    level_max = models.PositiveSmallIntegerField(_("highest level"), default=5, validators=LEVEL_VALIDATORS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    series = models.ForeignKey(Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetups")
    notes = models.TextField(
        _("host's notes"), blank=True, help_text=_("After the session: what happened, what to read next.")
    )
    checkin_code = models.CharField(max_length=6, default=new_checkin_code)
    flagged = models.BooleanField(
        _("flagged for the organisers"),
        default=False,
        help_text=_("Set when a session would leave a child alone with an adult."),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reminded_24h_at = models.DateTimeField(null=True, blank=True)
    reminded_2h_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["community", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meetup_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(level_min__lte=models.F("level_max")), name="meetup_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def host_user(self) -> User | None:
        """The host's account, or None once the host has left the community."""
        return self.host.user if self.host is not None else None

    @property
    def is_online(self) -> bool:
        return self.venue is None or self.venue.is_online

    @property
    def is_visible_to_all(self) -> bool:
        return self.status in {MeetupStatus.PUBLISHED, MeetupStatus.DONE, MeetupStatus.CANCELLED}


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Going")
    WAITLISTED = "waitlisted", _("On the waitlist")
    PENDING_GUARDIAN = "pending_guardian", _("Waiting for a guardian's consent")
    NOT_GOING = "not_going", _("Not going")


class Rsvp(models.Model):
    """A member's answer to a session, and afterwards whether they came."""

    Status = RsvpStatus

    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("session"))
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("member")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The waitlist is first come, first served: the time one joined it, then the row id.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(
        _("attended"), null=True, blank=True, help_text=_("Empty until attendance is taken.")
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["meetup", "membership"], name="rsvp_unique")]

    def __str__(self) -> str:
        return f"{self.membership} → {self.meetup}: {self.status}"


class Pace(models.TextChoices):
    TOO_SLOW = "too_slow", _("Too slow")
    RIGHT = "right", _("Just right")
    TOO_FAST = "too_fast", _("Too fast")


class Feedback(models.Model):
    """What an attendee thought. The host sees only the aggregate, never who said what."""

    meetup = models.ForeignKey(Meetup, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("session"))
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="feedback_given", verbose_name=_("member")
    )
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    pace = models.CharField(_("pace"), max_length=10, choices=Pace.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [models.UniqueConstraint(fields=["meetup", "membership"], name="feedback_once")]

    def __str__(self) -> str:
        return f"{self.meetup}: {self.usefulness}/5"

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Planning")
    DONE = "done", _("Draft ready")
    FAILED = "failed", _("Could not plan")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a re-plan")


class PlanKind(models.TextChoices):
    PLAN = "plan", _("First draft")
    REPLAN = "replan", _("Re-plan of a draft")


class PlanRun(models.Model):
    """One run of the planner for a community's week, stored with its instance so it can be re-checked."""

    Status = PlanStatus

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="plan_runs", verbose_name=_("community")
    )
    week_start = models.DateField(_("week of"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    best_score = models.FloatField(_("best score so far"), null=True, blank=True)
    instance = models.JSONField(_("planner input"))
    plan = models.JSONField(_("plan"), null=True, blank=True)
    left_out = models.JSONField(_("members left out"), default=list, blank=True)
    error = models.TextField(_("problems"), blank=True)
    time_limit = models.FloatField(_("time limit (seconds)"), default=20.0)
    seed = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices, default=PlanKind.PLAN)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("re-plan of")
    )
    # The organiser's edits of the draft: sessions pinned (kept exactly by a re-plan), and the
    # teacher/skill/start combinations removed, which no later re-plan of this draft proposes again.
    pinned = models.JSONField(_("pinned sessions"), default=list, blank=True)
    excluded = models.JSONField(_("removed sessions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.community} {self.week_start} ({self.status})"


class PlannedSession(models.Model):
    """A published session that came from a plan: which of the plan's sessions it is."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="planned", verbose_name=_("plan"))
    meetup = models.OneToOneField(
        "meetups.Meetup", on_delete=models.CASCADE, related_name="planned", verbose_name=_("session")
    )
    index = models.PositiveIntegerField(_("position in the plan"))

    class Meta:
        verbose_name = _("planned session")
        verbose_name_plural = _("planned sessions")
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="planned_session_unique_index")]

    def __str__(self) -> str:
        return f"{self.run_id}#{self.index} → {self.meetup_id}"

    @property
    def session(self) -> dict[str, Any]:
        """The session as the plan published it (sebaya-plan/1 session object)."""
        sessions: list[dict[str, Any]] = (self.run.plan or {}).get("sessions", [])
        return sessions[self.index]


class DeclineRole(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    LEARNER = "learner", _("learner")


class DeclineOutcome(models.TextChoices):
    LEFT = "left", _("Seat freed")
    REPLACED = "replaced", _("Another teacher takes over")
    CANCELLED = "cancelled", _("Session cancelled")


class Decline(models.Model):
    """A member (or their guardian) declined a planned session, and how the plan was repaired."""

    Role = DeclineRole
    Outcome = DeclineOutcome

    planned = models.ForeignKey(
        PlannedSession, on_delete=models.CASCADE, related_name="declines", verbose_name=_("planned session")
    )
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    replacement = models.ForeignKey(
        "communities.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replacement teacher"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("declined by")
    )
    created_at = models.DateTimeField(_("declined"), auto_now_add=True)

    class Meta:
        verbose_name = _("declined assignment")
        verbose_name_plural = _("declined assignments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.membership_id} declines {self.planned_id} ({self.outcome})"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Planning")
    DONE = "done", _("Draft ready")
    FAILED = "failed", _("Could not plan")
    PUBLISHED = "published", _("Published")


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

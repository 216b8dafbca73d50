from django.contrib import admin

from .models import Decline, PlannedSession, PlanRun


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin[PlanRun]):
    list_display = ["community", "week_start", "kind", "status", "best_score", "created_at", "published_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["community", "created_by", "parent"]


@admin.register(PlannedSession)
class PlannedSessionAdmin(admin.ModelAdmin[PlannedSession]):
    list_display = ["run", "index", "meetup"]
    raw_id_fields = ["run", "meetup"]


@admin.register(Decline)
class DeclineAdmin(admin.ModelAdmin[Decline]):
    list_display = ["planned", "membership", "role", "outcome", "replacement", "created_at"]
    list_filter = ["role", "outcome"]
    raw_id_fields = ["planned", "membership", "replacement", "by"]

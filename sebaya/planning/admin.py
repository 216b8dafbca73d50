from django.contrib import admin

from .models import PlanRun


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin[PlanRun]):
    list_display = ["community", "week_start", "status", "best_score", "created_at", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["community", "created_by"]

from django.contrib import admin

from .models import Ban, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ["created_at", "community", "kind", "target_label", "reason", "involves_minor", "status", "outcome"]
    list_filter = ["status", "reason", "involves_minor", "kind"]
    search_fields = ["target_label", "details"]
    raw_id_fields = ["community", "reporter", "subject", "handled_by"]
    # Decisions go through the moderation pages, which lock, notify and audit; the admin only reads.
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin[Ban]):
    list_display = ["user", "by", "created_at"]
    raw_id_fields = ["user", "by", "report"]
    readonly_fields = ["user", "by", "report", "reason", "created_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

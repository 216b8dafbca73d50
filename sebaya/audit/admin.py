from django.contrib import admin

from .models import AuditEvent, KnownDevice


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "action", "actor", "subject", "community", "target"]
    list_filter = ["action"]
    search_fields = ["target", "actor__email", "subject__email"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(KnownDevice)
class KnownDeviceAdmin(admin.ModelAdmin[KnownDevice]):
    list_display = ["user", "first_seen"]
    raw_id_fields = ["user"]
    exclude = ["fingerprint"]

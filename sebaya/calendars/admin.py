from django.contrib import admin
from django.http import HttpRequest

from .models import CalendarToken


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin[CalendarToken]):
    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "user__username", "user__display_name"]
    raw_id_fields = ["user"]
    # The hash alone is useless to an operator; members create and regenerate their own links.
    exclude = ["token_hash"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

from django.contrib import admin

from .models import EmailMute, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]


@admin.register(EmailMute)
class EmailMuteAdmin(admin.ModelAdmin[EmailMute]):
    list_display = ["user", "kind"]
    raw_id_fields = ["user"]

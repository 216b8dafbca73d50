from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, ChildLoginLink, DataExport, GuardianRequest, Guardianship, StandingConsent, User


class GuardianshipInline(admin.TabularInline[Guardianship, User]):
    model = Guardianship
    fk_name = "minor"
    extra = 0
    raw_id_fields = ["guardian"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "username", "display_name", "birth_date", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "language"]
    readonly_fields = ["erased_at"]
    search_fields = ["email", "username", "display_name"]
    inlines = [GuardianshipInline]
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        (_("Person"), {"fields": ("display_name", "birth_date", "language", "timezone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Guardians' choices"), {"fields": ("paused_at", "show_full_name")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "erased_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "display_name", "birth_date", "password1", "password2")}),
    )


@admin.register(Guardianship)
class GuardianshipAdmin(admin.ModelAdmin[Guardianship]):
    list_display = ["guardian", "minor", "created_at"]
    raw_id_fields = ["guardian", "minor"]


@admin.register(GuardianRequest)
class GuardianRequestAdmin(admin.ModelAdmin[GuardianRequest]):
    list_display = ["minor", "guardian_email", "created_at", "expires_at", "confirmed_at"]
    raw_id_fields = ["minor", "confirmed_by"]
    exclude = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    exclude = ["key_hash"]


@admin.register(ChildLoginLink)
class ChildLoginLinkAdmin(admin.ModelAdmin[ChildLoginLink]):
    list_display = ["minor", "created_by", "created_at", "expires_at", "used_at"]
    raw_id_fields = ["minor", "created_by"]
    exclude = ["token_hash"]


@admin.register(StandingConsent)
class StandingConsentAdmin(admin.ModelAdmin[StandingConsent]):
    list_display = ["minor", "community", "given_by", "created_at"]
    raw_id_fields = ["minor", "given_by"]


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin[DataExport]):
    # The file itself is personal data: the admin shows that an export exists, never its content.
    list_display = ["subject", "requested_by", "status", "size", "created_at", "expires_at"]
    raw_id_fields = ["subject", "requested_by"]
    exclude = ["path"]

from django.contrib import admin

from .models import Community, Invite, JoinRequest, Membership


class MembershipInline(admin.TabularInline[Membership, Community]):
    model = Membership
    extra = 0
    fields = ["user", "role", "home_area", "max_travel_km", "max_sessions", "max_teach"]
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "slug", "kind", "city", "visibility", "created_at"]
    list_filter = ["kind", "visibility", "city"]
    search_fields = ["name", "slug", "city"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "community", "role", "joined_at"]
    list_filter = ["role", "community"]
    search_fields = ["user__display_name", "user__email", "community__name"]
    raw_id_fields = ["user", "community"]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin[Invite]):
    list_display = ["community", "created_by", "created_at", "expires_at", "revoked_at", "uses"]
    raw_id_fields = ["community", "created_by"]
    exclude = ["token"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin[JoinRequest]):
    list_display = ["user", "community", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["user", "community", "invite", "decided_by"]

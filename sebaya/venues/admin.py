from django.contrib import admin

from .models import Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin[Venue]):
    list_display = ["name", "community", "kind", "capacity", "rooms", "minors_ok", "is_active"]
    list_filter = ["kind", "minors_ok", "is_active"]
    search_fields = ["name", "address", "community__name"]
    raw_id_fields = ["community", "host"]

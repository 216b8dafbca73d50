from django.contrib import admin

from .models import Feedback, Meetup, Rsvp, Series


class RsvpInline(admin.TabularInline[Rsvp, Meetup]):
    model = Rsvp
    extra = 0
    raw_id_fields = ["membership"]


@admin.register(Meetup)
class MeetupAdmin(admin.ModelAdmin[Meetup]):
    list_display = ["title", "community", "skill", "starts_at", "status", "capacity", "flagged"]
    list_filter = ["status", "flagged", "community"]
    search_fields = ["title"]
    raw_id_fields = ["community", "skill", "host", "venue", "series", "created_by"]
    filter_horizontal = ["cohosts"]
    inlines = [RsvpInline]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin[Series]):
    list_display = ["community", "weeks", "created_at"]


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin[Rsvp]):
    list_display = ["meetup", "membership", "status", "attended"]
    list_filter = ["status"]
    raw_id_fields = ["meetup", "membership"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["meetup", "usefulness", "pace", "created_at"]
    raw_id_fields = ["meetup", "membership"]

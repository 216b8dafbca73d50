from django.contrib import admin

from .models import HelpfulVote, LearningPath, Material, MaterialVersion, MeetupMaterial, PathProgress, PathStep


class VersionInline(admin.TabularInline[MaterialVersion, Material]):
    model = MaterialVersion
    extra = 0
    fields = ["number", "title", "file_name", "edited_by", "restored_from", "created_at"]
    readonly_fields = ["number", "title", "file_name", "edited_by", "restored_from", "created_at"]
    can_delete = False


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin[Material]):
    list_display = ["title", "kind", "community", "visibility", "licence", "hidden", "deleted_at", "created_at"]
    list_filter = ["kind", "visibility", "licence", "hidden", "language"]
    search_fields = ["title", "description"]
    raw_id_fields = ["community", "author"]
    filter_horizontal = ["skills"]
    readonly_fields = ["file", "file_name", "content_type", "size", "thumbnail", "version", "deleted_at"]
    inlines = [VersionInline]


class StepInline(admin.TabularInline[PathStep, LearningPath]):
    model = PathStep
    extra = 0
    raw_id_fields = ["material", "meetup"]


@admin.register(LearningPath)
class LearningPathAdmin(admin.ModelAdmin[LearningPath]):
    list_display = ["title", "skill", "community", "level_from", "level_to", "visibility"]
    list_filter = ["visibility"]
    raw_id_fields = ["community", "skill", "author"]
    inlines = [StepInline]


@admin.register(MaterialVersion)
class MaterialVersionAdmin(admin.ModelAdmin[MaterialVersion]):
    list_display = ["material", "number", "title", "edited_by", "created_at"]
    raw_id_fields = ["material", "edited_by"]


@admin.register(PathStep)
class PathStepAdmin(admin.ModelAdmin[PathStep]):
    list_display = ["path", "position", "kind", "material", "title", "meetup"]
    raw_id_fields = ["path", "material", "meetup"]


@admin.register(PathProgress)
class PathProgressAdmin(admin.ModelAdmin[PathProgress]):
    list_display = ["step", "user", "done_at"]
    raw_id_fields = ["step", "user"]


admin.site.register(HelpfulVote)
admin.site.register(MeetupMaterial)

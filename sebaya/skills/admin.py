from django.contrib import admin

from .models import LearnSkill, Skill, TeachSkill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["slug", "name_id", "name_en", "category", "community", "duration_hours", "min_group", "max_group"]
    list_filter = ["category", "community"]
    search_fields = ["slug", "name_id", "name_en"]


@admin.register(TeachSkill)
class TeachSkillAdmin(admin.ModelAdmin[TeachSkill]):
    list_display = ["membership", "skill", "level"]
    raw_id_fields = ["membership", "skill"]


@admin.register(LearnSkill)
class LearnSkillAdmin(admin.ModelAdmin[LearnSkill]):
    list_display = ["membership", "skill", "level", "priority"]
    raw_id_fields = ["membership", "skill"]

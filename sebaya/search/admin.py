from django.contrib import admin

from .models import Document, DocumentSkill, DocumentText


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    """Read-only: the index is kept by signals and ``rebuild_search_index``, never by hand."""

    list_display = ["title", "kind", "community", "audience", "language", "updated_at"]
    list_filter = ["kind", "audience", "language"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(DocumentSkill)
class DocumentSkillAdmin(admin.ModelAdmin[DocumentSkill]):
    list_display = ["document", "skill_id"]
    raw_id_fields = ["document"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(DocumentText)
class DocumentTextAdmin(admin.ModelAdmin[DocumentText]):
    list_display = ["document"]
    raw_id_fields = ["document"]

    def has_add_permission(self, request: object) -> bool:
        return False

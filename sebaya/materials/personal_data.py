"""A member's materials for the data-rights feature: export, files, erase.

What erasing an account does here (decided for the knowledge commons):

- materials the person shared **with their community only** are deleted, files included: they were
  shared among people who knew the author, and nobody outside relied on them;
- materials in the **public commons** stay, because other communities may use them in sessions
  and paths under an open licence; the author becomes "former member" (the author link is
  cleared, and the versions they wrote no longer name them);
- their helpful votes and their progress on learning paths are deleted;
- learning paths they made stay with their community, without an author.
"""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.core.personal_data import Activity

from .models import HelpfulVote, LearningPath, Material, MaterialVersion, MeetupMaterial, PathProgress, Visibility
from .services import material_delete


def _material(m: Material) -> dict[str, Any]:
    return {
        "id": m.pk,
        "community": m.community.slug,
        "kind": m.kind,
        "title": m.title,
        "description": m.description,
        "language": m.language,
        "skills": list(m.skills.values_list("slug", flat=True)),
        "levels": m.levels,
        "licence": m.licence,
        "visibility": m.visibility,
        "url": m.url,
        "body": m.body,
        "file_name": m.file_name,
        "content_type": m.content_type,
        "size": m.size,
        "version": m.version,
        "created_at": m.created_at.isoformat(),
        "updated_at": m.updated_at.isoformat(),
    }


def export(user: User) -> dict[str, Any]:
    """Everything of the knowledge commons that is about ``user`` (JSON-serialisable)."""
    materials = Material.objects.filter(author=user, deleted_at__isnull=True).select_related("community")
    versions = MaterialVersion.objects.filter(edited_by=user).select_related("material")
    return {
        "materials": [_material(m) for m in materials.order_by("created_at")],
        "versions_written": [
            {
                "material": v.material_id,
                "number": v.number,
                "title": v.title,
                "description": v.description,
                "body": v.body,
                "url": v.url,
                "file_name": v.file_name,
                "created_at": v.created_at.isoformat(),
            }
            for v in versions.order_by("material_id", "number")
        ],
        "helpful_votes": [
            {"material": v.material_id, "title": v.material.title, "at": v.created_at.isoformat()}
            for v in HelpfulVote.objects.filter(user=user).select_related("material").order_by("created_at")
        ],
        "path_progress": [
            {
                "path": p.step.path_id,
                "path_title": p.step.path.title,
                "step": p.step.position,
                "done_at": p.done_at.isoformat(),
            }
            for p in PathProgress.objects.filter(user=user).select_related("step__path").order_by("done_at")
        ],
        "learning_paths": list(LearningPath.objects.filter(author=user).values("id", "title", "community__slug")),
    }


def files(user: User) -> list[tuple[str, File[Any]]]:
    """The files ``user`` uploaded (the current file of each of their materials), with archive paths."""
    found: list[tuple[str, File[Any]]] = []
    for m in Material.objects.filter(author=user, deleted_at__isnull=True).exclude(file="").order_by("pk"):
        found.append((f"materials/{m.pk}-{m.file_name}", m.file))
    return found


def erase(user: User) -> None:
    """Remove or anonymise what ``user`` left in the knowledge commons (see the module's docstring)."""
    with transaction.atomic():
        for m in Material.objects.filter(author=user, deleted_at__isnull=True, visibility=Visibility.COMMUNITY):
            material_delete(material=m, by=None)
        Material.objects.filter(author=user).update(author=None)
        MaterialVersion.objects.filter(edited_by=user).update(edited_by=None)
        MeetupMaterial.objects.filter(attached_by=user).update(attached_by=None)
        LearningPath.objects.filter(author=user).update(author=None)
        HelpfulVote.objects.filter(user=user).delete()
        PathProgress.objects.filter(user=user).delete()


def child_activity(child: User) -> list[Activity]:
    """The materials the child shared (hidden ones included: a guardian sees everything their child posts)."""
    materials = Material.objects.filter(author=child, deleted_at__isnull=True).select_related("community")
    return [
        Activity(
            section=_("Materials shared"),
            text=f"{m.title} · {m.community.name}" + (f" ({_('hidden after a report')})" if m.hidden else ""),
            when=m.created_at,
            url=reverse("materials:detail", args=[m.pk]),
        )
        for m in materials.order_by("-created_at")
    ]

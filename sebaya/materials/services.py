"""Everything that changes materials and learning paths: one function per action, atomically.

Uploaded files are checked by content (``files.sniff``) before anything is written; they are then
stored under a random name with the extension of their real type. When anything fails after a
file was stored, the stored files are deleted again, so a refused or failed upload leaves neither
a row nor an orphan file.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.communities.models import Community
from sebaya.core.errors import Conflict, ServiceError
from sebaya.meetups.models import Meetup, MeetupStatus
from sebaya.search.registry import index_object
from sebaya.skills.models import Skill

from . import files
from .models import (
    HelpfulVote,
    LearningPath,
    Material,
    MaterialKind,
    MaterialVersion,
    MeetupMaterial,
    PathProgress,
    PathStep,
    StepKind,
    Visibility,
)

# The fields a version keeps and a restore brings back.
CONTENT_FIELDS = (
    "title", "description", "language", "level_min", "level_max", "licence", "url", "body",
    "file", "file_name", "content_type", "size", "thumbnail",
)  # fmt: skip
EDITABLE = {"title", "description", "language", "level_min", "level_max", "licence", "visibility", "url", "body"}


@contextmanager
def _cleanup_on_failure() -> Iterator[list[str]]:
    """Yield a list to which stored file names are added; delete them if the block fails."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _store(upload: File[Any], community_id: int, stored: list[str]) -> dict[str, Any]:
    """Check ``upload`` and store it (and a thumbnail of an image); return the material's file fields."""
    files.check_size(upload.size or 0)
    sniffed = files.sniff(upload)
    folder = f"materials/{community_id}"
    upload.seek(0)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{sniffed.extension}", upload)
    stored.append(name)
    thumbnail = ""
    if sniffed.is_image:
        thumbnail = default_storage.save(
            f"{folder}/{uuid.uuid4().hex}-thumb.jpg", ContentFile(files.make_thumbnail(upload))
        )
        stored.append(thumbnail)
    return {
        "file": name,
        "file_name": files.safe_file_name(upload.name or "", sniffed.extension),
        "content_type": sniffed.content_type,
        "size": upload.size or 0,
        "thumbnail": thumbnail,
    }


def _check_content(*, kind: str, url: str, body: str, has_file: bool) -> None:
    if kind == MaterialKind.FILE and not has_file:
        raise ServiceError(_("Choose a file to upload."), code="file_missing")
    if kind == MaterialKind.LINK and not url.lower().startswith(("https://", "http://")):
        raise ServiceError(_("Give a web address starting with https:// or http://."), code="url_missing")
    if kind == MaterialKind.NOTE and not body.strip():
        raise ServiceError(_("Write the note."), code="body_missing")


def _check_levels(level_min: int, level_max: int) -> None:
    if not 1 <= level_min <= level_max <= 5:
        raise ServiceError(_("The levels go from 1 to 5, the first not above the second."), code="levels")


def _check_visibility(*, author: User, visibility: str) -> None:
    # A minor shares within their own community, where the adults around them know them; the
    # public commons reaches strangers, so it is for adults only.
    if visibility == Visibility.PUBLIC and author.is_minor:
        raise ServiceError(
            _("Members under 18 share materials with their community only, not in the public commons."),
            code="minor_public",
        )


def _check_skills(community: Community, skills: Iterable[Skill]) -> list[Skill]:
    chosen = list(skills)
    allowed = set(
        Skill.objects.available_to(community.pk).filter(pk__in=[s.pk for s in chosen]).values_list("pk", flat=True)
    )
    if any(s.pk not in allowed for s in chosen):
        raise ServiceError(_("Choose skills of the catalogue or of this community."), code="skill")
    return chosen


def _snapshot(material: Material, *, by: User | None, restored_from: int | None = None) -> MaterialVersion:
    return MaterialVersion.objects.create(
        material=material,
        number=material.version,
        skill_ids=sorted(material.skills.values_list("pk", flat=True)),
        edited_by=by,
        restored_from=restored_from,
        **{f: getattr(material, f) for f in CONTENT_FIELDS},
    )


def material_create(
    *,
    community: Community,
    author: User,
    kind: str,
    title: str,
    description: str = "",
    language: str = "id",
    skills: Iterable[Skill] = (),
    level_min: int = 1,
    level_max: int = 5,
    licence: str = Material.Licence.CC_BY,
    visibility: str = Visibility.COMMUNITY,
    url: str = "",
    body: str = "",
    upload: File[Any] | None = None,
) -> Material:
    """Share a material in ``community`` (the caller checked that ``author`` belongs to it).

    Version 1 is recorded. A file is checked by content and stored; if anything fails, nothing
    stays behind: no row, no file.
    """
    _check_content(kind=kind, url=url, body=body, has_file=upload is not None)
    _check_levels(level_min, level_max)
    _check_visibility(author=author, visibility=visibility)
    chosen = _check_skills(community, skills)
    if upload is not None and kind == MaterialKind.FILE:
        # Refuse a bad file before anything is stored.
        files.check_size(upload.size or 0)
        files.sniff(upload)
    with _cleanup_on_failure() as stored, transaction.atomic():
        fields: dict[str, Any] = {}
        if upload is not None and kind == MaterialKind.FILE:
            fields = _store(upload, community.pk, stored)
        material = Material.objects.create(
            community=community, author=author, kind=kind, title=title, description=description,
            language=language, level_min=level_min, level_max=level_max, licence=licence,
            visibility=visibility, url=url if kind == MaterialKind.LINK else "",
            body=body if kind == MaterialKind.NOTE else "", **fields,
        )  # fmt: skip
        material.skills.set(chosen)
        _snapshot(material, by=author)
    return material


def material_update(
    *,
    material: Material,
    by: User,
    skills: Iterable[Skill] | None = None,
    upload: File[Any] | None = None,
    **changes: Any,
) -> Material:
    """Change a material and record the result as a new version (the old one stays restorable)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if upload is not None and material.kind != MaterialKind.FILE:
        raise ServiceError(_("Only a file material takes a new file."), code="not_a_file")
    merged = {f: changes.get(f, getattr(material, f)) for f in EDITABLE}
    _check_content(kind=material.kind, url=merged["url"], body=merged["body"], has_file=True)
    _check_levels(merged["level_min"], merged["level_max"])
    if merged["visibility"] == Visibility.PUBLIC and material.visibility != Visibility.PUBLIC:
        _check_visibility(author=by, visibility=merged["visibility"])
        if material.author is not None:
            _check_visibility(author=material.author, visibility=merged["visibility"])
    chosen = _check_skills(material.community, skills) if skills is not None else None
    if upload is not None:
        files.check_size(upload.size or 0)
        files.sniff(upload)
    with _cleanup_on_failure() as stored, transaction.atomic():
        locked = Material.objects.select_for_update().get(pk=material.pk)
        for f, value in merged.items():
            setattr(locked, f, value)
        if upload is not None:
            for f, value in _store(upload, locked.community_id, stored).items():
                setattr(locked, f, value)
        locked.version += 1
        locked.save()
        if chosen is not None:
            locked.skills.set(chosen)
        _snapshot(locked, by=by)
    material.refresh_from_db()
    return material


def material_restore(*, material: Material, version: MaterialVersion, by: User) -> Material:
    """Bring back what ``version`` said, as a new version (history is never rewritten)."""
    if version.material_id != material.pk:
        raise ValueError("version of another material")
    with transaction.atomic():
        locked = Material.objects.select_for_update().get(pk=material.pk)
        if version.number == locked.version:
            raise Conflict(_("This is already the current version."), code="current_version")
        for f in CONTENT_FIELDS:
            setattr(locked, f, getattr(version, f))
        locked.version += 1
        locked.save()
        locked.skills.set(Skill.objects.filter(pk__in=version.skill_ids))
        _snapshot(locked, by=by, restored_from=version.number)
    material.refresh_from_db()
    return material


def _stored_names(material: Material) -> set[str]:
    names = {material.file.name, material.thumbnail.name}
    for v in material.versions.all():
        names |= {v.file.name, v.thumbnail.name}
    return {n for n in names if n}


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)


def material_delete(*, material: Material, by: User | None) -> None:
    """Delete a material: its row stays as a tombstone (so search can forget it), its files go."""
    with transaction.atomic():
        names = _stored_names(material)
        Material.objects.filter(pk=material.pk).update(
            deleted_at=timezone.now(), file="", thumbnail="", body="", url="", description=""
        )
        material.versions.all().delete()
        material.meetup_links.all().delete()
        material.path_steps.all().delete()
        material.votes.all().delete()
        transaction.on_commit(lambda: _delete_files(names))
        material.refresh_from_db()
        index_object(material)


def material_hide(*, material: Material, by: User | None) -> Material:
    """Hide a reported material: afterwards only its author and its community's organisers see it."""
    Material.objects.filter(pk=material.pk).update(hidden=True)
    material.hidden = True
    index_object(material)
    return material


def material_unhide(*, material: Material, by: User | None) -> Material:
    Material.objects.filter(pk=material.pk).update(hidden=False)
    material.hidden = False
    index_object(material)
    return material


def material_vote(*, material: Material, user: User, helpful: bool) -> int:
    """Say (or take back) that ``material`` helped; one vote per member. Return the new count."""
    if helpful and material.author_id == user.pk:
        raise ServiceError(_("You cannot vote for your own material."), code="own_material")
    with transaction.atomic():
        if helpful:
            HelpfulVote.objects.get_or_create(material=material, user=user)
        else:
            HelpfulVote.objects.filter(material=material, user=user).delete()
    return HelpfulVote.objects.filter(material=material).count()


def _reusable_in(material: Material, community_id: int) -> bool:
    return material.visibility == Visibility.PUBLIC or material.community_id == community_id


def material_attach(*, material: Material, meetup: Meetup, by: User) -> MeetupMaterial:
    """Use a material in a session (a material of the session's community or of the public commons)."""
    if not _reusable_in(material, meetup.community_id):
        raise ServiceError(
            _("Only materials of this community or of the public commons can be used in its sessions."),
            code="not_shareable",
        )
    if meetup.status == MeetupStatus.CANCELLED:
        raise Conflict(_("This session is cancelled."), code="cancelled")
    link, _created = MeetupMaterial.objects.get_or_create(
        meetup=meetup, material=material, defaults={"attached_by": by}
    )
    return link


def material_detach(*, material: Material, meetup: Meetup) -> None:
    MeetupMaterial.objects.filter(meetup=meetup, material=material).delete()


def sessions_used(material: Material) -> int:
    """How many sessions (not cancelled) used the material."""
    return material.meetup_links.exclude(meetup__status=MeetupStatus.CANCELLED).count()


def path_create(
    *,
    community: Community,
    author: User,
    skill: Skill,
    title: str,
    description: str = "",
    level_from: int = 1,
    level_to: int = 5,
    visibility: str = Visibility.COMMUNITY,
) -> LearningPath:
    """Start a learning path for ``skill`` in ``community``."""
    _check_levels(level_from, level_to)
    _check_visibility(author=author, visibility=visibility)
    _check_skills(community, [skill])
    return LearningPath.objects.create(
        community=community, author=author, skill=skill, title=title, description=description,
        level_from=level_from, level_to=level_to, visibility=visibility,
    )  # fmt: skip


def path_step_add(
    *,
    path: LearningPath,
    kind: str,
    material: Material | None = None,
    title: str = "",
    level: int | None = None,
    meetup: Meetup | None = None,
    note: str = "",
) -> PathStep:
    """Add a step at the end: a material, or a session (a suggestion with a title and a level, or a scheduled one)."""
    if kind == StepKind.MATERIAL:
        if material is None:
            raise ServiceError(_("Choose a material."), code="material_missing")
        if not _reusable_in(material, path.community_id) or (path.is_public and not material.is_public):
            raise ServiceError(
                _("A path uses materials that everyone who can see the path can see too."), code="not_shareable"
            )
        meetup, title, level = None, "", None
    else:
        material = None
        if meetup is not None and meetup.community_id != path.community_id:
            raise ServiceError(_("Choose a session of this community."), code="meetup")
        if meetup is None and not title.strip():
            raise ServiceError(_("Give the suggested session a title, or choose a scheduled session."), code="title")
        if level is not None and not 1 <= level <= 5:
            raise ServiceError(_("The levels go from 1 to 5, the first not above the second."), code="levels")
    with transaction.atomic():
        LearningPath.objects.select_for_update().filter(pk=path.pk).first()
        last = path.steps.order_by("-position").values_list("position", flat=True).first() or 0
        return PathStep.objects.create(
            path=path, position=last + 1, kind=kind, material=material, title=title, level=level,
            meetup=meetup, note=note,
        )  # fmt: skip


def path_step_remove(*, step: PathStep) -> None:
    step.delete()


def path_step_tick(*, step: PathStep, user: User, done: bool) -> bool:
    """Mark a step done (or not done again) for ``user``; each member follows a path at their own pace."""
    if done:
        PathProgress.objects.get_or_create(step=step, user=user)
    else:
        PathProgress.objects.filter(step=step, user=user).delete()
    return done


def path_progress(path: LearningPath, user: User | Any) -> set[int]:
    """The ids of the steps of ``path`` that ``user`` has done."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(PathProgress.objects.filter(step__path=path, user_id=user.pk).values_list("step_id", flat=True))


def visible_attachments(meetup: Meetup, readable: Any) -> list[Material]:
    """The materials of a session that the viewer (whose readable queryset is given) can see."""
    return list(
        readable.filter(meetup_links__meetup=meetup)
        .select_related("author", "community")
        .order_by("meetup_links__created_at")
    )


def with_counts(qs: Any) -> Any:
    """Annotate helpful votes and sessions used (one query for a whole list)."""
    from django.db.models import Count

    return qs.annotate(
        n_helpful=Count("votes", distinct=True),
        n_sessions=Count("meetup_links", filter=~Q(meetup_links__meetup__status=MeetupStatus.CANCELLED), distinct=True),
    )

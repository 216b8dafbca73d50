"""The knowledge commons in the JSON API: materials (with multipart upload), versions, votes,
sessions' materials and learning paths. The same helpers as the pages decide who sees what."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from sebaya.accounts.models import User
from sebaya.communities.models import Community
from sebaya.communities.permissions import get_member_community, shown_name
from sebaya.core.api import OPEN, OPTIONAL_AUTH, READ, WRITE, Body, Error, Flag
from sebaya.core.api import Count as CountInt
from sebaya.core.errors import ServiceError
from sebaya.meetups.permissions import get_meetup, get_rw_meetup
from sebaya.skills.models import Skill

from . import services
from .models import HelpfulVote, LearningPath, Licence, Material, MaterialKind, MaterialVersion, Visibility
from .permissions import (
    can_change_material,
    community_ids,
    get_material,
    get_path,
    get_rw_material,
    get_step_to_tick,
    get_voting_material,
    readable_materials,
    readable_paths,
)

router = Router(tags=["materials"])

Language = Literal["id", "en", ""]
UPLOAD = {**WRITE, 413: Error}


class FileOut(Schema):
    name: str = Field(description="The download name (the real type's extension).")
    content_type: str = Field(description="The type found in the file's content.")
    size: int
    download_url: str
    thumbnail_url: str | None


class MaterialOut(Schema):
    id: int
    kind: MaterialKind
    title: str
    description: str
    language: str
    community: str = Field(description="The slug of the community it was shared in.")
    community_name: str
    author: str = Field(description="“former member” once the author's account is erased.")
    licence: Licence
    visibility: Visibility
    hidden: bool
    level_min: int
    level_max: int
    skills: list[str]
    url: str
    body: str = Field(description="A note's Markdown text.")
    file: FileOut | None
    version: int
    helpful: int
    voted: bool = Field(description="Whether you found it helpful.")
    sessions_used: int
    can_change: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class MaterialFilter(Schema):
    community: str | None = Field(None, max_length=60, description="Only this community's materials (slug).")
    skill: str | None = Field(None, max_length=60)
    kind: MaterialKind | None = None
    language: Literal["id", "en"] | None = None
    public: bool | None = Field(None, description="true: only the public commons.")


class MaterialIn(Body):
    kind: Literal["link", "note"] = Field(description="Files are uploaded with the multipart operation.")
    title: str = Field(min_length=1, max_length=140)
    description: str = Field("", max_length=5000)
    language: Language = "id"
    skills: list[str] = Field(default_factory=list, max_length=20, description="Skill slugs.")
    level_min: CountInt = Field(1, ge=1, le=5)
    level_max: CountInt = Field(5, ge=1, le=5)
    licence: Licence = Licence.CC_BY
    visibility: Visibility = Visibility.COMMUNITY
    url: str = Field("", max_length=500)
    body: str = Field("", max_length=50000)


class MaterialUploadIn(Schema):
    title: str = Field(min_length=1, max_length=140)
    description: str = Field("", max_length=5000)
    language: Language = "id"
    # No maxItems here: multipart parsing drops empty values before validation, so the limit of 20 is
    # checked on the skills that arrive (``_skills``).
    skills: list[str] = Field(default_factory=list, description="Skill slugs (repeat the field), at most 20.")
    level_min: int = Field(1, ge=1, le=5)
    level_max: int = Field(5, ge=1, le=5)
    licence: Licence = Licence.CC_BY
    visibility: Visibility = Visibility.COMMUNITY


class MaterialPatch(Body):
    title: str | None = Field(None, min_length=1, max_length=140)
    description: str | None = Field(None, max_length=5000)
    language: Language | None = None
    skills: list[str] | None = Field(None, max_length=20)
    level_min: CountInt | None = Field(None, ge=1, le=5)
    level_max: CountInt | None = Field(None, ge=1, le=5)
    licence: Licence | None = None
    visibility: Visibility | None = None
    url: str | None = Field(None, max_length=500)
    body: str | None = Field(None, max_length=50000)


class VersionOut(Schema):
    number: int
    title: str
    file_name: str
    edited_by: str
    restored_from: int | None
    current: bool
    created_at: datetime.datetime
    download_url: str | None = Field(
        description="This version's file (signed-in author and organisers), if it had one."
    )


class VoteIn(Body):
    helpful: Flag


class VoteOut(Schema):
    helpful: int
    voted: bool


class StepOut(Schema):
    id: int
    position: int
    kind: Literal["material", "session"]
    material: int | None = Field(description="Null when the material is not visible to you.")
    material_title: str | None
    title: str = Field(description="A suggested session's title.")
    level: int | None
    session: int | None = Field(description="A scheduled session's id, in the path's community.")
    note: str
    done: bool = Field(description="Whether you have ticked it off.")


class PathOut(Schema):
    id: int
    title: str
    description: str
    community: str
    skill: str
    level_from: int
    level_to: int
    visibility: Visibility
    author: str
    steps: int
    done: int


class PathDetailOut(PathOut):
    step_list: list[StepOut]


class PathFilter(Schema):
    skill: str | None = Field(None, max_length=60)
    community: str | None = Field(None, max_length=60)


class ProgressIn(Body):
    done: Flag


class ProgressOut(Schema):
    done: bool
    done_steps: int
    total_steps: int


def _out(m: Material, user: Any, counts: dict[str, Any] | None = None) -> dict[str, Any]:
    if counts is None:
        counts = {
            "helpful": m.votes.count(),
            "sessions_used": services.sessions_used(m),
            "voted": user.is_authenticated and HelpfulVote.objects.filter(material=m, user_id=user.pk).exists(),
            "skills": list(m.skills.values_list("slug", flat=True)),
            "can_change": can_change_material(user, m),
        }
    file = None
    if m.file:
        file = {
            "name": m.file_name, "content_type": m.content_type, "size": m.size,
            "download_url": reverse("materials:download", args=[m.pk]),
            "thumbnail_url": reverse("materials:thumbnail", args=[m.pk]) if m.thumbnail else None,
        }  # fmt: skip
    return {
        "id": m.pk, "kind": m.kind, "title": m.title, "description": m.description, "language": m.language,
        "community": m.community.slug, "community_name": m.community.name, "author": shown_name(m.author, user),
        "licence": m.licence, "visibility": m.visibility, "hidden": m.hidden, "level_min": m.level_min,
        "level_max": m.level_max, "url": m.url, "body": m.body, "file": file, "version": m.version,
        "created_at": m.created_at, "updated_at": m.updated_at, **counts,
    }  # fmt: skip


def _skills(community: Community, slugs: list[str]) -> list[Skill]:
    if len(slugs) > 20:
        raise ServiceError(_("Choose at most 20 skills."), code="skill")
    found = list(Skill.objects.available_to(community.pk).filter(slug__in=slugs))
    if len({s.slug for s in found}) != len(set(slugs)):
        raise ServiceError(_("Choose skills of the catalogue or of this community."), code="skill")
    return found


@router.get(
    "/materials", response={200: list[MaterialOut], 422: Error}, auth=OPTIONAL_AUTH, openapi_extra=OPEN,
    summary="Materials you can see: the public commons and your communities'",
)  # fmt: skip
def material_list(request: HttpRequest, filters: Query[MaterialFilter]) -> list[dict[str, Any]]:
    user = request.user
    qs = readable_materials(user).select_related("community", "author")
    if filters.community:
        qs = qs.filter(community__slug=filters.community)
    if filters.skill:
        qs = qs.filter(skills__slug=filters.skill)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.public:
        qs = qs.filter(visibility=Visibility.PUBLIC)
    rows = list(services.with_counts(qs).order_by("-created_at")[:200])
    ids = [m.pk for m in rows]
    skill_rows = Material.skills.through.objects.filter(material_id__in=ids).values_list("material_id", "skill__slug")
    skills: dict[int, list[str]] = {}
    for mid, slug in skill_rows:
        skills.setdefault(mid, []).append(slug)
    voted = set(
        HelpfulVote.objects.filter(material_id__in=ids, user_id=user.pk).values_list("material_id", flat=True)
        if user.is_authenticated
        else []
    )
    _readable, organised = _organised(user)
    return [
        _out(
            m,
            user,
            {
                "helpful": m.n_helpful,
                "sessions_used": m.n_sessions,
                "voted": m.pk in voted,
                "skills": skills.get(m.pk, []),
                "can_change": user.is_authenticated and (m.author_id == user.pk or m.community_id in organised),
            },
        )
        for m in rows
    ]


def _organised(user: Any) -> tuple[set[int], set[int]]:
    return community_ids(user)


@router.get(
    "/materials/{material_id}", response={200: MaterialOut, 404: Error, 422: Error}, auth=OPTIONAL_AUTH,
    openapi_extra=OPEN, summary="A material",
)  # fmt: skip
def material_get(request: HttpRequest, material_id: int) -> dict[str, Any]:
    return _out(get_material(request.user, material_id), request.user)


@router.post("/communities/{slug}/materials", response={201: MaterialOut, **WRITE}, summary="Share a link or a note")
def material_create(request: HttpRequest, slug: str, payload: MaterialIn) -> Status[dict[str, Any]]:
    community, viewer = get_member_community(request.user, slug)
    data = payload.model_dump()
    material = services.material_create(
        community=community, author=viewer.user, skills=_skills(community, data.pop("skills")), **data
    )
    return Status(201, _out(material, request.user))


@router.post(
    "/communities/{slug}/materials/upload", response={201: MaterialOut, **UPLOAD},
    summary="Upload a file (multipart/form-data)",
    description=(
        "A PDF, an image (PNG, JPEG, GIF, WebP), audio (MP3, Ogg, WAV, M4A), video (MP4, WebM) or an office "
        "document (OOXML, OpenDocument), recognised by its content, not its name. 400 `file_type` for anything "
        "else, 413 `too_large` above the instance's limit."
    ),
)  # fmt: skip
def material_upload(
    request: HttpRequest, slug: str, file: File[UploadedFile], payload: Form[MaterialUploadIn]
) -> Status[dict[str, Any]]:
    community, viewer = get_member_community(request.user, slug)
    data = payload.model_dump()
    material = services.material_create(
        community=community, author=viewer.user, kind=MaterialKind.FILE, upload=file,
        skills=_skills(community, data.pop("skills")), **data,
    )  # fmt: skip
    return Status(201, _out(material, request.user))


@router.patch(
    "/materials/{material_id}", response={200: MaterialOut, **WRITE},
    summary="Change a material (author, organisers); saved as a new version",
)  # fmt: skip
def material_update(request: HttpRequest, material_id: int, payload: MaterialPatch) -> dict[str, Any]:
    material = get_rw_material(request.user, material_id)
    changes = payload.model_dump(exclude_unset=True)
    slugs = changes.pop("skills", None)
    changes = {k: v for k, v in changes.items() if v is not None}
    user = request.user
    assert isinstance(user, User)
    services.material_update(
        material=material, by=user, skills=_skills(material.community, slugs) if slugs is not None else None, **changes
    )
    return _out(material, user)


@router.post(
    "/materials/{material_id}/file", response={200: MaterialOut, **UPLOAD},
    summary="Replace a material's file (multipart/form-data); saved as a new version",
)  # fmt: skip
def material_replace_file(request: HttpRequest, material_id: int, file: File[UploadedFile]) -> dict[str, Any]:
    material = get_rw_material(request.user, material_id)
    user = request.user
    assert isinstance(user, User)
    services.material_update(material=material, by=user, upload=file)
    return _out(material, user)


@router.delete("/materials/{material_id}", response={204: None, **WRITE}, summary="Delete a material")
def material_delete(request: HttpRequest, material_id: int) -> Status[None]:
    material = get_rw_material(request.user, material_id)
    user = request.user
    assert isinstance(user, User)
    services.material_delete(material=material, by=user)
    return Status(204, None)


@router.get(
    "/materials/{material_id}/versions", response={200: list[VersionOut], **READ},
    summary="A material's versions (author, organisers)",
)  # fmt: skip
def version_list(request: HttpRequest, material_id: int) -> list[dict[str, Any]]:
    material = get_rw_material(request.user, material_id)
    return [
        {
            "number": v.number,
            "title": v.title,
            "file_name": v.file_name,
            "edited_by": shown_name(v.edited_by, request.user),
            "restored_from": v.restored_from,
            "current": v.number == material.version,
            "created_at": v.created_at,
            "download_url": reverse("materials:version_download", args=[material.pk, v.number]) if v.file else None,
        }
        for v in material.versions.select_related("edited_by")
    ]


@router.post(
    "/materials/{material_id}/versions/{number}/restore", response={200: MaterialOut, **WRITE},
    summary="Restore a version (as a new version)",
)  # fmt: skip
def version_restore(request: HttpRequest, material_id: int, number: int) -> dict[str, Any]:
    material = get_rw_material(request.user, material_id)
    version = get_object_or_404(MaterialVersion, material=material, number=number)
    user = request.user
    assert isinstance(user, User)
    services.material_restore(material=material, version=version, by=user)
    return _out(material, user)


@router.put(
    "/materials/{material_id}/vote", response={200: VoteOut, **WRITE}, summary="Say whether a material helped you"
)
def vote(request: HttpRequest, material_id: int, payload: VoteIn) -> dict[str, Any]:
    material = get_voting_material(request.user, material_id)
    user = request.user
    assert isinstance(user, User)
    n = services.material_vote(material=material, user=user, helpful=payload.helpful)
    return {"helpful": n, "voted": payload.helpful}


@router.get(
    "/communities/{slug}/sessions/{meetup_id}/materials", response={200: list[MaterialOut], 404: Error, 422: Error},
    auth=OPTIONAL_AUTH, openapi_extra=OPEN, summary="The materials of a session that you can see",
)  # fmt: skip
def meetup_materials(request: HttpRequest, slug: str, meetup_id: int) -> list[dict[str, Any]]:
    _community, meetup, _viewer = get_meetup(request.user, slug, meetup_id)
    return [_out(m, request.user) for m in services.visible_attachments(meetup, readable_materials(request.user))]


@router.put(
    "/communities/{slug}/sessions/{meetup_id}/materials/{material_id}", response={204: None, **WRITE},
    summary="Use a material in a session (host, organisers, facilitators)",
)  # fmt: skip
def attach(request: HttpRequest, slug: str, meetup_id: int, material_id: int) -> Status[None]:
    _community, meetup, viewer = get_rw_meetup(request.user, slug, meetup_id)
    material = get_material(request.user, material_id)
    services.material_attach(material=material, meetup=meetup, by=viewer.user)
    return Status(204, None)


@router.delete(
    "/communities/{slug}/sessions/{meetup_id}/materials/{material_id}", response={204: None, **WRITE},
    summary="Stop using a material in a session",
)  # fmt: skip
def detach(request: HttpRequest, slug: str, meetup_id: int, material_id: int) -> Status[None]:
    _community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    material = get_material(request.user, material_id)
    services.material_detach(material=material, meetup=meetup)
    return Status(204, None)


def _path_out(p: LearningPath, user: Any, done: int, steps: int) -> dict[str, Any]:
    return {
        "id": p.pk, "title": p.title, "description": p.description, "community": p.community.slug,
        "skill": p.skill.slug, "level_from": p.level_from, "level_to": p.level_to, "visibility": p.visibility,
        "author": shown_name(p.author, user), "steps": steps, "done": done,
    }  # fmt: skip


@router.get(
    "/paths", response={200: list[PathOut], 422: Error}, auth=OPTIONAL_AUTH, openapi_extra=OPEN,
    summary="Learning paths you can see",
)  # fmt: skip
def path_list(request: HttpRequest, filters: Query[PathFilter]) -> list[dict[str, Any]]:
    user = request.user
    qs = readable_paths(user).select_related("community", "skill", "author")
    if filters.skill:
        qs = qs.filter(skill__slug=filters.skill)
    if filters.community:
        qs = qs.filter(community__slug=filters.community)
    uid = user.pk if user.is_authenticated else None
    from django.db.models import Q

    qs = qs.annotate(
        n_steps=Count("steps", distinct=True),
        n_done=Count("steps__progress", filter=Q(steps__progress__user_id=uid), distinct=True),
    )
    return [_path_out(p, user, p.n_done, p.n_steps) for p in qs.order_by("skill__slug", "level_from", "title")[:200]]


@router.get(
    "/paths/{path_id}", response={200: PathDetailOut, 404: Error, 422: Error}, auth=OPTIONAL_AUTH,
    openapi_extra=OPEN, summary="A learning path, its steps and your progress",
)  # fmt: skip
def path_get(request: HttpRequest, path_id: int) -> dict[str, Any]:
    path = get_path(request.user, path_id)
    done = services.path_progress(path, request.user)
    readable = set(readable_materials(request.user).filter(path_steps__path=path).values_list("pk", flat=True))
    steps = [
        {
            "id": s.pk,
            "position": s.position,
            "kind": s.kind,
            "material": s.material_id if s.material_id in readable else None,
            "material_title": s.material.title if s.material and s.material_id in readable else None,
            "title": s.title,
            "level": s.level,
            "session": s.meetup_id,
            "note": s.note,
            "done": s.pk in done,
        }
        for s in path.steps.select_related("material")
    ]
    return {**_path_out(path, request.user, len(done), len(steps)), "step_list": steps}


@router.put(
    "/paths/{path_id}/steps/{step_id}/progress", response={200: ProgressOut, **WRITE},
    summary="Tick a step off (or untick it)",
)  # fmt: skip
def progress_tick(request: HttpRequest, path_id: int, step_id: int, payload: ProgressIn) -> dict[str, Any]:
    step = get_step_to_tick(request.user, path_id, step_id)
    user = request.user
    assert isinstance(user, User)
    services.path_step_tick(step=step, user=user, done=payload.done)
    done = services.path_progress(step.path, user)
    return {"done": payload.done, "done_steps": len(done), "total_steps": step.path.steps.count()}

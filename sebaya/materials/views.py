"""Pages of the knowledge commons: browse, share, read, download, vote, versions, sessions, paths."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user
from sebaya.communities.models import Membership
from sebaya.communities.permissions import get_community, get_member_community, shown_name
from sebaya.core.errors import ServiceError
from sebaya.core.htmx import render_page
from sebaya.core.uploads import upload_too_large
from sebaya.discussions.models import Thread
from sebaya.meetups.models import Meetup, MeetupStatus
from sebaya.meetups.permissions import get_rw_meetup
from sebaya.skills.models import Skill

from . import services
from .forms import AttachForm, MaterialForm, PathForm, StepForm
from .models import HelpfulVote, Material, MaterialKind, MaterialVersion, Visibility
from .permissions import (
    can_change_material,
    can_change_path,
    get_material,
    get_path,
    get_rw_material,
    get_rw_path,
    get_step_to_tick,
    get_voting_material,
    readable_materials,
    readable_paths,
)

# Downloads never run in the app's origin: the browser saves them, does not guess their type, and
# would run nothing even if it opened one.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
PAGE_SIZE = 50


def _safe_file_response(name: str, *, content_type: str, filename: str | None) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as e:
        raise Http404 from e
    if filename is None:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Disposition"] = "inline"
    else:
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _filtered(request: HttpRequest, qs: QuerySet[Material]) -> tuple[QuerySet[Material], dict[str, str]]:
    f = {k: request.GET.get(k, "") for k in ("skill", "kind", "language", "scope")}
    if f["skill"]:
        qs = qs.filter(skills__slug=f["skill"])
    if f["kind"] in MaterialKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["language"] in {"id", "en"}:
        qs = qs.filter(language=f["language"])
    if f["scope"] == "public":
        qs = qs.filter(visibility=Visibility.PUBLIC)
    return qs, f


def _list_context(request: HttpRequest, qs: QuerySet[Material]) -> dict[str, Any]:
    qs, f = _filtered(request, qs)
    rows = list(services.with_counts(qs.select_related("author", "community")).order_by("-created_at")[:PAGE_SIZE])
    return {
        "materials": [(m, shown_name(m.author, request.user)) for m in rows],
        "filters": f,
        "kinds": MaterialKind.choices,
        "skills": Skill.objects.filter(materials__in=qs).distinct().order_by("name_en"),
    }


def commons(request: HttpRequest) -> HttpResponse:
    """The public commons and everything the viewer's communities share."""
    context = _list_context(request, readable_materials(request.user))
    return render_page(request, "materials/list.html", context, partial="results")


def community_materials(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_community(slug)
    context = _list_context(request, readable_materials(request.user).filter(community=community))
    context["community"] = community
    context["can_share"] = (
        request.user.is_authenticated
        and Membership.objects.filter(user_id=request.user.pk, community=community).exists()
    )
    return render_page(request, "materials/list.html", context, partial="results")


@login_required
def material_new(request: HttpRequest, slug: str) -> HttpResponse:
    community, _viewer = get_member_community(request.user, slug)
    user = request_user(request)
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        community=community,
        author=user,
        upload_refused=upload_too_large(request, "upload"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            material = services.material_create(
                community=community, author=user, kind=d["kind"], title=d["title"], description=d["description"],
                language=d["language"], skills=d["skills"], level_min=d["level_min"], level_max=d["level_max"],
                licence=d["licence"], visibility=d["visibility"], url=d.get("url") or "", body=d.get("body") or "",
                upload=d.get("upload"),
            )  # fmt: skip
        except ServiceError as e:
            form.add_error("upload" if e.code in _FILE_CODES else None, e.message)
        else:
            messages.success(request, _("Material shared."))
            return redirect("materials:detail", material.pk)
    return render(request, "materials/form.html", {"community": community, "form": form})


_FILE_CODES = {"file_missing", "file_type", "too_large", "empty_file", "bad_image", "bad_pdf", "image_too_large"}


def _changeable_meetups(user: Any, material: Material) -> QuerySet[Meetup]:
    """Coming sessions the user may change and may use this material in."""
    if not user.is_authenticated:
        return Meetup.objects.none()
    mine = Membership.objects.filter(user_id=user.pk)
    q = (
        Q(host__in=mine)
        | Q(cohosts__in=mine)
        | Q(
            community__memberships__user_id=user.pk,
            community__memberships__role__in=[Membership.Role.ORGANISER, Membership.Role.FACILITATOR],
        )
    )
    qs = Meetup.objects.filter(q, ends_at__gte=timezone.now()).exclude(status=MeetupStatus.CANCELLED)
    if not material.is_public:
        qs = qs.filter(community_id=material.community_id)
    return qs.distinct().select_related("community").order_by("starts_at")


def _threads_about(user: Any, material: Material) -> QuerySet[Thread]:
    """Threads about the material in the communities whose discussions the viewer reads (their own)."""
    if not user.is_authenticated:
        return Thread.objects.none()
    return (
        Thread.objects.filter(material=material, community__memberships__user_id=user.pk)
        .select_related("community")
        .order_by("-last_post_at")[:20]
    )


def _discussion_communities(user: Any, material: Material) -> list[Any]:
    """Where the viewer may start a thread about it: their communities (only its own for a community-only one)."""
    if not user.is_authenticated:
        return []
    mine = Membership.objects.filter(user_id=user.pk).select_related("community").order_by("community__name")
    if not material.is_public:
        mine = mine.filter(community_id=material.community_id)
    return [m.community for m in mine]


def material_detail(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request.user, material_id)
    user = request.user
    meetups = _changeable_meetups(user, material)
    context = {
        "material": material,
        "author": shown_name(material.author, user),
        "can_change": can_change_material(user, material),
        "n_helpful": material.votes.count(),
        "voted": user.is_authenticated and HelpfulVote.objects.filter(material=material, user_id=user.pk).exists(),
        "n_sessions": services.sessions_used(material),
        "skills": material.skills.all(),
        "attach_form": AttachForm(meetups=meetups) if meetups.exists() else None,
        "sessions": Meetup.objects.filter(material_links__material=material, status=MeetupStatus.PUBLISHED)
        .select_related("community")
        .order_by("starts_at")[:20],
        "threads": _threads_about(user, material),
        "discuss_in": _discussion_communities(user, material),
        # Anyone logged in who can read a material may report it to its community's moderators.
        "can_report": user.is_authenticated,
    }
    return render(request, "materials/detail.html", context)


@login_required
def material_edit(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_rw_material(request.user, material_id)
    user = request_user(request)
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        instance=material,
        community=material.community,
        author=user,
        creating=False,
        upload_refused=upload_too_large(request, "upload"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = {k: d[k] for k in services.EDITABLE if k in d}
        try:
            # The form wrote into its instance already: give the service a fresh copy to compare with.
            material = Material.objects.get(pk=material.pk)
            services.material_update(material=material, by=user, skills=d["skills"], upload=d.get("upload"), **changes)
        except ServiceError as e:
            form.add_error("upload" if e.code in _FILE_CODES else None, e.message)
        else:
            messages.success(request, _("Saved as a new version."))
            return redirect("materials:detail", material.pk)
    return render(request, "materials/form.html", {"community": material.community, "form": form, "material": material})


@login_required
def material_delete(request: HttpRequest, material_id: int) -> HttpResponse:
    """Ask first (GET), then delete (POST)."""
    material = get_rw_material(request.user, material_id)
    if request.method != "POST":
        return render(
            request, "materials/delete.html", {"material": material, "n_sessions": services.sessions_used(material)}
        )
    community = material.community
    services.material_delete(material=material, by=request_user(request))
    messages.success(request, _("Material deleted."))
    return redirect("materials:community", community.slug)


def material_download(request: HttpRequest, material_id: int) -> HttpResponseBase:
    material = get_material(request.user, material_id)
    if not material.file:
        raise Http404
    return _safe_file_response(str(material.file.name), content_type=material.content_type, filename=material.file_name)


def material_thumbnail(request: HttpRequest, material_id: int) -> HttpResponseBase:
    material = get_material(request.user, material_id)
    if not material.thumbnail:
        raise Http404
    # A thumbnail is a JPEG that Pillow wrote itself, so it may be shown inline.
    return _safe_file_response(str(material.thumbnail.name), content_type="image/jpeg", filename=None)


@login_required
def material_versions(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_rw_material(request.user, material_id)
    versions = material.versions.select_related("edited_by")
    rows = [(v, shown_name(v.edited_by, request.user)) for v in versions]
    return render(request, "materials/versions.html", {"material": material, "versions": rows})


@login_required
def material_version_download(request: HttpRequest, material_id: int, number: int) -> HttpResponseBase:
    """An earlier version's file, for those who may see the versions (the author, organisers): a
    file replaced because it should not have been shared stays out of everyone else's reach."""
    material = get_rw_material(request.user, material_id)
    version = get_object_or_404(MaterialVersion, material=material, number=number)
    if not version.file:
        raise Http404
    return _safe_file_response(str(version.file.name), content_type=version.content_type, filename=version.file_name)


@login_required
@require_POST
def material_restore(request: HttpRequest, material_id: int, number: int) -> HttpResponse:
    material = get_rw_material(request.user, material_id)
    version = get_object_or_404(MaterialVersion, material=material, number=number)
    try:
        services.material_restore(material=material, version=version, by=request_user(request))
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Version %(n)s restored as a new version.") % {"n": number})
    return redirect("materials:detail", material.pk)


@login_required
@require_POST
def material_vote(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_voting_material(request.user, material_id)
    user = request_user(request)
    try:
        n = services.material_vote(material=material, user=user, helpful=request.POST.get("helpful") == "yes")
    except ServiceError as e:
        messages.error(request, e.message)
        n = material.votes.count()
    context = {
        "material": material,
        "n_helpful": n,
        "voted": HelpfulVote.objects.filter(material=material, user=user).exists(),
        "can_change": can_change_material(user, material),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "materials/detail.html#vote", context)
    return redirect("materials:detail", material.pk)


@login_required
@require_POST
def material_attach(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request.user, material_id)
    form = AttachForm(request.POST, meetups=_changeable_meetups(request.user, material))
    if not form.is_valid():
        # A session the caller may not change, or none: the helper says which.
        raw = request.POST.get("meetup", "")
        meetup = get_object_or_404(Meetup, pk=int(raw)) if raw.isdigit() else None
        if meetup is not None:
            get_rw_meetup(request.user, meetup.community.slug, meetup.pk)
        messages.error(request, _("Choose one of your coming sessions."))
        return redirect("materials:detail", material.pk)
    meetup = form.cleaned_data["meetup"]
    _c, meetup, _v = get_rw_meetup(request.user, meetup.community.slug, meetup.pk)
    try:
        services.material_attach(material=material, meetup=meetup, by=request_user(request))
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("materials:detail", material.pk)
    messages.success(request, _("The material is now listed on the session page."))
    return redirect("meetups:detail", meetup.community.slug, meetup.pk)


@login_required
@require_POST
def material_detach(request: HttpRequest, slug: str, meetup_id: int, material_id: int) -> HttpResponse:
    _community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    material = get_material(request.user, material_id)
    services.material_detach(material=material, meetup=meetup)
    messages.success(request, _("The material is no longer listed for this session."))
    return redirect("meetups:detail", slug, meetup.pk)


# Learning paths


def paths(request: HttpRequest) -> HttpResponse:
    qs = readable_paths(request.user).select_related("community", "skill")
    skill = request.GET.get("skill", "")
    if skill:
        qs = qs.filter(skill__slug=skill)
    from django.db.models import Count

    rows = qs.annotate(n_steps=Count("steps")).order_by("skill__name_en", "level_from", "title")[:PAGE_SIZE]
    communities = (
        Membership.objects.filter(user_id=request.user.pk).select_related("community")
        if request.user.is_authenticated
        else []
    )
    return render(request, "materials/paths.html", {"paths": rows, "memberships": communities})


@login_required
def path_new(request: HttpRequest, slug: str) -> HttpResponse:
    community, viewer = get_member_community(request.user, slug)
    if not viewer.can_facilitate:
        raise PermissionDenied
    user = request_user(request)
    form = PathForm(request.POST or None, community=community, author=user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            path = services.path_create(community=community, author=user, **d)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Learning path created. Now add its steps."))
            return redirect("materials:path_detail", path.pk)
    return render(request, "materials/path_form.html", {"community": community, "form": form})


def _step_form(request: HttpRequest, path: Any, data: Any = None) -> StepForm:
    materials = readable_materials(request.user).filter(
        Q(visibility=Visibility.PUBLIC) | (Q(community=path.community) if not path.is_public else Q(pk__in=[]))
    )
    meetups = Meetup.objects.filter(
        community=path.community, status=MeetupStatus.PUBLISHED, ends_at__gte=timezone.now()
    )
    return StepForm(data, materials=materials.order_by("title"), meetups=meetups.order_by("starts_at"))


def path_detail(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_path(request.user, path_id)
    readable = set(readable_materials(request.user).filter(path_steps__path=path).values_list("pk", flat=True))
    steps = list(path.steps.select_related("material", "meetup__community"))
    done = services.path_progress(path, request.user)
    editable = can_change_path(request.user, path)
    context = {
        "path": path,
        "steps": [(s, s.material_id is None or s.material_id in readable, s.pk in done) for s in steps],
        "n_done": len(done),
        "can_change": editable,
        "step_form": _step_form(request, path) if editable else None,
        "author": shown_name(path.author, request.user),
    }
    return render(request, "materials/path_detail.html", context)


@login_required
@require_POST
def path_step_add(request: HttpRequest, path_id: int) -> HttpResponse:
    path = get_rw_path(request.user, path_id)
    form = _step_form(request, path, request.POST)
    if form.is_valid():
        try:
            services.path_step_add(path=path, **form.cleaned_data)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Step added."))
    else:
        messages.error(request, _("Check the step: choose a material, or give a suggested session."))
    return redirect("materials:path_detail", path.pk)


@login_required
@require_POST
def path_step_remove(request: HttpRequest, path_id: int, step_id: int) -> HttpResponse:
    path = get_rw_path(request.user, path_id)
    # Removing is idempotent: a step that is already gone (a second click, another curator) is not an error.
    step = path.steps.filter(pk=step_id).first()
    if step is not None:
        services.path_step_remove(step=step)
    messages.success(request, _("Step removed."))
    return redirect("materials:path_detail", path.pk)


@login_required
@require_POST
def path_tick(request: HttpRequest, path_id: int, step_id: int) -> HttpResponse:
    step = get_step_to_tick(request.user, path_id, step_id)
    done = services.path_step_tick(step=step, user=request_user(request), done=request.POST.get("done") == "yes")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "materials/path_detail.html#tick", {"path": step.path, "step": step, "done": done})
    return redirect("materials:path_detail", step.path_id)

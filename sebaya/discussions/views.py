from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user
from sebaya.core.errors import ServiceError
from sebaya.materials.models import Material
from sebaya.materials.permissions import get_material, readable_materials
from sebaya.meetups.views import visible_meetups
from sebaya.skills.models import Skill

from . import services
from .forms import EditForm, ReplyForm, ThreadForm
from .models import Post, Subscription
from .permissions import (
    can_edit,
    can_remove,
    can_resolve,
    can_see_hidden,
    get_discussion_community,
    get_editable_post,
    get_removable_post,
    get_resolvable_thread,
    get_thread,
)
from .queries import child_posts, posts_page, session_choices, threads_of


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's threads, most recently active first; filterable by skill and by session."""
    community, viewer = get_discussion_community(request.user, slug)
    qs = threads_of(community)
    skill = request.GET.get("skill", "")
    meetup_id = _int(request.GET.get("session"))
    if skill:
        qs = qs.filter(skill__slug=skill)
    meetup = None
    if meetup_id is not None:
        meetup = visible_meetups(community, viewer).filter(pk=meetup_id).first()
        qs = qs.filter(meetup_id=meetup_id)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/list.html",
        {"community": community, "viewer": viewer, "page": page, "skill": skill, "meetup": meetup,
         "skills": Skill.objects.filter(threads__community=community).distinct().order_by("name_en")},
    )  # fmt: skip


@login_required
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    community, viewer = get_discussion_community(request.user, slug)
    skills = list(Skill.objects.available_to(community.pk).order_by("name_en"))
    meetups = list(session_choices(community, viewer))
    initial = {
        "skill": request.GET.get("skill", ""),
        "meetup": request.GET.get("session", ""),
        "material": _int(request.GET.get("material")),
    }
    # The material a thread is about: one the member can see (404 otherwise), of this community or the public commons.
    material_id = _int(request.POST.get("material") if request.method == "POST" else request.GET.get("material"))
    material: Material | None = get_material(request.user, material_id) if material_id is not None else None
    form = ThreadForm(
        request.POST or None,
        initial=initial,
        skills=[(s.slug, s.name) for s in skills],
        meetups=[(str(m.pk), f"{m.title} ({m.starts_at:%Y-%m-%d})") for m in meetups],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        skill = next((s for s in skills if s.slug == data["skill"]), None)
        meetup = next((m for m in meetups if str(m.pk) == data["meetup"]), None)
        try:
            thread = services.thread_create(
                community=community, by=viewer, title=data["title"], body=data["body"], skill=skill, meetup=meetup,
                material=material,
            )  # fmt: skip
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            return redirect("discussions:detail", community.slug, thread.pk)
    return render(
        request, "discussions/new.html", {"community": community, "viewer": viewer, "form": form, "material": material}
    )


@login_required
def thread_new_about_material(request: HttpRequest) -> HttpResponse:
    """The material page's "Start a thread about this material" for a member of several communities:
    they pick the community, and land on its new-thread form with the material filled in."""
    community, _viewer = get_discussion_community(request.user, request.GET.get("community", ""))
    material_id = _int(request.GET.get("material"))
    if material_id is None:
        return redirect("discussions:new", community.slug)
    material = get_material(request.user, material_id)
    return redirect(f"{reverse('discussions:new', args=[community.slug])}?material={material.pk}")


@login_required
def thread_detail(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    community, thread, viewer = get_thread(request.user, slug, thread_id)
    posts, page, pages = posts_page(thread, _int(request.GET.get("page")) or 1)
    following = Subscription.objects.filter(thread=thread, user_id=viewer.user_id, active=True).exists()
    quote = _int(request.GET.get("quote"))
    rows = [
        {
            "post": p,
            "can_edit": can_edit(viewer, p),
            "can_remove": can_remove(viewer, p),
            "can_report": p.author_id != viewer.user_id,
            "show_text": not p.is_removed and (not p.hidden or can_see_hidden(viewer, p)),
            "quote_text": p.quote.body if p.quote and not p.quote.is_removed and not p.quote.hidden else "",
        }
        for p in posts
    ]
    return render(
        request,
        "discussions/detail.html",
        {
            "community": community, "thread": thread, "viewer": viewer, "rows": rows, "page": page, "pages": pages,
            "page_range": _page_links(page, pages), "following": following, "can_resolve": can_resolve(viewer, thread),
            "form": ReplyForm(initial={"quote": quote} if quote else None),
            "about_material": _shown_material(request, thread.material_id),
        },
    )  # fmt: skip


def _shown_material(request: HttpRequest, material_id: int | None) -> Material | None:
    """The material a thread is about, if the viewer may still see it (it may since have been hidden)."""
    if material_id is None:
        return None
    return readable_materials(request.user).filter(pk=material_id).first()


def _page_links(page: int, pages: int) -> list[int]:
    """A few page numbers around the current one, plus the first and the last."""
    return sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})


@login_required
@require_POST
def reply(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    community, thread, viewer = get_thread(request.user, slug, thread_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write something first."))
        return redirect("discussions:detail", community.slug, thread.pk)
    quote_id = form.cleaned_data["quote"]
    quote = get_object_or_404(Post, pk=quote_id, thread=thread) if quote_id else None
    try:
        post = services.post_reply(thread=thread, by=viewer, body=form.cleaned_data["body"], quote=quote)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("discussions:detail", community.slug, thread.pk)
    return redirect(services.thread_url(thread, post))


@login_required
def post_edit(request: HttpRequest, slug: str, thread_id: int, post_id: int) -> HttpResponse:
    thread, post, viewer = get_editable_post(request.user, slug, thread_id, post_id)
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, by=viewer, body=form.cleaned_data["body"])
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            return redirect(services.thread_url(thread, post))
    return render(
        request, "discussions/edit.html", {"community": thread.community, "thread": thread, "post": post, "form": form}
    )


@login_required
@require_POST
def post_delete(request: HttpRequest, slug: str, thread_id: int, post_id: int) -> HttpResponse:
    thread, post, viewer = get_removable_post(request.user, slug, thread_id, post_id)
    services.post_delete(post=post, by=viewer)
    messages.success(request, _("The post was removed."))
    return redirect(services.thread_url(thread, post))


@login_required
@require_POST
def subscribe(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    community, thread, _viewer = get_thread(request.user, slug, thread_id)
    on = request.POST.get("follow") == "yes"
    services.thread_subscribe(thread=thread, user=request_user(request), subscribed=on)
    messages.success(request, _("You follow this thread.") if on else _("You no longer follow this thread."))
    return redirect("discussions:detail", community.slug, thread.pk)


@login_required
@require_POST
def resolve(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    community, thread, viewer = get_resolvable_thread(request.user, slug, thread_id)
    answer_id = _int(request.POST.get("answer"))
    answer = get_object_or_404(Post, pk=answer_id, thread=thread) if answer_id else None
    try:
        services.thread_resolve(thread=thread, by=viewer, resolved=request.POST.get("resolved") != "no", answer=answer)
    except ServiceError as e:
        messages.error(request, e.message)
    return redirect("discussions:detail", community.slug, thread.pk)


@login_required
def family(request: HttpRequest) -> HttpResponse:
    """What my children write in their communities' discussions."""
    posts = Paginator(child_posts(request_user(request)), 50).get_page(request.GET.get("page"))
    return render(request, "discussions/family.html", {"page": posts})

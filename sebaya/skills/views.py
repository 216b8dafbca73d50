from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sebaya.communities.permissions import get_member_community, get_organised_community
from sebaya.communities.views import my_profile_context
from sebaya.core.htmx import render_page

from .forms import CommunitySkillForm, LearnSkillForm, TeachSkillForm
from .models import Category, LearnSkill, Skill, TeachSkill


def catalogue(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    skills = Skill.objects.available_to(None).annotate(n_teachers=Count("teachers"))
    if category in Category.values:
        skills = skills.filter(category=category)
    groups: dict[str, list[Skill]] = {}
    for skill in skills.order_by("category", "name_en"):
        groups.setdefault(skill.get_category_display(), []).append(skill)
    return render(
        request, "skills/catalogue.html", {"groups": groups, "categories": Category.choices, "category": category}
    )


def _profile_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    community, membership = get_member_community(request.user, slug)
    return render_page(
        request, "communities/my_profile.html", my_profile_context(community, membership), partial=section
    )


@login_required
@require_POST
def teach_add(request: HttpRequest, slug: str) -> HttpResponse:
    community, membership = get_member_community(request.user, slug)
    form = TeachSkillForm(request.POST, community=community, prefix="teach")
    if form.is_valid():
        TeachSkill.objects.update_or_create(
            membership=membership, skill=form.cleaned_data["skill"], defaults={"level": form.cleaned_data["level"]}
        )
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("Added to the skills you teach."))
            return redirect("communities:my_profile", community.slug)
        return _profile_section(request, slug, "teach")
    context = my_profile_context(community, membership, teach_form=form)
    return render_page(request, "communities/my_profile.html", context, partial="teach", status=400)


@login_required
@require_POST
def learn_add(request: HttpRequest, slug: str) -> HttpResponse:
    community, membership = get_member_community(request.user, slug)
    form = LearnSkillForm(request.POST, community=community, prefix="learn")
    if form.is_valid():
        LearnSkill.objects.update_or_create(
            membership=membership,
            skill=form.cleaned_data["skill"],
            defaults={"level": form.cleaned_data["level"], "priority": form.cleaned_data["priority"]},
        )
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("Added to the skills you want to learn."))
            return redirect("communities:my_profile", community.slug)
        return _profile_section(request, slug, "learn")
    context = my_profile_context(community, membership, learn_form=form)
    return render_page(request, "communities/my_profile.html", context, partial="learn", status=400)


def _remove(
    request: HttpRequest, slug: str, model: type[TeachSkill] | type[LearnSkill], item_id: int, section: str
) -> HttpResponse:
    """Remove one of the caller's own skill rows (404 for anyone else's) and show the section again."""
    _community, membership = get_member_community(request.user, slug)
    get_object_or_404(model, pk=item_id, membership=membership).delete()
    if request.htmx:  # type: ignore[attr-defined]
        return _profile_section(request, slug, section)
    return redirect("communities:my_profile", slug)


@login_required
@require_POST
def teach_remove(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    return _remove(request, slug, TeachSkill, item_id, "teach")


@login_required
@require_POST
def learn_remove(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    return _remove(request, slug, LearnSkill, item_id, "learn")


@login_required
def community_skill_new(request: HttpRequest, slug: str) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    form = CommunitySkillForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        skill = form.save()
        messages.success(request, _("“%(name)s” is now a skill of this community.") % {"name": skill.name})
        return redirect("communities:detail", community.slug)
    return render(request, "skills/community_skill_form.html", {"form": form, "community": community})

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user
from sebaya.core.errors import ServiceError
from sebaya.core.htmx import render_page
from sebaya.core.weekgrid import describe
from sebaya.skills.forms import LearnSkillForm, TeachSkillForm
from sebaya.skills.models import Skill

from . import services
from .forms import CommunityEditForm, CommunityForm, JoinForm, PlanningProfileForm, RoleForm
from .models import Community, Invite, JoinRequest, Membership
from .permissions import (
    communities_of,
    directory_queryset,
    get_community,
    get_join_request_for_guardian,
    get_join_request_for_organiser,
    get_member_community,
    get_organised_community,
    get_visible_membership,
    membership_of,
)
from .queries import members_with_skills


def home(request: HttpRequest) -> HttpResponse:
    featured = directory_queryset().annotate(n_members=Count("memberships"))[:12]
    mine = communities_of(request.user).order_by("name") if request.user.is_authenticated else []
    return render(request, "communities/home.html", {"featured": featured, "mine": mine})


def directory(request: HttpRequest) -> HttpResponse:
    qs = directory_queryset()
    city = request.GET.get("city", "").strip()
    skill_slug = request.GET.get("skill", "").strip()
    if city:
        qs = qs.filter(city__iexact=city)
    if skill_slug:
        qs = qs.filter(memberships__teach_skills__skill__slug=skill_slug).distinct()
    context = {
        "communities": qs.annotate(n_members=Count("memberships", distinct=True)).order_by("name"),
        "cities": directory_queryset().order_by("city").values_list("city", flat=True).distinct(),
        "skills": Skill.objects.filter(teachers__membership__community__visibility=Community.Visibility.PUBLIC)
        .distinct()
        .order_by("name_en"),
        "city": city,
        "skill": skill_slug,
    }
    return render_page(request, "communities/directory.html", context, partial="results")


@login_required
def community_new(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(user=request_user(request), **form.cleaned_data)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Your community is ready. Invite people with a link."))
            return redirect("communities:invites", community.slug)
    return render(request, "communities/community_form.html", {"form": form, "creating": True})


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_community(slug)
    membership = membership_of(request.user, community)
    open_request = None
    if request.user.is_authenticated and membership is None:
        open_request = JoinRequest.objects.filter(
            user_id=request.user.pk, community=community, status__in=JoinRequest.OPEN
        ).first()
    taught = Skill.objects.filter(teachers__membership__community=community).distinct().order_by("name_en")
    context = {
        "community": community,
        "membership": membership,
        "open_request": open_request,
        "taught": taught,
        "n_members": community.memberships.count(),
        "join_form": JoinForm(),
        "pending_count": community.join_requests.filter(status=JoinRequest.Status.PENDING).count()
        if membership and membership.is_organiser
        else 0,
    }
    return render(request, "communities/detail.html", context)


@login_required
def community_edit(request: HttpRequest, slug: str) -> HttpResponse:
    community, _membership = get_organised_community(request.user, slug)
    form = CommunityEditForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("communities:detail", community.slug)
    return render(request, "communities/community_form.html", {"form": form, "community": community})


@login_required
@require_POST
def community_join(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_community(slug)
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        result = services.community_join(user=request_user(request), community=community, message=message)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        _joined_message(request, result)
    return redirect("communities:detail", community.slug)


def _joined_message(request: HttpRequest, result: Membership | JoinRequest) -> None:
    if isinstance(result, Membership):
        messages.success(request, _("Welcome! Tell the others what you can teach and want to learn."))
    elif result.status == JoinRequest.Status.PENDING_GUARDIAN:
        messages.info(request, _("Your parent or guardian has been asked to approve."))
    else:
        messages.info(request, _("Your request has been sent to the organisers."))


def invite_landing(request: HttpRequest, token: str) -> HttpResponse:
    invite = services.invite_for_token(token)
    if invite is None:
        return render(request, "communities/invite_invalid.html", status=404)
    community = invite.community
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            result = services.community_join(user=request_user(request), community=community, invite=invite)
        except ServiceError as e:
            messages.error(request, e.message)
            return redirect("communities:detail", community.slug)
        _joined_message(request, result)
        if isinstance(result, Membership):
            return redirect("communities:my_profile", community.slug)
        return redirect("communities:detail", community.slug)
    return render(
        request,
        "communities/invite_landing.html",
        {"invite": invite, "community": community, "membership": membership_of(request.user, community)},
    )


@login_required
@require_POST
def community_leave(request: HttpRequest, slug: str) -> HttpResponse:
    community, membership = get_member_community(request.user, slug)
    try:
        services.membership_leave(membership=membership)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("communities:detail", community.slug)
    messages.success(request, _("You have left %(name)s.") % {"name": community.name})
    return redirect("home")


@login_required
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    community, viewer = get_member_community(request.user, slug)
    members = members_with_skills(community)
    return render(
        request,
        "communities/members.html",
        {"community": community, "viewer": viewer, "members": members, "roles": Membership.Role.choices},
    )


@login_required
def member_detail(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community = get_community(slug)
    member = get_visible_membership(request.user, community, membership_id)
    viewer = membership_of(request.user, community)
    assert viewer is not None
    # Availability and limits are what an organiser plans with; other members see skills only.
    sees_plan_data = viewer.is_organiser or viewer.pk == member.pk
    return render(
        request,
        "communities/member_detail.html",
        {
            "community": community,
            "member": member,
            "viewer": viewer,
            "sees_plan_data": sees_plan_data,
            "availability": describe(member.availability) if sees_plan_data else [],
            "teach": member.teach_skills.select_related("skill"),
            "learn": member.learn_skills.select_related("skill"),
        },
    )


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    target = get_object_or_404(Membership, pk=membership_id, community=community, user__erased_at__isnull=True)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
    else:
        try:
            services.membership_set_role(membership=target, role=form.cleaned_data["role"], by=request_user(request))
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {"name": target.user.display_name, "role": Membership.Role(form.cleaned_data["role"]).label},
            )
    return redirect("communities:members", community.slug)


@login_required
def my_profile(request: HttpRequest, slug: str) -> HttpResponse:
    community, membership = get_member_community(request.user, slug)
    form = PlanningProfileForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile for %(name)s is saved.") % {"name": community.name})
        return redirect("communities:my_profile", community.slug)
    return render(request, "communities/my_profile.html", my_profile_context(community, membership, form=form))


def my_profile_context(community: Community, membership: Membership, **extra: Any) -> dict[str, Any]:
    return {
        "community": community,
        "membership": membership,
        "teach": membership.teach_skills.select_related("skill").order_by("skill__name_en"),
        "learn": membership.learn_skills.select_related("skill").order_by("-priority", "skill__name_en"),
        "teach_form": TeachSkillForm(community=community, prefix="teach"),
        "learn_form": LearnSkillForm(community=community, prefix="learn"),
        **extra,
    }


@login_required
def invites(request: HttpRequest, slug: str) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    if request.method == "POST":
        services.invite_create(community=community, by=request_user(request))
        messages.success(request, _("A new invite link is ready."))
        return redirect("communities:invites", community.slug)
    active = [i for i in community.invites.filter(revoked_at__isnull=True) if i.is_valid]
    links = []
    for invite in active:
        url = request.build_absolute_uri(reverse("communities:invite_landing", args=[invite.token]))
        svg = segno.make(url, error="m").svg_inline(scale=4, dark="#1d2321", title=_("QR code of the invite link"))
        links.append({"invite": invite, "url": url, "qr": base64.b64encode(svg.encode()).decode()})
    return render(request, "communities/invites.html", {"community": community, "links": links})


@login_required
@require_POST
def invite_revoke(request: HttpRequest, slug: str, invite_id: int) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    invite = get_object_or_404(Invite, pk=invite_id, community=community)
    services.invite_revoke(invite=invite)
    messages.success(request, _("That invite link no longer works."))
    return redirect("communities:invites", community.slug)


@login_required
def join_requests(request: HttpRequest, slug: str) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    pending = community.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")
    return render(request, "communities/requests.html", {"community": community, "pending": pending})


@login_required
@require_POST
def join_request_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    community = get_community(slug)
    req = get_join_request_for_organiser(request.user, community, request_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.join_request_decide(join_request=req, by=request_user(request), approve=approve)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        name = req.user.display_name
        messages.success(
            request, (_("%(name)s has joined.") if approve else _("Request from %(name)s declined.")) % {"name": name}
        )
    return redirect("communities:requests", community.slug)


@login_required
@require_POST
def guardian_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    req = get_join_request_for_guardian(request.user, request_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.join_request_guardian_decide(join_request=req, guardian=request_user(request), approve=approve)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Thank you, your answer is saved."))
    # Back to the list it was answered from: the family's consents page or the profile.
    return redirect("meetups:consents" if request.POST.get("from") == "consents" else "accounts:profile")

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sebaya.accounts.permissions import request_user
from sebaya.core.api import OPEN, OPTIONAL_AUTH, READ, WRITE, Error
from sebaya.core.errors import InvalidInput
from sebaya.skills.models import LearnSkill, Skill, TeachSkill

from . import services
from .forms import PlanningProfileForm
from .models import Community, Invite, JoinRequest, Membership
from .permissions import (
    directory_queryset,
    get_community,
    get_join_request_for_organiser,
    get_member_community,
    get_organised_community,
    get_rw_membership,
    shown_name,
)
from .queries import members_with_skills
from .schemas import (
    CommunityIn,
    CommunityOut,
    CommunityPatch,
    DecisionIn,
    InviteOut,
    JoinIn,
    JoinOut,
    JoinRequestOut,
    LearnIn,
    MemberOut,
    ProfileIn,
    ProfileOut,
    RoleIn,
    TeachIn,
)

router = Router(tags=["communities"])


class DirectoryFilter(Schema):
    city: str | None = Field(None, max_length=80)
    skill: str | None = Field(
        None, max_length=60, description="Only communities where someone teaches this skill (slug)."
    )


@router.get(
    "/communities",
    response={200: list[CommunityOut], 422: Error},
    auth=OPTIONAL_AUTH,
    openapi_extra=OPEN,
    summary="Directory of public communities",
)
def community_list(request: HttpRequest, filters: Query[DirectoryFilter]) -> QuerySet[Community]:
    qs = directory_queryset()
    if filters.city:
        qs = qs.filter(city__iexact=filters.city)
    if filters.skill:
        qs = qs.filter(memberships__teach_skills__skill__slug=filters.skill).distinct()
    return qs.order_by("name")


@router.post(
    "/communities", response={201: CommunityOut, **WRITE}, summary="Start a community (you become its organiser)"
)
def community_create(request: HttpRequest, payload: CommunityIn) -> Status[Community]:
    return Status(201, services.community_create(user=request_user(request), **payload.model_dump()))


@router.get(
    "/communities/{slug}",
    response={200: CommunityOut, 404: Error, 422: Error},
    auth=OPTIONAL_AUTH,
    openapi_extra=OPEN,
    summary="A community",
)
def community_get(request: HttpRequest, slug: str) -> Community:
    return get_community(slug)


@router.patch("/communities/{slug}", response={200: CommunityOut, **WRITE}, summary="Change a community (organisers)")
def community_update(request: HttpRequest, slug: str, payload: CommunityPatch) -> Community:
    community, _m = get_organised_community(request.user, slug)
    data = payload.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in data.items():
        setattr(community, key, value)
    community.save()
    return community


def _skill_rows(membership: Membership) -> dict[str, list[dict[str, Any]]]:
    return {
        "teaches": [
            {"skill": t.skill.slug, "name": t.skill.name, "level": t.level} for t in membership.teach_skills.all()
        ],
        "learns": [
            {"skill": x.skill.slug, "name": x.skill.name, "level": x.level, "priority": x.priority}
            for x in membership.learn_skills.all()
        ],
    }


def _member_out(m: Membership, viewer: Membership) -> dict[str, Any]:
    # A minor's full name is for herself and her guardians; everyone else reads "Ayu P.".
    name = shown_name(m.user, viewer.user)
    return {"id": m.pk, "name": name, "role": m.role, "is_minor": m.user.is_minor, **_skill_rows(m)}


@router.get(
    "/communities/{slug}/members", response={200: list[MemberOut], **READ}, summary="Members and their skills (members)"
)
def member_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    community, viewer = get_member_community(request.user, slug)
    return [_member_out(m, viewer) for m in members_with_skills(community)]


@router.patch(
    "/communities/{slug}/members/{membership_id}",
    response={200: MemberOut, **WRITE},
    summary="Change a member's role (organisers)",
)
def member_role(request: HttpRequest, slug: str, membership_id: int, payload: RoleIn) -> dict[str, Any]:
    community, viewer = get_organised_community(request.user, slug)
    target = get_object_or_404(Membership, pk=membership_id, community=community, user__erased_at__isnull=True)
    services.membership_set_role(membership=target, role=payload.role, by=request_user(request))
    return _member_out(members_with_skills(community).get(pk=target.pk), viewer)


@router.delete("/communities/{slug}/membership", response={204: None, **WRITE}, summary="Leave the community")
def member_leave(request: HttpRequest, slug: str) -> Status[None]:
    _community, membership = get_member_community(request.user, slug)
    services.membership_leave(membership=membership)
    return Status(204, None)


@router.post(
    "/communities/{slug}/join", response={201: JoinOut, **WRITE}, summary="Join with an invite token, or ask to join"
)
def community_join(request: HttpRequest, slug: str, payload: JoinIn) -> Status[dict[str, Any]]:
    community = get_community(slug)
    invite = None
    if payload.invite:
        invite = services.invite_for_token(payload.invite)
        if invite is None:
            raise InvalidInput([{"loc": ["invite"], "msg": _("This invite link is no longer valid.")}])
    result = services.community_join(
        user=request_user(request), community=community, invite=invite, message=payload.message
    )
    if isinstance(result, Membership):
        return Status(201, {"status": "member"})
    return Status(201, {"status": result.status, "request_id": result.pk})


@router.get(
    "/communities/{slug}/join-requests",
    response={200: list[JoinRequestOut], **READ},
    summary="Requests waiting for an organiser",
)
def join_request_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    community, _m = get_organised_community(request.user, slug)
    return [
        {
            "id": r.pk,
            "user_name": shown_name(r.user, request.user),
            "message": r.message,
            "status": r.status,
            "created_at": r.created_at,
        }
        for r in community.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")
    ]


@router.post(
    "/communities/{slug}/join-requests/{request_id}/decision",
    response={200: JoinOut, **WRITE},
    summary="Approve or decline (organisers)",
)
def join_request_decide(request: HttpRequest, slug: str, request_id: int, payload: DecisionIn) -> dict[str, Any]:
    community = get_community(slug)
    req = get_join_request_for_organiser(request.user, community, request_id)
    services.join_request_decide(join_request=req, by=request_user(request), approve=payload.approve)
    req.refresh_from_db()
    return {"status": req.status, "request_id": req.pk}


@router.post(
    "/communities/{slug}/invites",
    response={201: InviteOut, **WRITE, 429: Error},
    summary="Create an invite link (organisers)",
)
def invite_create(request: HttpRequest, slug: str) -> Status[dict[str, Any]]:
    community, _m = get_organised_community(request.user, slug)
    invite: Invite = services.invite_create(community=community, by=request_user(request))
    url = request.build_absolute_uri(reverse("communities:invite_landing", args=[invite.token]))
    return Status(201, {"id": invite.pk, "url": url, "expires_at": invite.expires_at})


PROFILE_FIELDS = PlanningProfileForm.Meta.fields


def _profile_out(m: Membership, *, with_point: bool) -> dict[str, Any]:
    out = model_to_dict(m, fields=PROFILE_FIELDS)
    if not with_point:
        out["home_lat"] = out["home_lng"] = None
    return {**out, **_skill_rows(m)}


def _with_skills(m: Membership) -> Membership:
    return members_with_skills(m.community).get(pk=m.pk)


@router.get(
    "/communities/{slug}/members/{membership_id}/profile",
    response={200: ProfileOut, **READ},
    summary="A member's planning profile (the member, organisers)",
)
def profile_get(request: HttpRequest, slug: str, membership_id: int) -> dict[str, Any]:
    community = get_community(slug)
    target = get_rw_membership(request.user, community, membership_id)
    return _profile_out(_with_skills(target), with_point=target.user_id == request.user.pk)


@router.get("/communities/{slug}/me/profile", response={200: ProfileOut, **READ}, summary="My planning profile")
def my_profile_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    _community, membership = get_member_community(request.user, slug)
    return _profile_out(_with_skills(membership), with_point=True)


@router.patch(
    "/communities/{slug}/me/profile", response={200: ProfileOut, **WRITE}, summary="Change my planning profile"
)
def my_profile_update(request: HttpRequest, slug: str, payload: ProfileIn) -> dict[str, Any]:
    _community, membership = get_member_community(request.user, slug)
    # The page's form validates the API too, so both refuse exactly the same input.
    data = {k: v for k, v in model_to_dict(membership, fields=PROFILE_FIELDS).items() if v is not None}
    data.update(payload.model_dump(exclude_unset=True))
    data = {k: v for k, v in data.items() if v is not None}
    form = PlanningProfileForm(data=data, instance=membership)
    if not form.is_valid():
        raise InvalidInput.from_form(form)
    form.save()
    return _profile_out(_with_skills(membership), with_point=True)


def _skill(community: Community, slug: str) -> Skill:
    return get_object_or_404(Skill.objects.available_to(community.pk), slug=slug)


@router.put(
    "/communities/{slug}/me/teach", response={200: ProfileOut, **WRITE}, summary="Add or change a skill I teach"
)
def teach_put(request: HttpRequest, slug: str, payload: TeachIn) -> dict[str, Any]:
    community, membership = get_member_community(request.user, slug)
    TeachSkill.objects.update_or_create(
        membership=membership, skill=_skill(community, payload.skill), defaults={"level": payload.level}
    )
    return _profile_out(_with_skills(membership), with_point=True)


@router.delete("/communities/{slug}/me/teach/{skill}", response={204: None, **WRITE}, summary="Stop teaching a skill")
def teach_delete(request: HttpRequest, slug: str, skill: str) -> Status[None]:
    community, membership = get_member_community(request.user, slug)
    get_object_or_404(TeachSkill, membership=membership, skill=_skill(community, skill)).delete()
    return Status(204, None)


@router.put(
    "/communities/{slug}/me/learn", response={200: ProfileOut, **WRITE}, summary="Add or change a skill I want to learn"
)
def learn_put(request: HttpRequest, slug: str, payload: LearnIn) -> dict[str, Any]:
    community, membership = get_member_community(request.user, slug)
    LearnSkill.objects.update_or_create(
        membership=membership,
        skill=_skill(community, payload.skill),
        defaults={"level": payload.level, "priority": payload.priority},
    )
    return _profile_out(_with_skills(membership), with_point=True)


@router.delete("/communities/{slug}/me/learn/{skill}", response={204: None, **WRITE}, summary="Drop a learning wish")
def learn_delete(request: HttpRequest, slug: str, skill: str) -> Status[None]:
    community, membership = get_member_community(request.user, slug)
    get_object_or_404(LearnSkill, membership=membership, skill=_skill(community, skill)).delete()
    return Status(204, None)

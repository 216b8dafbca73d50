from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sebaya.communities.permissions import get_member_community, get_organised_community
from sebaya.core.api import OPEN, OPTIONAL_AUTH, READ, WRITE, Body, Count, Error
from sebaya.core.errors import InvalidInput

from .forms import CommunitySkillForm
from .models import Category, Skill

router = Router(tags=["skills"])


class SkillOut(Schema):
    slug: str
    name: str
    name_id: str
    name_en: str
    category: Category
    community: str | None = Field(None, description="The community's slug for a community's own skill.")
    duration_hours: int
    min_group: int
    max_group: int

    @staticmethod
    def resolve_community(obj: Skill) -> str | None:
        return obj.community.slug if obj.community else None


class SkillFilter(Schema):
    category: Category | None = None


class SkillIn(Body):
    name_id: str = Field(min_length=1, max_length=100)
    name_en: str = Field(min_length=1, max_length=100)
    category: Category = Category.OTHER
    duration_hours: Count = Field(2, ge=1, le=4)
    min_group: Count = Field(1, ge=1, le=30)
    max_group: Count = Field(6, ge=1, le=30)


@router.get(
    "/skills",
    response={200: list[SkillOut], 422: Error},
    auth=OPTIONAL_AUTH,
    openapi_extra=OPEN,
    summary="The global skills catalogue",
)
def skill_list(request: HttpRequest, filters: Query[SkillFilter]) -> QuerySet[Skill]:
    qs = Skill.objects.available_to(None)
    if filters.category:
        qs = qs.filter(category=filters.category)
    return qs.order_by("category", "name_en")


@router.get(
    "/communities/{slug}/skills",
    response={200: list[SkillOut], **READ},
    summary="Skills of a community: the catalogue and its own (members)",
)
def community_skill_list(request: HttpRequest, slug: str) -> QuerySet[Skill]:
    community, _m = get_member_community(request.user, slug)
    return Skill.objects.available_to(community.pk).select_related("community").order_by("category", "name_en")


@router.post(
    "/communities/{slug}/skills", response={201: SkillOut, **WRITE}, summary="Add a community's own skill (organisers)"
)
def community_skill_create(request: HttpRequest, slug: str, payload: SkillIn) -> Status[Skill]:
    community, _m = get_organised_community(request.user, slug)
    form = CommunitySkillForm(data=payload.model_dump(), community=community)
    if not form.is_valid():
        raise InvalidInput.from_form(form)
    return Status(201, form.save())

"""Materials can be reported to their community's moderators, who may hide them."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.communities.permissions import membership_of
from sebaya.moderation.registry import register

from .models import Material
from .permissions import get_material
from .services import material_hide


def _fetch(user: Any, community: Community, pk: int) -> Material:
    material = get_material(user, pk)
    if material.community_id != community.pk:
        raise Http404
    return material


def _author(material: Material) -> Membership | None:
    return membership_of(material.author, material.community) if material.author is not None else None


def _hide(material: Material, by: User) -> None:
    material_hide(material=material, by=by)


register(
    "material",
    Material,
    fetch=_fetch,
    community=lambda m: m.community,
    author=_author,
    involves_minor=lambda m: m.author is not None and m.author.is_minor,
    describe=lambda m: m.title,
    url=lambda m: reverse("materials:detail", args=[m.pk]),
    hide=_hide,
    open_to_readers=True,
)

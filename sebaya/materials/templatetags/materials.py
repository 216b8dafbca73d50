from __future__ import annotations

from typing import Any

from django import template

from sebaya.accounts.models import User
from sebaya.communities.permissions import membership_of, shown_name
from sebaya.materials.permissions import readable_materials
from sebaya.materials.services import visible_attachments
from sebaya.meetups.models import Meetup
from sebaya.meetups.permissions import can_change

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_author(context: dict[str, Any], author: User | None) -> str:
    return shown_name(author, context["request"].user)


@register.inclusion_tag("materials/_meetup_materials.html", takes_context=True)
def meetup_materials(context: dict[str, Any], meetup: Meetup) -> dict[str, Any]:
    """The materials of a session that the viewer may see (for the session page)."""
    user = context["request"].user
    viewer = membership_of(user, meetup.community)
    return {
        "request": context["request"],
        "meetup": meetup,
        "materials": visible_attachments(meetup, readable_materials(user)),
        "can_change": can_change(viewer, meetup),
        "csrf_token": context.get("csrf_token"),
    }

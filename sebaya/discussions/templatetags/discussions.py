from __future__ import annotations

from typing import Any

from django import template

from sebaya.accounts.models import User
from sebaya.communities.permissions import shown_name

register = template.Library()


@register.simple_tag(takes_context=True)
def author_name(context: dict[str, Any], author: User | None) -> str:
    """``{% author_name post.author %}``: the author as the viewer may see them (see ``shown_name``)."""
    return shown_name(author, context["request"].user)

from __future__ import annotations

from django import template

from sebaya.accounts.models import User
from sebaya.communities.models import Membership
from sebaya.discussions.permissions import shown_name

register = template.Library()


@register.simple_tag
def author_name(author: User | None, viewer: Membership | None) -> str:
    """``{% author_name post.author viewer %}``: a minor by first name and initial, "former member" for a deleted account."""
    return shown_name(author, viewer)

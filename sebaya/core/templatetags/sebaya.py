from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from sebaya.core.markdown import render_markdown

register = template.Library()


@register.filter
def shown_name(person: Any, viewer: Any) -> str:
    """``{{ member.user|shown_name:request.user }}``: a minor's full name for her and her guardians only."""
    from sebaya.communities.permissions import shown_name as name_for

    return name_for(person, viewer)


@register.filter
def public_name(person: Any) -> str:
    """How a person is named to a group (e-mails to several people): a minor as "Ayu P."."""
    return str(person.public_name)


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)

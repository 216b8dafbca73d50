"""How an author is named beside a material."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sebaya.accounts.models import User


def author_name(author: User | None, viewer: Any = None) -> str:
    """The author's name as others see it: a minor by first name and initial (as everywhere in
    Sebaya, except to themselves); an erased account as "former member"."""
    if author is None:
        return _("former member")
    if author.is_minor and getattr(viewer, "pk", None) != author.pk:
        return author.first_name_and_initial
    return author.display_name

"""What the search feature indexes about a material. This module imports no search code: the
search side calls ``material_entry`` and decides how to store it."""

from __future__ import annotations

import html
import re
from typing import Any

from django.urls import reverse
from django.utils.html import strip_tags

from sebaya.core.markdown import render_markdown

from .models import Material


def _plain(markdown: str) -> str:
    # Rendered (so Markdown syntax goes), stripped of tags, then unescaped: plain text for an index.
    return re.sub(r"\s+", " ", html.unescape(strip_tags(render_markdown(markdown)))).strip()


def material_entry(material: Material) -> dict[str, Any] | None:
    """The searchable text and facets of ``material``; ``None`` when it must not be found (deleted).

    ``public`` tells whether everyone may find it (the public commons); otherwise only members of
    ``community_id`` (and their guardians). A hidden material is still returned (``hidden`` is not a
    facet here): the search side shows results only through ``permissions.readable_materials``.
    """
    if material.deleted_at is not None:
        return None
    body = " ".join(part for part in (_plain(material.description), _plain(material.body)) if part)
    return {
        "title": material.title,
        "body": body,
        "language": material.language if material.language in {"id", "en"} else "",
        "community_id": material.community_id,
        "public": material.visibility == Material.Visibility.PUBLIC and not material.hidden,
        "url": reverse("materials:detail", args=[material.pk]),
        "kind": material.kind,
        "skill_ids": sorted(material.skills.values_list("pk", flat=True)),
        "levels": material.levels,
        "licence": material.licence,
    }

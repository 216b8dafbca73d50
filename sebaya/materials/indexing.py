"""Materials in the search index: the public commons for everyone, the rest for the community."""

from __future__ import annotations

from sebaya.search.registry import Entry, register

from .models import Material
from .search import material_entry


def material_search_entry(material: Material) -> Entry | None:
    """The index entry of ``material``; a hidden one only for the moderators and its author."""
    found = material_entry(material)
    if found is None:
        return None
    return Entry(
        kind="material",
        title=found["title"],
        body=found["body"],
        url=found["url"],
        community_id=found["community_id"],
        public=found["public"],
        language=found["language"],
        skill_ids=tuple(found["skill_ids"]),
        levels=tuple(found["levels"]),
        licence=found["licence"],
        staff_only=material.hidden,
        owner_id=material.author_id if material.hidden else None,
    )


register(Material, kind="material", entry=material_search_entry, m2m=[Material.skills.through])

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sebaya.communities.models import Community

from .backends import Filters

KIND_CHOICES = [
    ("", _("Everything")),
    ("material", _("Materials")),
    ("session", _("Sessions")),
    ("discussion", _("Discussions")),
    ("community", _("Communities")),
]
LANGUAGE_CHOICES = [("", _("Any language")), ("id", _("Indonesian")), ("en", _("English"))]
LEVEL_CHOICES = [("", _("Any level")), *[(str(n), str(n)) for n in range(1, 6)]]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    skill = forms.SlugField(label=_("Skill"), max_length=60, required=False)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    community = forms.SlugField(label=_("Community"), max_length=60, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=40, required=False)
    page = forms.IntegerField(min_value=1, max_value=50, required=False)


def filters_from(data: dict[str, object]) -> Filters:
    """Filters for the search backends from cleaned form or API data.

    An unknown skill or community yields an impossible filter (nothing found) rather than none.
    """
    from sebaya.skills.models import Skill

    skill_ids: tuple[int, ...] = ()
    if data.get("skill"):
        skill_ids = tuple(Skill.objects.filter(slug=data["skill"]).values_list("pk", flat=True)) or (0,)
    community_id = None
    if data.get("community"):
        community_id = Community.objects.filter(Q(slug=data["community"])).values_list("pk", flat=True).first() or 0
    level = data.get("level")
    return Filters(
        kind=str(data.get("kind") or ""),
        skill_ids=skill_ids,
        level=level if isinstance(level, int) and 1 <= level <= 5 else None,
        language=str(data.get("language") or ""),
        community_id=community_id,
        licence=str(data.get("licence") or ""),
    )

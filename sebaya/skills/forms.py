from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from sebaya.communities.models import Community

from .models import Level, Priority, Skill


class SkillChoiceField(forms.ModelChoiceField[Skill]):
    def label_from_instance(self, obj: Skill) -> str:
        return f"{obj.name} ({obj.get_category_display()})"


class _SkillFormBase(forms.Form):
    skill = SkillChoiceField(label=_("Skill"), queryset=Skill.objects.none())

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skill"]
        assert isinstance(field, SkillChoiceField)
        field.queryset = Skill.objects.available_to(community.pk)


class TeachSkillForm(_SkillFormBase):
    level = forms.TypedChoiceField(label=_("My level"), choices=Level.choices, coerce=int)


class LearnSkillForm(_SkillFormBase):
    level = forms.TypedChoiceField(label=_("My level now"), choices=Level.choices, coerce=int, initial=1)
    priority = forms.TypedChoiceField(label=_("How much I want it"), choices=Priority.choices, coerce=int, initial=2)


class CommunitySkillForm(forms.ModelForm[Skill]):
    class Meta:
        model = Skill
        fields = ["name_id", "name_en", "category", "duration_hours", "min_group", "max_group"]

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.community = community

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lo, hi = data.get("min_group"), data.get("max_group")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_group", _("The most learners cannot be fewer than the fewest."))
        name = data.get("name_en") or data.get("name_id") or ""
        slug = slugify(name)[:60]
        if not slug:
            self.add_error("name_en", _("Give the skill a name with letters or digits."))
        elif Skill.objects.available_to(self.community.pk).filter(slug=slug).exists():
            self.add_error("name_en", _("A skill with this name already exists."))
        self.instance.slug = slug
        self.instance.community = self.community
        return data

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sebaya.accounts.models import User
from sebaya.communities.models import Community
from sebaya.meetups.models import Meetup
from sebaya.skills.models import Level, Skill

from .files import too_large
from .models import LearningPath, Material, MaterialKind, StepKind, Visibility

LEVELS = [(lvl.value, str(lvl.value)) for lvl in Level]


class MaterialForm(forms.ModelForm[Material]):
    """Share a material (``creating``) or change one; the kind is chosen once, when it is shared."""

    kind = forms.ChoiceField(label=_("What are you sharing?"), choices=MaterialKind.choices, widget=forms.RadioSelect)
    upload = forms.FileField(
        label=_("File to upload"),
        required=False,
        help_text=_("PDF, image, audio, video or office document."),
    )
    level_min = forms.TypedChoiceField(label=_("From level"), choices=LEVELS, coerce=int, initial=1)
    level_max = forms.TypedChoiceField(label=_("To level"), choices=LEVELS, coerce=int, initial=5)

    class Meta:
        model = Material
        fields = [
            "title",
            "description",
            "language",
            "skills",
            "level_min",
            "level_max",
            "licence",
            "visibility",
            "url",
            "body",
        ]
        help_texts = {
            "description": _("What it is and how to use it."),
            "url": _("For a link: the address. Nothing is fetched from it."),
            "body": _("For a note: the text. Markdown is allowed."),
        }

    def __init__(
        self,
        *args: Any,
        community: Community,
        author: User,
        creating: bool = True,
        upload_refused: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The file was over the size limit and dropped as it arrived (see sebaya.core.uploads).
        self.upload_refused = upload_refused
        self.fields["skills"].queryset = Skill.objects.available_to(community.pk).order_by("name_en")  # type: ignore[attr-defined]
        self.fields["skills"].required = False
        self.fields["upload"].help_text = _("PDF, image, audio, video or office document, at most %(mb)s MB.") % {
            "mb": _max_mb()
        }
        if author.is_minor:
            self.fields["visibility"].choices = [(Visibility.COMMUNITY.value, Visibility.COMMUNITY.label)]  # type: ignore[attr-defined]
            self.fields["visibility"].help_text = _("Members under 18 share with their community only.")
        if not creating:
            del self.fields["kind"]
            if self.instance.kind != MaterialKind.FILE:
                del self.fields["upload"]
            else:
                self.fields["upload"].label = _("Replace the file (optional)")
            if self.instance.kind != MaterialKind.LINK:
                del self.fields["url"]
            if self.instance.kind != MaterialKind.NOTE:
                del self.fields["body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.upload_refused and "upload" in self.fields:
            self.add_error("upload", too_large().message)
        if data.get("level_min") and data.get("level_max") and data["level_min"] > data["level_max"]:
            self.add_error("level_max", _("The levels go from 1 to 5, the first not above the second."))
        return data


def _max_mb() -> int:
    from django.conf import settings

    return int(settings.SEBAYA_UPLOAD_MAX_MB)


class AttachForm(forms.Form):
    meetup = forms.ModelChoiceField(label=_("Session"), queryset=Meetup.objects.none())

    def __init__(self, *args: Any, meetups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meetup"].queryset = meetups  # type: ignore[attr-defined]


class PathForm(forms.ModelForm[LearningPath]):
    level_from = forms.TypedChoiceField(label=_("From level"), choices=LEVELS, coerce=int, initial=1)
    level_to = forms.TypedChoiceField(label=_("To level"), choices=LEVELS, coerce=int, initial=5)

    class Meta:
        model = LearningPath
        fields = ["title", "skill", "description", "level_from", "level_to", "visibility"]

    def __init__(self, *args: Any, community: Community, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.available_to(community.pk).order_by("name_en")  # type: ignore[attr-defined]
        if author.is_minor:
            self.fields["visibility"].choices = [(Visibility.COMMUNITY.value, Visibility.COMMUNITY.label)]  # type: ignore[attr-defined]


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of step"), choices=StepKind.choices, widget=forms.RadioSelect)
    material = forms.ModelChoiceField(label=_("Material"), queryset=Material.objects.none(), required=False)
    title = forms.CharField(label=_("Suggested session"), max_length=140, required=False)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=[("", "—"), *LEVELS], coerce=int, empty_value=None, required=False
    )
    meetup = forms.ModelChoiceField(label=_("Or a scheduled session"), queryset=Meetup.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, materials: Any, meetups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials  # type: ignore[attr-defined]
        self.fields["meetup"].queryset = meetups  # type: ignore[attr-defined]

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

BODY_HELP = _("Markdown is allowed. Mention a member with @ and their name without spaces, e.g. @maya or @maya-putri.")


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, help_text=BODY_HELP
    )
    skill = forms.ChoiceField(label=_("About a skill"), required=False)
    meetup = forms.ChoiceField(label=_("About a session"), required=False)
    material = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: object, skills: list[tuple[str, str]], meetups: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["skill"].choices = [("", _("No particular skill")), *skills]  # type: ignore[attr-defined]
        self.fields["meetup"].choices = [("", _("No particular session")), *meetups]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000, help_text=BODY_HELP
    )
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, help_text=BODY_HELP
    )

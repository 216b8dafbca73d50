from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Reason
from .services import ModAction


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this?"), choices=Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("What happened?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the community's moderators read this. The person you report is not told who you are."),
    )


ACTION_CHOICES = [
    (ModAction.DISMISS, _("Close without action")),
    (ModAction.HIDE, _("Hide the content")),
    (ModAction.WARN, _("Warn the person")),
    (ModAction.SUSPEND, _("Suspend the membership until a date")),
    (ModAction.REMOVE, _("Remove from the community")),
    (ModAction.BAN, _("Ban the account on this instance (operators)")),
]


class ActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=ACTION_CHOICES, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The person warned or suspended reads it, and so do those who reported."),
    )
    until = forms.DateField(label=_("Suspended until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

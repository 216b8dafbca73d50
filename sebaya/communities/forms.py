from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sebaya.core.timezones import timezone_choices
from sebaya.core.weekgrid import WeekGridField

from .models import LANGUAGE_CHOICES, Community, Membership


class CommunityForm(forms.ModelForm[Community]):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        initial="Asia/Jakarta",
        help_text=_("Sessions are scheduled in this time zone."),
    )

    class Meta:
        model = Community
        fields = ["name", "slug", "kind", "city", "timezone", "description", "norms", "visibility", "members_can_host"]
        widgets = {"visibility": forms.RadioSelect}


class CommunityEditForm(CommunityForm):
    class Meta(CommunityForm.Meta):
        fields = ["name", "kind", "city", "timezone", "description", "norms", "visibility", "members_can_host"]


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A few words to the organisers (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class PlanningProfileForm(forms.ModelForm[Membership]):
    """What the planner needs: when I am free, where I live (roughly), how far I go, how much I take on."""

    availability = WeekGridField(
        label=_("When I am free each week"),
        required=False,
        help_text=_("Tap the hours you can usually join a session."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I can learn and teach in"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Membership
        fields = [
            "home_area",
            "home_lat",
            "home_lng",
            "max_travel_km",
            "max_sessions",
            "max_teach",
            "availability",
            "languages",
        ]
        widgets = {
            "home_lat": forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
            "home_lng": forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
            "max_travel_km": forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            "home_area": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "home_lat": _("An approximate point near home, rounded to about 100 m. Only you ever see it."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("home_lat"), data.get("home_lng")
        if (lat is None) != (lng is None):
            self.add_error(
                "home_lng" if lng is None else "home_lat", _("Give both latitude and longitude, or neither.")
            )
        # An approximate point is all the planner needs, and all we keep.
        for name in ("home_lat", "home_lng"):
            if data.get(name) is not None:
                data[name] = round(data[name], 3)
        sessions, teach = data.get("max_sessions"), data.get("max_teach")
        if sessions is not None and teach is not None and teach > sessions:
            self.add_error("max_teach", _("You cannot teach more sessions than you take part in."))
        return data

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sebaya.accounts.forms import DateInput
from sebaya.communities.models import Community, Membership
from sebaya.skills.forms import SkillChoiceField
from sebaya.skills.models import Level, Skill
from sebaya.venues.models import Venue

from .models import Pace
from .services import community_zone


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        # A minor's full name is for her guardians: the lists name her "Ayu P." like other pages.
        return obj.user.first_name_and_initial if obj.user.is_minor else obj.user.display_name


class MembersChoiceField(forms.ModelMultipleChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        # A minor's full name is for her guardians: the lists name her "Ayu P." like other pages.
        return obj.user.first_name_and_initial if obj.user.is_minor else obj.user.display_name


class VenueChoiceField(forms.ModelChoiceField[Venue]):
    def label_from_instance(self, obj: Venue) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, {obj.capacity})"


class MeetupForm(forms.Form):
    """Schedule or change a session. Date and times are in the community's time zone."""

    title = forms.CharField(label=_("Title"), max_length=140)
    skill = SkillChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    host = MemberChoiceField(label=_("Host (who teaches)"), queryset=Membership.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    cohosts = MembersChoiceField(
        label=_("Co-hosts (optional)"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    venue = VenueChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    online_url = forms.URLField(label=_("Or an online link"), required=False)
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, max_value=500, required=False, help_text=_("Empty: as many as the venue holds.")
    )
    level_min = forms.TypedChoiceField(label=_("Lowest level"), choices=Level.choices, coerce=int, initial=1)
    level_max = forms.TypedChoiceField(label=_("Highest level"), choices=Level.choices, coerce=int, initial=5)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for how many weeks"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 for a single session."),
    )
    publish = forms.BooleanField(label=_("Publish now (members are told)"), required=False, initial=True)

    def __init__(
        self, *args: Any, community: Community, viewer: Membership, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.community = community
        self.zone = community_zone(community)
        skill = self.fields["skill"]
        assert isinstance(skill, SkillChoiceField)
        skill.queryset = Skill.objects.available_to(community.pk)
        host = self.fields["host"]
        assert isinstance(host, MemberChoiceField)
        if viewer.can_facilitate:
            host.queryset = community.memberships.select_related("user").order_by("user__display_name")
            host.initial = viewer.pk
        else:
            host.queryset = Membership.objects.filter(pk=viewer.pk).select_related("user")
            host.initial = viewer.pk
        cohosts = self.fields["cohosts"]
        assert isinstance(cohosts, MembersChoiceField)
        cohosts.queryset = community.memberships.select_related("user").order_by("user__display_name")
        if not viewer.can_facilitate:
            self.fields.pop("cohosts")
        venue = self.fields["venue"]
        assert isinstance(venue, VenueChoiceField)
        venue.queryset = community.venues.filter(is_active=True).order_by("name")
        if editing:
            for name in ("weeks", "publish", "host", "cohosts"):
                self.fields.pop(name, None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, start, end = data.get("date"), data.get("start"), data.get("end")
        if date and start and end:
            data["starts_at"] = datetime.datetime.combine(date, start, tzinfo=self.zone)
            data["ends_at"] = datetime.datetime.combine(date, end, tzinfo=self.zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("A session must end after it starts."))
        if not data.get("venue") and not data.get("online_url"):
            self.add_error("venue", _("Choose a venue or give an online link."))
        lo, hi = data.get("level_min"), data.get("level_max")
        if lo and hi and lo > hi:
            self.add_error("level_max", _("The lowest level cannot be above the highest."))
        return data


class OccurrencesForm(forms.Form):
    occurrences = forms.ChoiceField(
        label=_("Apply to"),
        choices=[("this", _("This session only")), ("rest", _("This and the later sessions of the series"))],
        initial="this",
        widget=forms.RadioSelect,
    )


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Code shown by the host"), max_length=6, min_length=6)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Host's notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000
    )


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it?"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1: not at all · 5: very useful"),
    )
    pace = forms.ChoiceField(label=_("The pace was"), choices=Pace.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Anything to add? (the host sees it without your name)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sebaya.communities.models import Community, Membership
from sebaya.core.weekgrid import WeekGridField

from .models import Venue


class HostChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        # A minor's full name is for her guardians: the lists name her "Ayu P." like other pages.
        return obj.user.first_name_and_initial if obj.user.is_minor else obj.user.display_name


class VenueForm(forms.ModelForm[Venue]):
    opening = WeekGridField(
        label=_("Weekly opening hours"), required=False, help_text=_("Tap the hours when sessions can take place here.")
    )
    host = HostChoiceField(
        label=_("Host"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("For a home: the member who lives there."),
    )

    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "address",
            "lat",
            "lng",
            "online_url",
            "capacity",
            "rooms",
            "minors_ok",
            "host",
            "notes",
            "opening",
            "is_active",
        ]
        widgets = {
            "lat": forms.NumberInput(attrs={"step": "0.0001", "inputmode": "decimal"}),
            "lng": forms.NumberInput(attrs={"step": "0.0001", "inputmode": "decimal"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        host = self.fields["host"]
        assert isinstance(host, HostChoiceField)
        # Only adults host sessions at home.
        host.queryset = community.memberships.select_related("user").order_by("user__display_name")
        self.instance.community = community

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == Venue.Kind.ONLINE:
            if not data.get("online_url"):
                self.add_error("online_url", _("An online venue needs its meeting link."))
            data["lat"] = data["lng"] = None
        else:
            for coordinate in ("lat", "lng"):
                if data.get(coordinate) is None and coordinate not in self.errors:
                    self.add_error(coordinate, _("A place people travel to needs its latitude and longitude."))
        host = data.get("host")
        if kind == Venue.Kind.HOME:
            if host is None:
                self.add_error("host", _("A home venue needs the member who hosts it."))
            elif host.user.is_minor:
                self.add_error("host", _("A host must be an adult."))
        else:
            data["host"] = None
        name = data.get("name")
        if (
            name
            and Venue.objects.filter(community=self.instance.community, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", _("This community already has a venue with that name."))
        return data

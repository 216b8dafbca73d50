from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VenueKind(models.TextChoices):
    HOME = "home", pgettext_lazy("kind of venue", "Home")
    CAFE = "cafe", _("Café")
    PUBLIC = "public", _("Public place (library, park, hall)")
    ONLINE = "online", _("Online")


class Venue(models.Model):
    """Where a community meets: a home, a café, a public place, or an online room."""

    Kind = VenueKind

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="venues", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    address = models.CharField(_("address"), max_length=255, blank=True)
    lat = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lng = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    online_url = models.URLField(_("meeting link"), blank=True, help_text=_("For online venues: the video-call link."))
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(500)],
        help_text=_("Most people in one session, host included."),
    )
    rooms = models.PositiveSmallIntegerField(
        _("rooms"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many sessions can run here at the same time."),
    )
    opening = models.JSONField(_("weekly opening hours"), default=list, blank=True)
    minors_ok = models.BooleanField(_("suitable for minors"), default=False)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Access, parking, what to bring. Markdown is allowed.")
    )
    host = models.ForeignKey(
        "communities.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_venues",
        verbose_name=_("host"),
        help_text=_("For a home: the member who lives there."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="venue_name_unique"),
            models.CheckConstraint(
                condition=models.Q(kind="online") | (models.Q(lat__isnull=False) & models.Q(lng__isnull=False)),
                name="venue_located_unless_online",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_home(self) -> bool:
        return self.kind == self.Kind.HOME

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE

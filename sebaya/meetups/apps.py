from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetupsConfig(AppConfig):
    name = "sebaya.meetups"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        from . import signals  # noqa: F401  # connects the receivers

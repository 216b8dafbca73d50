from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "sebaya.moderation"
    verbose_name = _("Reports and moderation")

    def ready(self) -> None:
        # The kinds of things members can report; other apps register theirs in their own ready().
        from . import targets  # noqa: F401

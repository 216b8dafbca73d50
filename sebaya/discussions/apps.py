from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "sebaya.discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from . import reporting, search  # noqa: F401 - registers posts with moderation, threads and posts with search

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sebaya.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Sessions and communities are indexed from here; other apps register their own models.
        from . import sources  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "sebaya.materials"
    verbose_name = _("Materials")

    def ready(self) -> None:
        from . import indexing, reporting  # noqa: F401

"""Background work on accounts. Tasks are thin: ids in, one service call."""

from __future__ import annotations

from django_tasks import task

from .models import DataExport


@task()
def build_export(*, export_id: int) -> None:
    from .privacy import data_export_build

    export = DataExport.objects.select_related("subject").filter(pk=export_id).first()
    if export is not None and export.status == DataExport.Status.PENDING:
        data_export_build(export=export)


@task()
def daily_account_jobs() -> None:
    from .privacy import data_exports_purge
    from .services import guardianships_end_for_adults

    guardianships_end_for_adults()
    data_exports_purge()

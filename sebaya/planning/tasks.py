from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_plan(*, run_id: int) -> None:
    services.plan_execute(run_id)

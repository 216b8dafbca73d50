"""Re-check stored plans against their stored input with the spec's checker: ``manage.py recheck_plan 12 13``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sebaya.core.errors import ServiceError
from sebaya.planning.models import PlanRun
from sebaya.planning.services import plan_recheck


class Command(BaseCommand):
    help = "Re-check stored plans (by id; all published plans with --published) against their stored input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int)
        parser.add_argument("--published", action="store_true", help="Every published plan.")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = PlanRun.objects.filter(pk__in=options["ids"])
        if options["published"]:
            runs = runs | PlanRun.objects.filter(status=PlanRun.Status.PUBLISHED)
        if not runs.exists():
            raise CommandError("No such plan.")
        broken = 0
        for run in runs.order_by("pk"):
            try:
                report = plan_recheck(run)
            except ServiceError as e:
                self.stdout.write(f"plan {run.pk}: {e.message}")
                continue
            if report.valid:
                self.stdout.write(
                    f"plan {run.pk} ({run.community.slug}, {run.week_start}): valid, score {report.score}"
                )
            else:
                broken += 1
                self.stdout.write(f"plan {run.pk} ({run.community.slug}, {run.week_start}): INVALID")
                for error in report.errors:
                    self.stdout.write(f"  {error}")
        if broken:
            raise CommandError(f"{broken} plan(s) break a rule.")

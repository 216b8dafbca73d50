from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from sebaya.search.models import Document
from sebaya.search.registry import rebuild


class Command(BaseCommand):
    help = "Index every searchable object again (materials, sessions, discussions, communities)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when the index holds nothing yet (e.g. after an upgrade)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Document.objects.exists():
            self.stdout.write("The search index is already built.")
            return
        with transaction.atomic():
            total = rebuild(out=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{total} documents indexed."))

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sebaya.search.registry import rebuild


class Command(BaseCommand):
    help = "Index every searchable object again (materials, sessions, discussions, communities)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            total = rebuild(out=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{total} documents indexed."))

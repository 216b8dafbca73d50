"""The daily account jobs: end guardianship for members who turned 18, delete expired data exports.

Run it from cron once a day, or keep it running with ``--every SECONDS`` (``make run`` does). Both
jobs are idempotent, so running it twice in a day changes nothing the second time.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sebaya.accounts.privacy import data_exports_purge
from sebaya.accounts.services import guardianships_end_for_adults


class Command(BaseCommand):
    help = "End guardianship for members who turned 18 and delete expired data exports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Keep running, every N seconds.")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            adults = guardianships_end_for_adults()
            purged = data_exports_purge()
            self.stdout.write(f"Came of age: {adults}. Expired exports deleted: {purged}.")
            if not every:
                return
            time.sleep(every)

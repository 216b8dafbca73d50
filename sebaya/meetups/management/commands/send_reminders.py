"""Send the session reminders that are due (24 hours and 2 hours before).

Run it from cron every few minutes, or keep it running with ``--every SECONDS`` (``make run`` does).
Each reminder is marked before it is sent, so several copies of this command never send twice.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sebaya.meetups.services import reminders_send_due


class Command(BaseCommand):
    help = "Send the session reminders that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Keep running, checking every N seconds.")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            sent = reminders_send_due()
            if sent or not every:
                self.stdout.write(f"Reminders sent: {sent}.")
            if not every:
                return
            time.sleep(every)

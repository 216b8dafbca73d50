"""Helpers for tests that need real concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection

from sebaya.core.errors import ServiceError


def run_together(*actions: Callable[[], object]) -> list[str]:
    """Start every action at the same moment in its own thread (each with its own database
    connection); return "ok" or the refusal code of each, in the order given."""
    barrier = threading.Barrier(len(actions))
    results: list[str] = ["?"] * len(actions)

    def run(i: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            action()
            results[i] = "ok"
        except ServiceError as e:
            results[i] = e.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def ensure_catalogue() -> None:
    """Load the skills catalogue again after a transactional test emptied every table.

    The catalogue comes from a data migration; transactional tests flush the tables when they end,
    so a later transactional test finds it gone. The migration's own function reloads it.
    """
    from importlib import import_module

    from django.apps import apps

    from sebaya.skills.models import Skill

    if not Skill.objects.filter(community=None).exists():
        import_module("sebaya.skills.migrations.0002_catalogue").seed(apps, None)

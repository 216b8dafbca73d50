#!/usr/bin/env python3
"""Serve Sebaya for development: the web server, the task worker and the reminder clock, in one command.

Ctrl-C (or SIGTERM) stops both. Used by ``make run``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def main() -> int:
    port = os.environ.get("PORT", "8000")
    env = {
        "SEBAYA_SITE_URL": f"http://127.0.0.1:{port}",
        **os.environ,
        "SEBAYA_DEBUG": os.environ.get("SEBAYA_DEBUG", "true"),
        "PYTHONUNBUFFERED": "1",
    }
    from_demo = "belajar-bersama-2026"
    print(
        f"""
  Sebaya is starting on http://127.0.0.1:{port}/

  Demo log-ins (password for all: {from_demo}):
    rina@demo.sebaya.id      organiser, Lingkar Belajar Cilandak (Jakarta), guardian of Ayu
    budi@demo.sebaya.id      facilitator there, guardian of Raka and Sari
    ayu                      a 13-year-old member (logs in with her username)
    wahyu@demo.sebaya.id     organiser, Kolektif Seni Prawirotaman (Yogyakarta)
    yoga@demo.sebaya.id      a member of the art collective
    operator@demo.sebaya.id  instance operator: http://127.0.0.1:{port}/admin/

  API docs: http://127.0.0.1:{port}/api/docs    Press Ctrl-C to stop.
""",
        flush=True,
    )
    procs = [
        subprocess.Popen([PY, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT, env=env),
        subprocess.Popen([PY, "manage.py", "db_worker", "--no-reload", "--interval", "1"], cwd=ROOT, env=env),
        subprocess.Popen([PY, "manage.py", "send_reminders", "--every", "60"], cwd=ROOT, env=env),
        subprocess.Popen([PY, "manage.py", "daily_accounts", "--every", "86400"], cwd=ROOT, env=env),
    ]

    def stop(*_args: object) -> None:
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
    print("\nSebaya stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m planner solve`` and ``python -m planner check``.

Exit status: 0 success (or a valid plan), 1 an invalid plan, 2 unreadable or malformed input.
Malformed input prints every problem on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from planner.check import check_document
from planner.io import InstanceError, load_json, read_instance, write_plan
from planner.solve import default_time_limit, solve

# Seconds kept for writing the plan and ending the process (the solve keeps time for writing a
# large plan; see ``TAIL_SECONDS`` in :mod:`planner.solve`).
WRITE_ALLOWANCE = 0.05


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Send anything written to file descriptor 1 (such as a solver banner) to stderr instead."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m planner", description="Plan a week of peer-to-peer learning.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="plan an instance")
    s.add_argument("instance")
    s.add_argument("-o", "--output", required=True, help="where to write the plan (JSON)")
    s.add_argument("--time-limit", type=float, default=None, help="seconds (default: grows with size, at most 600)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--progress", action="store_true", help="print progress on stderr")
    c = sub.add_parser("check", help="check a plan against its instance")
    c.add_argument("instance")
    c.add_argument("plan")
    c.add_argument("--json", action="store_true", help="print the verdict as JSON")
    return p


def _fail(problems: Sequence[str]) -> int:
    for line in problems:
        print(line, file=sys.stderr)
    return 2


def _since_start() -> float:
    """Seconds since this process started (0 where Linux's ``/proc`` is not there to tell)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            # Field 22, the start time in clock ticks since boot, counted after the command's name.
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        return max(0.0, time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def _solve(args: argparse.Namespace) -> int:
    try:
        instance = read_instance(args.instance)
    except InstanceError as e:
        return _fail(["malformed instance, not planned:", *e.problems])
    limit = args.time_limit if args.time_limit is not None else default_time_limit(instance)
    if not limit > 0:
        return _fail(["--time-limit must be positive"])

    def progress(done: float, best: float) -> None:
        """Print progress on stderr when asked to."""
        if args.progress:
            print(f"progress {done:5.1%} best {best:.3f}", file=sys.stderr, flush=True)

    # The limit is the command's: starting Python, loading the planner and reading the instance
    # (0.2 to 0.7 s) count too, as does writing the plan.
    budget = max(0.2 * limit, limit - _since_start() - WRITE_ALLOWANCE)
    with _quiet_stdout():
        plan = solve(instance, time_limit=budget, seed=args.seed, progress=progress)
    try:
        write_plan(plan, args.output)
    except OSError as e:
        return _fail([f"{args.output}: cannot write: {e.strerror or e}"])
    bound = f" upper_bound={plan.upper_bound}" if plan.upper_bound is not None else ""
    print(f"sessions={len(plan.sessions)} score={plan.score}{bound}")
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        instance = read_instance(args.instance, check_pins=False)
        doc = load_json(args.plan)
    except InstanceError as e:
        return _fail([f"unreadable input: {p}" for p in e.problems])
    if not isinstance(doc, dict):
        return _fail(["unreadable input: the plan must be a JSON object"])
    try:
        report = check_document(instance, doc)
    except (TypeError, KeyError, ValueError) as e:
        return _fail([f"unreadable input: malformed plan: {e}"])
    if args.json:
        print(json.dumps({"valid": report.valid, "errors": list(report.errors), "score": report.score}))
    else:
        for line in report.errors:
            print(line)
        claimed = doc.get("score")
        note = ""
        if isinstance(claimed, int | float) and abs(claimed - report.score) >= 1e-6:
            note = f" (plan claims {claimed})"
        verdict = "VALID" if report.valid else "INVALID"
        print(f"{verdict} sessions={len(doc.get('sessions', []))} score={report.score}{note}")
    return 0 if report.valid else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "solve":
            return _solve(args)
        return _check(args)
    except KeyboardInterrupt:
        return _fail(["interrupted"])

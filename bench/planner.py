"""Benchmark the planner against a first-fit baseline on shared and generated instances.

Run from the repository root: ``python bench/planner.py [--sizes 20,60,200,2000,20000] [--seeds 1,2]
[--time-limit SECONDS] [--no-shared] [--all-seeds] [--quick]``. Sizes of 20,000 people and more run
with the first seed only (each takes ten minutes plus the baseline) unless ``--all-seeds`` is given;
``--quick`` (generated 20, 60 and 200 people, one seed, and the shared samples up to 200 people) is
a run of about two minutes. Unless ``--quick`` or ``--no-shared`` is given, 200-person communities
carved from the shared 2,000-person sample (one per seed, see :mod:`bench.carve`) run too.
``secs`` is the wall time of the whole command (start-up, reading and writing included),
``solve`` the planner's own. The table ends with a summary against each goal.
Each solve runs in its own process so that peak memory (maximum resident set size) is per solve,
with a second searcher's peak added where one ran. Every plan is checked by the planner's
validator and by the reference ``check_plan.py`` (found in ``../shared/planner`` or
``$SEBAYA_SHARED/planner``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.carve import carve  # noqa: E402
from bench.citygen import generate  # noqa: E402
from planner.baseline import first_fit  # noqa: E402
from planner.check import check_document  # noqa: E402
from planner.io import read_instance  # noqa: E402
from planner.solve import time_limit_for  # noqa: E402

# Instances at least this large run with one seed by default.
BIG = 20_000
# Communities of this many people are carved from every shared sample at least ten times larger
# (see :mod:`bench.carve`), one per seed, when this size is benchmarked.
CARVED = 200
# The goals, per size class (largest number of people in the class): the share of the proven
# bound to reach (None: optimal and proved), the least ratio to the first-fit baseline, the
# time and the peak memory.
GOALS: list[tuple[int, float | None, float, float, float]] = [
    (60, None, 0.0, 5.0, 4096.0),
    (200, 98.0, 0.0, 20.0, 4096.0),
    (2000, 95.0, 0.0, 120.0, 4096.0),
    (10**9, 0.0, 1.3, 600.0, 4096.0),
]


def _num(r: dict[str, object], key: str) -> float:
    """A numeric field of a benchmark row."""
    v = r[key]
    assert isinstance(v, int | float), (key, v)
    return float(v)


def _helper_mb(plan: dict[str, Any]) -> float:
    """The second searcher's peak memory, which the plan's notes give where one ran.

    The solve process's own figure (from ``wait4``) is the largest of its process tree, not the
    sum: adding the helper's keeps the column an upper bound on the memory used at once (pages
    shared since the fork are counted twice).
    """
    for note in plan.get("stats", {}).get("notes", []):
        found = re.fullmatch(r"second searcher: peak memory (\d+) MB", note)
        if found:
            return float(found.group(1))
    return 0.0


def goal_for(n: int) -> tuple[int, float | None, float, float, float]:
    """The goal of the smallest size class that holds ``n`` people."""
    return next(g for g in GOALS if n <= g[0])


def meets(r: dict[str, object]) -> tuple[bool, str]:
    """Whether one benchmark row meets its size's goal, and the goal in words."""
    _, pct, ratio, secs, mb = goal_for(int(_num(r, "people")))
    ok = bool(r["ours_ok"]) and bool(r["ref_ok"])
    ok = ok and _num(r, "seconds") <= secs + 1.0 and _num(r, "peak_mb") <= mb
    if pct is None:
        text = f"optimal and proved in <= {secs:.0f} s"
        ok = ok and bool(r["optimal"])
    else:
        parts = [f">= {pct:.0f} % of bound"] if pct else ["valid"]
        parts += [f">= {ratio:.1f}x first fit"] if ratio else []
        text = ", ".join([*parts, f"<= {secs:.0f} s", f"<= {mb / 1024:.0f} GB"])
        ok = ok and _num(r, "pct") >= pct and _num(r, "ratio") >= ratio
    return ok, text


def shared_dir() -> Path:
    """The shared folder with SPEC.md, check_plan.py and sample instances."""
    env = os.environ.get("SEBAYA_SHARED")
    return Path(env) if env else (ROOT / ".." / "shared").resolve()


def limit_for(n: int, override: float | None) -> float:
    """Time limit for an instance of ``n`` people: the planner's own default (the goals' limits at
    their sizes, and between them as the command line would give)."""
    return override if override is not None else time_limit_for(n)


def run_one(label: str, inst_path: Path, seed: int, limit: float, out_dir: Path) -> dict[str, object]:
    """Solve one instance in a subprocess and measure it; returns one table row."""
    plan_path = out_dir / f"{label}-s{seed}.plan.json"
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planner",
            "solve",
            str(inst_path),
            "-o",
            str(plan_path),
            "--time-limit",
            str(limit),
            "--seed",
            str(seed),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - t0
    if proc.stderr is not None:
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        return {"label": label, "seed": seed, "error": err.strip()[-300:]}
    instance = read_instance(inst_path)
    plan = json.loads(plan_path.read_text())
    ours = check_document(instance, plan)
    ref = subprocess.run(
        [sys.executable, str(shared_dir() / "planner" / "check_plan.py"), str(inst_path), str(plan_path), "--json"],
        capture_output=True,
        check=False,
        text=True,
    )
    ref_ok = ref.returncode == 0 and json.loads(ref.stdout)["valid"]
    base = first_fit(instance)
    score = float(plan["score"])
    bound = float(plan.get("upper_bound") or float("nan"))
    return {
        "label": label,
        "people": len(instance.people),
        "seed": seed,
        "limit": limit,
        "seconds": seconds,
        "solve_secs": float(plan.get("stats", {}).get("seconds", 0.0)),
        "peak_mb": usage.ru_maxrss / 1024 + _helper_mb(plan),
        "score": score,
        "bound": bound,
        "pct": 100 * score / bound if bound else 0,
        "greedy": base.score or 0.0,
        "ratio": score / base.score if base.score else float("inf"),
        "ours_ok": ours.valid,
        "ref_ok": ref_ok,
        "optimal": plan.get("stats", {}).get("proved_optimal", False),
        "method": plan.get("stats", {}).get("method", ""),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description="Benchmark the planner.")
    ap.add_argument("--sizes", default="20,60,200,2000,20000")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--no-shared", action="store_true", help="skip the shared sample instances")
    ap.add_argument("--all-seeds", action="store_true", help="run every seed on city-sized instances too")
    ap.add_argument("--quick", action="store_true", help="20, 60 and 200 people, one seed, small samples only")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.seeds = "20,60,200", args.seeds.split(",")[0]
    sizes = [int(x) for x in args.sizes.split(",") if x]
    seeds = [int(x) for x in args.seeds.split(",") if x]
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[str, Path, int, float]] = []
    # Shared samples large enough to carve communities from.
    sources: list[tuple[str, dict[str, Any]]] = []
    if not args.no_shared:
        for p in sorted((shared_dir() / "planner" / "instances").glob("*.json")):
            doc = json.loads(p.read_text())
            n = len(doc["people"])
            if n >= 10 * CARVED and CARVED in sizes and not args.quick:
                sources.append((p.stem, doc))
            if args.quick and n > 200:
                continue
            jobs.append((p.stem, p, 1, limit_for(n, args.time_limit)))
    with tempfile.TemporaryDirectory() as tmp:
        for k, (stem, doc) in enumerate(sources):
            for seed in seeds:
                path = Path(tmp) / f"carved-{stem}-seed{seed}.json"
                path.write_text(json.dumps(carve(doc, CARVED, seed)))
                label = f"carved-{CARVED}" + (f"-{k + 1}" if k else "")
                jobs.append((label, path, seed, limit_for(CARVED, args.time_limit)))
        for n in sizes:
            for seed in seeds if n < BIG or args.all_seeds else seeds[:1]:
                path = Path(tmp) / f"city-{n}-seed{seed}.json"
                path.write_text(json.dumps(generate(n, seed)))
                jobs.append((f"city-{n}", path, seed, limit_for(n, args.time_limit)))
        head = (
            f"{'instance':26} {'seed':>4} {'limit':>6} {'secs':>7} {'solve':>7} {'peakMB':>7} {'score':>10} {'bound':>10} "
            f"{'%bound':>7} {'greedy':>10} {'xgreedy':>7} {'ours':>5} {'ref':>5} {'opt':>5}"
        )
        print(head)
        print("-" * len(head), flush=True)
        rows: list[dict[str, object]] = []
        for label, path, seed, limit in jobs:
            r = run_one(label, path, seed, limit, out_dir)
            if "error" in r:
                print(f"{label:26} {seed:>4} ERROR {r['error']}", flush=True)
                continue
            rows.append(r)
            print(
                f"{label:26} {seed:>4} {r['limit']:>6.0f} {r['seconds']:>7.1f} {r['solve_secs']:>7.1f} {r['peak_mb']:>7.0f} {r['score']:>10.2f} "
                f"{r['bound']:>10.2f} {r['pct']:>6.1f}% {r['greedy']:>10.2f} {r['ratio']:>7.2f} "
                f"{'yes' if r['ours_ok'] else 'NO':>5} {'yes' if r['ref_ok'] else 'NO':>5} {'yes' if r['optimal'] else 'no':>5}",
                flush=True,
            )
    summary(rows)
    return 0


def summary(rows: list[dict[str, object]]) -> None:
    """One line per size class: how many runs met the goal, and the worst share of the bound."""
    print()
    print("goals")
    for top, *_ in GOALS:
        mine = [r for r in rows if goal_for(int(_num(r, "people")))[0] == top]
        if not mine:
            continue
        results = [meets(r) for r in mine]
        met = sum(ok for ok, _ in results)
        worst = min(_num(r, "pct") for r in mine)
        ratio = min(_num(r, "ratio") for r in mine)
        slowest = max(_num(r, "seconds") for r in mine)
        peak = max(_num(r, "peak_mb") for r in mine)
        size = "up to 60" if top == 60 else ("over 2000" if top > 2000 else f"up to {top}")
        print(
            f"  {size:>10} people: {met}/{len(mine)} met ({results[0][1]}); worst {worst:.1f} % of bound, "
            f"{ratio:.2f}x first fit, {slowest:.0f} s, {peak:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())

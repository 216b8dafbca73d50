"""The command line: malformed input lists every problem and exits 2 without a traceback."""

from __future__ import annotations

import dataclasses
import importlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from planner.io import instance_from_dict
from planner.model import Plan
from planner.solve import default_time_limit
from planner.tests.conftest import REPO, shared_dir, tiny_instance

cli = importlib.import_module("planner.cli")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_lists_every_problem_of_a_malformed_instance(tmp_path: Path) -> None:
    data: dict[str, Any] = tiny_instance(1)
    del data["horizon"]["timezone"]
    data["skills"][0]["min_group"] = 5
    data["skills"][0]["max_group"] = 2
    data["people"][0]["available"] = [[3, 1], [0, 2], [1, 3]]
    data["people"][1]["learn"] = [{"skill": "nope", "level": 9, "priority": 0}]
    data["people"][2]["guardians"] = ["ghost"]
    data["venues"][1] = {"id": "v1", "kind": "boat", "capacity": 0}
    data["pinned"] = [{"skill": "s0", "teacher": "ghost", "learners": [], "venue": "v0", "start": "soon"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    r = _run("solve", str(path), "-o", str(tmp_path / "plan.json"))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    for needle in (
        "timezone",
        "min_group 5 is above max_group 2",
        "empty or inverted",
        "overlap",
        "unknown skill 'nope'",
        "'level' is 9",
        "'priority' is 0",
        "guardian 'ghost'",
        "'kind' is 'boat'",
        "'capacity' is 0",
        "pinned[0]: 'start' must be an integer",
    ):
        assert needle in r.stderr, (needle, r.stderr)
    assert not (tmp_path / "plan.json").exists()


def test_it_refuses_pins_that_break_a_hard_rule(tmp_path: Path) -> None:
    data = json.loads((shared_dir() / "planner" / "instances" / "community-20-seed1.json").read_text())
    pin = dict(data["pinned"][0])
    data["pinned"].append({**pin, "venue": data["pinned"][0]["venue"], "start": pin["start"]})
    path = tmp_path / "pins.json"
    path.write_text(json.dumps(data))
    r = _run("solve", str(path), "-o", str(tmp_path / "plan.json"))
    assert r.returncode == 2
    assert "pinned sessions break a hard rule" in r.stderr and "rule 5" in r.stderr
    assert "Traceback" not in r.stderr


def test_it_reports_bad_json_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    r = _run("solve", str(path), "-o", str(tmp_path / "p.json"))
    assert r.returncode == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.stderr
    r = _run("check", str(tmp_path / "missing.json"), str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_solve_then_check_round_trip(tmp_path: Path) -> None:
    inst = shared_dir() / "planner" / "instances" / "community-20-seed1.json"
    plan = tmp_path / "plan.json"
    r = _run("solve", str(inst), "-o", str(plan), "--time-limit", "2", "--seed", "4")
    assert r.returncode == 0, r.stderr
    # Only our own summary line reaches stdout: no solver banner leaks into it.
    assert r.stdout.strip().startswith("sessions=") and len(r.stdout.strip().splitlines()) == 1
    doc = json.loads(plan.read_text())
    assert doc["sessions"] and all(s["why"] and s["reasons"] for s in doc["sessions"])
    assert _run("check", str(inst), str(plan)).returncode == 0
    ref = subprocess.run(
        [sys.executable, str(shared_dir() / "planner" / "check_plan.py"), str(inst), str(plan)],
        capture_output=True,
        check=False,
        text=True,
    )
    assert ref.returncode == 0, ref.stdout
    doc["sessions"][0]["learners"].append(doc["sessions"][0]["teacher"])
    plan.write_text(json.dumps(doc))
    assert _run("check", str(inst), str(plan)).returncode == 1


def _time_limits_given(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time limits the command gives the solve (which returns an empty plan at once), one a
    run, with starting Python taking a second."""
    limits: list[float] = []

    def solve(instance: object, *, time_limit: float, seed: int, progress: object) -> Plan:
        limits.append(time_limit)
        return Plan(())

    monkeypatch.setattr(cli, "solve", solve)
    monkeypatch.setattr(cli, "_since_start", lambda: 1.0)
    return limits


def test_the_time_limit_is_the_commands_from_its_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Starting Python and loading the planner count towards the limit: the solve gets what is left.
    limits = _time_limits_given(monkeypatch)
    inst = shared_dir() / "planner" / "instances" / "community-20-seed1.json"
    assert cli.main(["solve", str(inst), "-o", str(tmp_path / "plan.json"), "--time-limit", "5"]) == 0
    assert limits == [pytest.approx(5.0 - 1.0 - cli.WRITE_ALLOWANCE)]
    # However slow the start, the solve keeps a fifth of the limit.
    monkeypatch.setattr(cli, "_since_start", lambda: 30.0)
    assert cli.main(["solve", str(inst), "-o", str(tmp_path / "plan.json"), "--time-limit", "5"]) == 0
    assert limits[-1] == pytest.approx(1.0)


def test_the_process_start_is_read_from_the_system() -> None:
    # This test process started before the test began, and not before the machine did.
    assert 0.0 < cli._since_start() < time.clock_gettime(time.CLOCK_BOOTTIME)


def test_without_a_time_limit_the_command_takes_the_benchmarks_for_the_size(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    limits = _time_limits_given(monkeypatch)
    inst = shared_dir() / "planner" / "instances" / "district-200-seed3.json"
    assert cli.main(["solve", str(inst), "-o", str(tmp_path / "plan.json")]) == 0
    assert limits == [pytest.approx(20.0 - 1.0 - cli.WRITE_ALLOWANCE)]


def test_the_default_time_limit_grows_with_the_instance_up_to_ten_minutes() -> None:
    one = instance_from_dict(tiny_instance(1, people=1, skills=1, slots=4, venues=1))

    def limit(n: int) -> float:
        return default_time_limit(dataclasses.replace(one, people=one.people * n))

    # The benchmark's limits at its sizes, and straight lines between them.
    assert [limit(n) for n in (1, 20, 60, 200, 2_000, 20_000, 100_000)] == [5, 5, 5, 20, 120, 600, 600]
    assert limit(1_100) == pytest.approx(70.0)
    sizes = range(1, 30_000, 97)
    assert [limit(n) for n in sizes] == sorted(limit(n) for n in sizes)

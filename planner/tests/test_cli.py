"""The command line: malformed input lists every problem and exits 2 without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from planner.tests.conftest import REPO, shared_dir, tiny_instance


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

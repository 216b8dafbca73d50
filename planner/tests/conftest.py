"""Shared helpers for the planner tests: the shared folder, the reference checker and tiny instances."""

from __future__ import annotations

import importlib.util
import os
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared folder (``../shared`` beside the repository, or ``$SEBAYA_SHARED``)."""
    env = os.environ.get("SEBAYA_SHARED")
    return Path(env) if env else (REPO / ".." / "shared").resolve()


def load_reference() -> ModuleType:
    """Import ``check_plan.py`` from the shared folder."""
    path = shared_dir() / "planner" / "check_plan.py"
    spec = importlib.util.spec_from_file_location("check_plan_reference", path)
    assert spec is not None and spec.loader is not None, f"reference checker not found at {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def reference() -> ModuleType:
    """The reference checker module."""
    return load_reference()


def shared_instances() -> list[Path]:
    """The sample instances of the shared folder."""
    return sorted((shared_dir() / "planner" / "instances").glob("*.json"))


def tiny_instance(seed: int, *, people: int = 4, skills: int = 2, slots: int = 4, venues: int = 2) -> dict[str, Any]:
    """A small random instance (one day) with minors, guardians, an online room and tight limits."""
    rng = random.Random(seed)
    sk: list[dict[str, Any]] = [
        {
            "id": f"s{i}",
            "duration": rng.choice([1, 1, 2]),
            "min_group": rng.choice([1, 1, 2]),
            "max_group": rng.choice([1, 2, 3]),
        }
        for i in range(skills)
    ]
    for s in sk:
        s["max_group"] = max(s["max_group"], s["min_group"])
    ppl: list[dict[str, Any]] = []
    for i in range(people):
        minor = i > 0 and rng.random() < 0.3
        a = 0 if rng.random() < 0.6 else rng.randrange(slots)
        b = slots if rng.random() < 0.6 else rng.randint(a + 1, slots)
        ppl.append(
            {
                "id": f"p{i}",
                "minor": minor,
                "guardians": ["p0"] if minor and rng.random() < 0.5 else [],
                "home": [-6.2 + rng.uniform(-0.01, 0.01), 106.8 + rng.uniform(-0.01, 0.01)],
                "max_travel_km": rng.choice([1.0, 3.0, 3.0]),
                "available": [[a, b]],
                "max_sessions": rng.choice([1, 2, 3]),
                "max_teach": rng.choice([0, 1, 1, 2]),
                "teach": [{"skill": s["id"], "level": rng.randint(3, 5)} for s in sk if rng.random() < 0.5],
                "learn": [],
            }
        )
        taught = {t["skill"] for t in ppl[-1]["teach"]}
        ppl[-1]["learn"] = [
            {"skill": s["id"], "level": rng.randint(1, 3), "priority": rng.randint(1, 3)}
            for s in sk
            if s["id"] not in taught and rng.random() < 0.6
        ]
    vs: list[dict[str, Any]] = []
    for j in range(venues):
        online = j == 0 and rng.random() < 0.5
        v: dict[str, Any] = {
            "id": f"v{j}",
            "kind": "online" if online else rng.choice(["home", "cafe", "public"]),
            "capacity": rng.choice([2, 3, 5]),
            "rooms": rng.choice([1, 2]),
            "open": [[0, slots]],
            "minors_ok": rng.random() < 0.7,
        }
        if not online:
            v["location"] = [-6.2 + rng.uniform(-0.01, 0.01), 106.8 + rng.uniform(-0.01, 0.01)]
        vs.append(v)
    return {
        "format": "sebaya-instance/1",
        "horizon": {
            "start_date": "2026-12-07",
            "days": 1,
            "slots_per_day": slots,
            "slot_minutes": 60,
            "day_start": "08:00",
            "timezone": "Asia/Jakarta",
        },
        "skills": sk,
        "people": ppl,
        "venues": vs,
        "pinned": [],
        "previous": [],
    }

"""The validator agrees with check_plan.py: verdict, messages and score, on good and broken plans."""

from __future__ import annotations

import copy
import json
from types import ModuleType
from typing import Any

import pytest

from planner import check_document, instance_from_dict, plan_to_dict, solve
from planner.tests.conftest import shared_instances

INSTANCES = shared_instances()


def _rule_of(message: str) -> str:
    """The part of an error message that names the session and the rule (numbers may print differently)."""
    for marker in ("rule ", "claim"):
        at = message.find(marker)
        if at >= 0:
            return message[: at + len(marker) + 1]
    return message


def _agree(reference: ModuleType, data: dict[str, Any], plan: dict[str, Any]) -> tuple[list[str], float]:
    ref_errors, ref_score = reference.check(data, plan)
    ours = check_document(instance_from_dict(data, check_pins=False), plan)
    assert [_rule_of(e) for e in ours.errors] == [_rule_of(e) for e in ref_errors]
    assert ours.score == ref_score
    return ref_errors, ref_score


def test_there_are_shared_instances() -> None:
    assert len(INSTANCES) >= 4


@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem)
def test_it_agrees_on_pins_and_previous_sessions(reference: ModuleType, path: Any) -> None:
    data = json.loads(path.read_text())
    _agree(reference, data, {"sessions": data["pinned"]})
    # Last week's plan as this week's is usually invalid in several ways; both must say the same.
    errors, _ = _agree(reference, data, {"sessions": data["pinned"] + data["previous"]})
    assert errors


@pytest.mark.parametrize("path", INSTANCES[:3], ids=lambda p: p.stem)
def test_it_agrees_on_a_solved_plan(reference: ModuleType, path: Any) -> None:
    data = json.loads(path.read_text())
    plan = plan_to_dict(solve(instance_from_dict(data), time_limit=2.0, seed=3))
    errors, score = _agree(reference, data, plan)
    assert errors == []
    assert abs(float(plan["score"]) - score) <= 1e-5


def _base() -> tuple[dict[str, Any], dict[str, Any]]:
    """A small instance and a valid one-session plan to break in one way at a time."""
    data: dict[str, Any] = {
        "format": "sebaya-instance/1",
        "horizon": {
            "start_date": "2026-12-07",
            "days": 2,
            "slots_per_day": 4,
            "slot_minutes": 60,
            "day_start": "08:00",
            "timezone": "Asia/Jakarta",
        },
        "skills": [{"id": "gitar", "duration": 2, "min_group": 1, "max_group": 2}],
        "people": [
            {
                "id": "budi",
                "home": [-6.2, 106.8],
                "max_travel_km": 3,
                "available": [[0, 8]],
                "max_sessions": 2,
                "max_teach": 1,
                "teach": [{"skill": "gitar", "level": 4}],
            },
            {
                "id": "ayu",
                "home": [-6.201, 106.8],
                "max_travel_km": 3,
                "available": [[0, 8]],
                "learn": [{"skill": "gitar", "level": 1, "priority": 3}],
            },
            {
                "id": "citra",
                "home": [-6.2, 106.801],
                "max_travel_km": 3,
                "available": [[0, 8]],
                "learn": [{"skill": "gitar", "level": 2, "priority": 1}],
            },
            {
                "id": "dodi",
                "minor": True,
                "guardians": ["citra"],
                "home": [-6.2, 106.8],
                "max_travel_km": 3,
                "available": [[0, 8]],
                "learn": [{"skill": "gitar", "level": 1, "priority": 2}],
            },
        ],
        "venues": [
            {
                "id": "taman",
                "kind": "public",
                "location": [-6.2005, 106.8005],
                "capacity": 3,
                "rooms": 1,
                "open": [[0, 8]],
                "minors_ok": True,
            },
            {"id": "kafe", "kind": "cafe", "location": [-6.2, 106.8], "capacity": 5, "open": [[0, 8]]},
            {"id": "jauh", "kind": "cafe", "location": [-6.3, 106.9], "capacity": 5, "open": [[0, 8]]},
        ],
        "pinned": [],
        "previous": [{"skill": "gitar", "teacher": "budi", "venue": "taman", "start": 0}],
    }
    plan = {
        "sessions": [{"skill": "gitar", "teacher": "budi", "learners": ["ayu", "citra"], "venue": "taman", "start": 0}]
    }
    return data, plan


def _break(rule: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data, plan = _base()
    s = plan["sessions"][0]
    if rule == "1":
        s["learners"] = ["ayu", "ayu"]
    elif rule == "1-unknown":
        s["venue"] = "nowhere"
    elif rule == "2":
        data["people"][2]["learn"][0]["level"] = 4
    elif rule == "3":
        data["venues"][0]["capacity"] = 2
    elif rule == "4":
        s["start"] = 3
    elif rule == "5":
        plan["sessions"].append(
            {"skill": "gitar", "teacher": "citra", "learners": ["dodi"], "venue": "kafe", "start": 1}
        )
        data["people"][2]["teach"] = [{"skill": "gitar", "level": 3}]
    elif rule == "6":
        s["venue"] = "jauh"
    elif rule == "7":
        plan["sessions"].append({"skill": "gitar", "teacher": "budi", "learners": ["ayu"], "venue": "kafe", "start": 4})
    elif rule == "8":
        s["learners"] = ["dodi"]
    elif rule == "9":
        data["pinned"] = [{"skill": "gitar", "teacher": "budi", "learners": ["ayu"], "venue": "kafe", "start": 4}]
    elif rule == "claim":
        plan["score"] = 99.0
        plan["upper_bound"] = 1.0
    return data, plan


def test_the_unbroken_plan_is_valid(reference: ModuleType) -> None:
    data, plan = _base()
    errors, score = _agree(reference, data, plan)
    assert errors == []
    assert score > 0


@pytest.mark.parametrize("rule", ["1", "1-unknown", "2", "3", "4", "5", "6", "7", "8", "9", "claim"])
def test_it_agrees_on_a_plan_broken_against_rule(reference: ModuleType, rule: str) -> None:
    data, plan = _break(rule)
    errors, _ = _agree(reference, copy.deepcopy(data), plan)
    tag = "claim" if rule == "claim" else f"rule {rule.split('-', maxsplit=1)[0]}"
    assert any(tag in e for e in errors), errors

"""Properties of ``solve`` on random small instances, checked against the reference checker."""

from __future__ import annotations

import itertools
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import check_document, instance_from_dict, plan_to_dict, solve
from planner.compiled import compile_instance
from planner.greedy import keep_previous
from planner.model import KEEP_BONUS
from planner.solve import _pinned_state
from planner.tests.conftest import load_reference, tiny_instance

REFERENCE: ModuleType = load_reference()
FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all_sessions(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every session the rules could allow on its own (teachers, venues, starts and learner subsets)."""
    out: list[dict[str, Any]] = []
    slots = data["horizon"]["slots_per_day"] * data["horizon"]["days"]
    for sk in data["skills"]:
        learners = [p["id"] for p in data["people"] if any(w["skill"] == sk["id"] for w in p["learn"])]
        for t in data["people"]:
            if not any(x["skill"] == sk["id"] for x in t["teach"]):
                continue
            for v in data["venues"]:
                for start in range(slots - sk["duration"] + 1):
                    for k in range(sk["min_group"], sk["max_group"] + 1):
                        for group in itertools.combinations([x for x in learners if x != t["id"]], k):
                            s = {
                                "skill": sk["id"],
                                "teacher": t["id"],
                                "learners": list(group),
                                "venue": v["id"],
                                "start": start,
                            }
                            if not REFERENCE.check(data, {"sessions": [s]})[0]:
                                out.append(s)
    return out


def brute_force_optimum(data: dict[str, Any]) -> float:
    """The best score over every valid plan, by depth-first enumeration of session subsets."""
    sessions = _all_sessions(data)
    best = REFERENCE.check(data, {"sessions": []})[1]

    def dfs(i: int, chosen: list[dict[str, Any]]) -> None:
        nonlocal best
        if i == len(sessions):
            return
        for take in (True, False):
            if take:
                trial = [*chosen, sessions[i]]
                errors, score = REFERENCE.check(data, {"sessions": trial})
                # Adding a session never repairs a broken rule, so an invalid prefix is a dead end.
                if not errors:
                    best = max(best, score)
                    dfs(i + 1, trial)
            else:
                dfs(i + 1, chosen)

    dfs(0, [])
    return float(best)


def _solve(data: dict[str, Any], seed: int = 0, time_limit: float = 2.0) -> dict[str, Any]:
    return plan_to_dict(solve(instance_from_dict(data), time_limit=time_limit, seed=seed))


# Where a result must not depend on how busy the machine is (optimality, determinism), the limit is
# generous: the search then ends on its own work budget or proof, never on the wall-clock stop.
UNHURRIED = 30.0


@FAST
@given(st.integers(0, 10**6))
def test_every_plan_is_valid_and_bounded(seed: int) -> None:
    data = tiny_instance(seed, people=6, skills=3, slots=6, venues=3)
    plan = _solve(data, seed)
    errors, score = REFERENCE.check(data, plan)
    assert errors == []
    ours = check_document(instance_from_dict(data), plan)
    assert ours.valid, ours
    assert abs(ours.score - score) <= 1e-6
    assert abs(plan["score"] - score) <= 1e-5
    assert plan["upper_bound"] >= score - 1e-5
    for s in plan["sessions"]:
        assert s["why"] and {r["code"] for r in s["reasons"]} >= {"priority", "level_gap", "shared_free_time"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_tiny_plans_are_optimal(seed: int) -> None:
    data = tiny_instance(seed, people=4, skills=2, slots=3, venues=2)
    plan = _solve(data, time_limit=UNHURRIED)
    optimum = brute_force_optimum(data)
    assert abs(plan["score"] - optimum) <= 1e-4, (plan["score"], optimum)
    assert plan["upper_bound"] >= optimum - 1e-5


@FAST
@given(st.integers(0, 10**6))
def test_pins_always_survive(seed: int) -> None:
    data = tiny_instance(seed, people=6, skills=3, slots=6, venues=3)
    sessions = _all_sessions(data)
    if not sessions:
        return
    pin = sessions[seed % len(sessions)]
    data["pinned"] = [pin]
    data["previous"] = sessions[:: max(1, len(sessions) // 3)]
    plan = _solve(data, seed)
    assert REFERENCE.check(data, plan)[0] == []
    assert check_document(instance_from_dict(data), plan).valid
    keyed = {(s["skill"], s["teacher"], s["venue"], s["start"]): sorted(s["learners"]) for s in plan["sessions"]}
    assert keyed[(pin["skill"], pin["teacher"], pin["venue"], pin["start"])] == sorted(pin["learners"])
    assert any(r["code"] == "pinned" for s in plan["sessions"] for r in s["reasons"])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_same_seed_same_plan(seed: int) -> None:
    data = tiny_instance(seed, people=12, skills=3, slots=8, venues=4)
    first, second = _solve(data, seed, UNHURRIED), _solve(data, seed, UNHURRIED)
    assert first["sessions"] == second["sessions"]
    assert first["score"] == second["score"]


def test_unserved_demand_is_reported() -> None:
    data = tiny_instance(7, people=5, skills=2, slots=4, venues=2)
    data["people"][0]["learn"] = [{"skill": "s0", "level": 5, "priority": 3}]
    data["people"][0]["teach"] = [t for t in data["people"][0]["teach"] if t["skill"] != "s0"]
    plan = _solve(data)
    unserved = plan["stats"]["unserved_demand"]
    assert {"learner": "p0", "skill": "s0", "cause": "no_teacher_at_level"} in unserved


def _key_of(s: dict[str, Any]) -> tuple[Any, ...]:
    return (s["skill"], s["teacher"], s["venue"], s["start"], tuple(sorted(s["learners"])))


def test_last_plan_is_the_start_of_a_replan_where_it_still_keeps_every_rule() -> None:
    data = tiny_instance(5, people=30, skills=4, slots=10, venues=4)
    first = _solve(data, 1)
    last = [{k: s[k] for k in ("skill", "teacher", "learners", "venue", "start")} for s in first["sessions"]]
    assert len(last) >= 3
    one = last[0]
    nobody = {**one, "learners": [*one["learners"], "nobody"]}
    teaching_herself = {**one, "learners": [*one["learners"], one["teacher"]]}
    # Another start for the same teacher at the same time: it clashes with the session kept first.
    clash = {**one, "venue": next(v["id"] for v in data["venues"] if v["id"] != one["venue"])}
    # The broken ones first, so that nothing else stands in their way.
    data["previous"] = [nobody, teaching_herself, *last, clash]
    cp = compile_instance(instance_from_dict(data))
    state = _pinned_state(cp)
    assert keep_previous(cp, state) == len(last)
    kept = {
        (
            cp.skill_ids[c.skill],
            cp.person_ids[c.teacher],
            cp.venue_ids[c.venue],
            c.start,
            tuple(sorted(cp.person_ids[p] for p in c.learners)),
        )
        for c in state.sessions.values()
    }
    assert kept == {_key_of(s) for s in last}
    # Every session kept earns its bonus on top of last plan's score.
    assert abs(state.objective() - (first["score"] + KEEP_BONUS * len(last))) < 1e-6
    replanned = _solve(data, 1)
    assert REFERENCE.check(data, replanned)[0] == []
    assert replanned["score"] >= first["score"] + KEEP_BONUS * len(last) - 1e-6


def test_a_learner_who_alone_teaches_above_their_level_has_no_teacher_at_it() -> None:
    data = tiny_instance(7, people=5, skills=2, slots=4, venues=2)
    # p0 teaches s0 above the level they learn it at, and no one else teaches it: they cannot
    # teach themselves, so their wish has no teacher at its level (not merely no shared time).
    data["people"][0]["learn"] = [{"skill": "s0", "level": 1, "priority": 3}]
    data["people"][0]["teach"] = [{"skill": "s0", "level": 5}]
    for person in data["people"][1:]:
        person["teach"] = [t for t in person["teach"] if t["skill"] != "s0"]
    unserved = _solve(data)["stats"]["unserved_demand"]
    assert {"learner": "p0", "skill": "s0", "cause": "no_teacher_at_level"} in unserved

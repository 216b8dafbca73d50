"""Every bound the planner claims is proven: never below the brute-force optimum of tiny instances."""

from __future__ import annotations

import importlib
import itertools
import math
import multiprocessing
import signal
import time
from collections.abc import Iterator
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.pdlp.python import pdlp

from planner import instance_from_dict, lpbound
from planner.bound import cheap_bound
from planner.compiled import Compiled, compile_instance
from planner.lagrange import template_bound
from planner.lpbound import lp_bound
from planner.mip import _dual_bound, _Rows, first_order_bound, relax
from planner.solve import _LpJob, _pinned_state
from planner.templates import generate
from planner.tests.conftest import load_reference, tiny_instance
from planner.tests.test_solve import _all_sessions, brute_force_optimum

solve_module = importlib.import_module("planner.solve")

REFERENCE: ModuleType = load_reference()
BOUNDS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _bounds(data: dict[str, object]) -> tuple[float, float]:
    """The linear relaxation's and the cheap bound; the Lagrangian bound is checked on the way."""
    cp = compile_instance(instance_from_dict(data))
    state = _pinned_state(cp)
    lp = lp_bound(cp, state, time_limit=10.0)
    assert lp is not None
    optimum = brute_force_optimum(data)
    templates = generate(cp, state, range(len(cp.person_ids)))
    relative = template_bound(cp, state, templates, seconds=0.3, target=lambda: 0.0)
    # Without any template the only plan is the pinned sessions.
    lagrangian = state.objective() + (relative if relative is not None else 0.0)
    assert lagrangian >= optimum - 1e-6, (lagrangian, optimum)
    first_order = first_order_bound(cp, state, templates, 10.0)
    assert (first_order is None) == (not templates)
    for interior in (False, True):
        relaxation = relax(cp, state, templates, deadline=time.monotonic() + 10.0, interior=interior)
        if relaxation is None:
            assert not templates
            continue
        # PDLP's multipliers of the same relaxation, priced by weak duality: its value, up to
        # PDLP's tolerance and the margins, whichever solver found the relaxation's optimum.
        assert first_order is not None
        assert relaxation.bound - 2e-6 * (1 + abs(relaxation.bound)) <= first_order, (first_order, relaxation.bound)
        assert first_order <= relaxation.bound + 1e-3 * (1 + abs(relaxation.bound)), (first_order, relaxation.bound)
        # The template program's linear relaxation, recomputed from its duals (a vertex's, or the
        # interior point method's): a bound, and one no looser than the Lagrangian bound of the
        # same program (any prices give at least the relaxation's value, as each template's small
        # problem is integral), up to the margins both add.
        value = state.objective() + relaxation.bound
        assert value >= optimum - 1e-6, (value, optimum, interior)
        assert value <= lagrangian + 2e-6 * (1 + lagrangian), (value, lagrangian, interior)
    return lp.value, cheap_bound(cp, state).value


@BOUNDS
@given(st.integers(0, 10**6))
def test_lp_bound_is_never_below_the_optimum(seed: int) -> None:
    data = tiny_instance(seed, people=4, skills=2, slots=3, venues=2)
    optimum = brute_force_optimum(data)
    lp, cheap = _bounds(data)
    assert lp >= optimum - 1e-6, (lp, optimum)
    assert cheap >= optimum - 1e-6, (cheap, optimum)


@BOUNDS
@given(st.integers(0, 10**6))
def test_lp_bound_with_pins_and_previous_plan(seed: int) -> None:
    data = tiny_instance(seed, people=4, skills=2, slots=4, venues=2)
    sessions = _all_sessions(data)
    if sessions:
        data["pinned"] = [sessions[seed % len(sessions)]]
        data["previous"] = sessions[:: max(1, len(sessions) // 4)]
    optimum = brute_force_optimum(data)
    lp, cheap = _bounds(data)
    assert lp >= optimum - 1e-6, (lp, optimum)
    assert cheap >= optimum - 1e-6, (cheap, optimum)


@BOUNDS
@given(st.integers(0, 10**6))
def test_lp_bound_with_an_online_room_and_teachers_at_several_levels(seed: int) -> None:
    # Online learners are pooled per skill, start and teacher level: this is where that pooling
    # must stay a relaxation, with several teachers of one skill at different levels.
    data = tiny_instance(seed, people=5, skills=2, slots=3, venues=2)
    data["venues"][0] = {"id": "v0", "kind": "online", "capacity": 4, "rooms": 1, "open": [[0, 3]], "minors_ok": True}
    for i, p in enumerate(data["people"][:3]):
        p["teach"] = [{"skill": "s0", "level": 3 + i}]
        p["learn"] = [w for w in p["learn"] if w["skill"] != "s0"]
    optimum = brute_force_optimum(data)
    lp, cheap = _bounds(data)
    assert lp >= optimum - 1e-6, (lp, optimum)
    assert cheap >= optimum - 1e-6, (cheap, optimum)


@pytest.mark.parametrize("fork", [True, False])
def test_the_bound_job_beside_the_search_gives_the_relaxation(monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    # The job runs in a forked process where fork exists, else in a thread; both give the bound.
    if not fork:
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    elif "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    data = tiny_instance(11, people=5, skills=2, slots=3, venues=2)
    cp = compile_instance(instance_from_dict(data))
    job = _LpJob(cp, 20.0)
    job.best = 1.0
    got = job.wait(20.0)
    job.stop()
    direct = lp_bound(cp, _pinned_state(cp), time_limit=20.0)
    assert got is not None and direct is not None
    assert got.value == pytest.approx(direct.value, abs=1e-6)
    assert got.value >= brute_force_optimum(data) - 1e-6


def test_a_bound_job_that_does_not_heed_its_stop_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its result is no longer wanted once the solve stops it: a job stuck where it never looks at
    # the cancellation flag is killed rather than waited for.
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")

    def stuck(*args: object, **kwargs: object) -> Iterator[None]:
        time.sleep(3600)
        yield None

    monkeypatch.setattr(solve_module, "_lp_stages", stuck)
    cp = compile_instance(instance_from_dict(tiny_instance(11, people=5, skills=2, slots=3, venues=2)))
    job = _LpJob(cp, 20.0)
    assert job.wait(0.2) is None and not job.finished()
    job.stop()
    process = job._process
    assert process is not None and not process.is_alive()
    assert process.exitcode == -signal.SIGKILL


def test_the_bound_jobs_relaxation_is_the_same_whatever_the_search_has_found(monkeypatch: pytest.MonkeyPatch) -> None:
    # The search's best score jumps as it goes; the bound of a model too large for HiGHS does
    # not follow it.
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    data, cp = _first_order_only(monkeypatch)
    optimum = brute_force_optimum(data)
    values = []
    for best in (0.0, optimum):
        job = _LpJob(cp, 60.0)
        job.best = best
        got = job.wait(60.0)
        job.stop()
        assert got is not None and got.kind == "lp" and got.value >= optimum - 1e-6
        values.append(got.value)
    assert values[0] == values[1]


def _first_order_only(mp: pytest.MonkeyPatch) -> tuple[dict[str, Any], Compiled]:
    """An 8-person instance and its compiled form, with every relaxation sent to PDLP."""
    data = tiny_instance(7, people=8, skills=2, slots=5, venues=2)
    mp.setattr(lpbound, "HIGHS_COLUMNS", 0)
    return data, compile_instance(instance_from_dict(data))


@BOUNDS
@given(st.integers(0, 10**6))
def test_the_first_order_bound_is_never_below_the_optimum(seed: int) -> None:
    # Models too large for HiGHS go to PDLP, whose multipliers are priced by weak duality.
    data = tiny_instance(seed, people=5, skills=2, slots=4, venues=2)
    cp = compile_instance(instance_from_dict(data))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lpbound, "HIGHS_COLUMNS", 0)
        lp = lp_bound(cp, _pinned_state(cp), time_limit=5.0)
    assert lp is not None and lp.kind == "lp"
    assert lp.value >= brute_force_optimum(data) - 1e-6


def test_the_first_order_bound_reaches_the_relaxations_optimum_and_holds_when_stopped_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, cp = _first_order_only(monkeypatch)
    state = _pinned_state(cp)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lpbound, "HIGHS_COLUMNS", 10**9)
        exact = lp_bound(cp, state, time_limit=30.0, link=True)
    converged = lp_bound(cp, state, time_limit=30.0, link=True)
    assert exact is not None and exact.optimal and converged is not None
    # To PDLP's tolerance, the same bound as HiGHS's interior point on the same model.
    assert converged.value >= exact.value - 1e-6
    assert converged.value <= exact.value + 2 * lpbound.PDLP_TOLERANCE * (1 + abs(exact.value))
    # Stopped far from its optimum (here after two steps), PDLP's multipliers still give a bound,
    # only a looser one.
    solve = pdlp.primal_dual_hybrid_gradient

    def two_steps(qp: Any, params: Any) -> Any:
        params.termination_criteria.iteration_limit = 2
        return solve(qp, params)

    monkeypatch.setattr(pdlp, "primal_dual_hybrid_gradient", two_steps)
    early = lp_bound(cp, state, time_limit=30.0, link=True)
    assert early is not None and early.value > converged.value + 1e-3
    assert early.value >= brute_force_optimum(data) - 1e-6


def test_multipliers_that_are_not_numbers_give_the_bound_of_zero_multipliers(monkeypatch: pytest.MonkeyPatch) -> None:
    data, cp = _first_order_only(monkeypatch)
    state = _pinned_state(cp)
    solve = pdlp.primal_dual_hybrid_gradient

    def bound_with(fill: float) -> float:
        """The bound when PDLP's multipliers are all replaced by ``fill``."""

        def replaced(qp: Any, params: Any) -> Any:
            return SimpleNamespace(dual_solution=np.full(len(solve(qp, params).dual_solution), fill))

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(pdlp, "primal_dual_hybrid_gradient", replaced)
            lp = lp_bound(cp, state, time_limit=30.0, link=True)
        assert lp is not None
        return lp.value

    not_numbers, zero = bound_with(np.nan), bound_with(0.0)
    assert not_numbers == zero
    assert zero >= brute_force_optimum(data) - 1e-6
    converged = lp_bound(cp, state, time_limit=30.0, link=True)
    assert converged is not None and zero > converged.value + 1e-3


@pytest.mark.parametrize("highs_columns", [10**9, 0], ids=["highs", "pdlp"])
def test_the_rows_tying_learners_to_sessions_are_built_unless_left_out_and_tighten_the_bound(
    monkeypatch: pytest.MonkeyPatch, highs_columns: int
) -> None:
    data = tiny_instance(5, people=12, skills=3, slots=6, venues=3)
    cp = compile_instance(instance_from_dict(data))
    state = _pinned_state(cp)
    monkeypatch.setattr(lpbound, "HIGHS_COLUMNS", highs_columns)
    tied = lp_bound(cp, state, time_limit=30.0)
    loose = lp_bound(cp, state, time_limit=30.0, link=False)
    assert tied is not None and loose is not None
    assert tied.optimal == (highs_columns > 0)
    assert tied.rows > loose.rows
    assert tied.value < loose.value
    assert tied.value >= brute_force_optimum(data) - 1e-6


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_bound_recomputed_from_any_duals_is_never_below_the_optimum(data: st.DataObject) -> None:
    # Weak duality, whatever the multipliers' signs: the relaxation's bound never rests on them
    # being HiGHS's (or right).
    n = data.draw(st.integers(1, 7))
    cost = data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n))
    rows = _Rows()
    for _ in range(data.draw(st.integers(0, 4))):
        columns = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        coefficients = [
            float(c) for c in data.draw(st.lists(st.integers(-3, 3), min_size=len(columns), max_size=len(columns)))
        ]
        lower = data.draw(st.sampled_from([-math.inf, -1.0, 0.0, 1.0]))
        rows.add(columns, coefficients, lower, lower + data.draw(st.sampled_from([0.0, 1.0, 2.0, math.inf])))
    duals = np.array(data.draw(st.lists(st.floats(-5, 5), min_size=len(rows.lower), max_size=len(rows.lower))))
    best = -math.inf
    for x in itertools.product((0, 1), repeat=n):
        activity = [0.0] * len(rows.lower)
        for i, start in enumerate(rows.starts):
            end = rows.starts[i + 1] if i + 1 < len(rows.starts) else len(rows.index)
            activity[i] = sum(rows.value[k] * x[rows.index[k]] for k in range(start, end))
        if all(lo - 1e-9 <= a <= hi + 1e-9 for lo, a, hi in zip(rows.lower, activity, rows.upper, strict=True)):
            best = max(best, sum(c * xi for c, xi in zip(cost, x, strict=True)))
    assume(math.isfinite(best))
    assert _dual_bound(cost, rows, [duals]) >= best - 1e-9
    # Without multipliers, the bound is every positive cost taken.
    assert _dual_bound(cost, rows, [np.zeros(len(rows.lower))]) == pytest.approx(sum(max(c, 0.0) for c in cost))

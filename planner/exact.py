"""The CP-SAT model over templates: exact on small instances, and the sub-model of the neighbourhood search.

Variables: ``y[c]`` opens template ``c``, ``x[c, ln]`` puts learner ``ln`` in it, ``z[p]`` marks a
first-time teacher. Every hard rule is a linear constraint over these; the score becomes an
integer objective by scaling by ``SCALE`` and rounding every coefficient *up*, so that the
solver's proven bound, divided back, is a proven bound on the true score too.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from planner.compiled import Compiled
from planner.model import TEACH_BONUS
from planner.state import Chosen, State, pair_forbidden
from planner.templates import Template

SCALE = 1_000_000


@dataclass(frozen=True, slots=True)
class SubResult:
    """Outcome of one CP-SAT solve: sessions found, their true value, the proven bound and effort."""

    sessions: tuple[Chosen, ...]
    value: float
    bound: float | None
    optimal: bool
    deterministic_time: float
    wall_time: float


def _up(w: float) -> int:
    return math.ceil(w * SCALE - 1e-9)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution of the solver to a callback (wall-clock driven, display only)."""

    def __init__(self, report: Callable[[float], None]) -> None:
        super().__init__()
        self._report = report
        self._lock = threading.Lock()

    def on_solution_callback(self) -> None:
        """Called by CP-SAT for each improving solution."""
        with self._lock:
            self._report(float(self.objective_value) / SCALE)


def solve_templates(
    cp: Compiled,
    state: State,
    templates: list[Template],
    *,
    hint: list[Chosen],
    deterministic_limit: float,
    wall_limit: float,
    seed: int,
    workers: int = 2,
    on_solution: Callable[[float], None] | None = None,
    deadline: float | None = None,
) -> SubResult | None:
    """Choose the best set of templates to add to ``state`` (which holds only the fixed sessions).

    Returns None when the solver found no solution at all within its limits. The run is
    deterministic for a given seed as long as the deterministic limit, not the wall limit, ends it.
    ``deadline`` (a :func:`time.monotonic` instant) caps the wall limit once the model is built,
    since building a large model takes a noticeable part of the budget.
    """
    if not templates:
        return None
    m = cp_model.CpModel()
    y: list[Any] = []
    x: list[list[Any]] = []
    teach_of: dict[int, list[Any]] = defaultdict(list)
    occ: dict[tuple[int, int], list[Any]] = defaultdict(list)
    count: dict[int, list[Any]] = defaultdict(list)
    learn_once: dict[tuple[int, int], list[Any]] = defaultdict(list)
    venue_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
    obj: list[tuple[Any, int]] = []
    z: dict[int, Any] = {}
    for ci, tpl in enumerate(templates):
        s, T, v, t = tpl.skill, tpl.teacher, tpl.venue, tpl.start
        d = cp.dur[s]
        yc = m.new_bool_var(f"y{ci}")
        y.append(yc)
        xs = [m.new_bool_var(f"x{ci}_{j}") for j in range(len(tpl.learners))]
        x.append(xs)
        k = min(cp.max_g[s], cp.capacity[v] - 1)
        m.add(sum(xs) <= k * yc)
        m.add(sum(xs) >= cp.min_g[s] * yc)
        for xv in xs:
            m.add_implication(xv, yc)
        teach_of[T].append(yc)
        count[T].append(yc)
        for q in range(t, t + d):
            occ[(T, q)].append(yc)
            venue_slot[(v, q)].append(yc)
        obj.append((yc, _up(tpl.base)))
        for j, (ln, g) in enumerate(zip(tpl.learners, tpl.gains, strict=True)):
            xv = xs[j]
            for q in range(t, t + d):
                occ[(ln, q)].append(xv)
            count[ln].append(xv)
            learn_once[(ln, s)].append(xv)
            obj.append((xv, _up(g)))
            if pair_forbidden(cp, T, ln):
                # Safeguarding: this learner may only come if somebody else comes too.
                others = [xs[i] for i in range(len(xs)) if i != j]
                if others:
                    m.add(sum(others) >= 1).only_enforce_if(xv)
                else:
                    m.add(xv == 0)
    for vs in occ.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    for (v, q), vs in venue_slot.items():
        use = state.room_use.get(v)
        free = cp.rooms[v] - (use[q] if use else 0)
        if len(vs) > free:
            m.add(sum(vs) <= free)
    for p, vs in count.items():
        left = cp.max_sessions[p] - state.n_sess[p]
        if len(vs) > left:
            m.add(sum(vs) <= left)
    for p, vs in teach_of.items():
        left = cp.max_teach[p] - state.n_teach[p]
        if len(vs) > left:
            m.add(sum(vs) <= left)
        if state.n_teach[p] == 0:
            zp = m.new_bool_var(f"z{p}")
            z[p] = zp
            m.add(zp <= sum(vs))
            obj.append((zp, _up(TEACH_BONUS)))
    for vs in learn_once.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    # One weighted sum: building the objective term by term costs more than the search on a neighbourhood.
    m.maximize(cp_model.LinearExpr.weighted_sum([v for v, _ in obj], [c for _, c in obj]))

    if hint:
        by_key = {(tp.skill, tp.teacher, tp.venue, tp.start): i for i, tp in enumerate(templates)}
        on: dict[int, set[int]] = {}
        for h in hint:
            hi = by_key.get((h.skill, h.teacher, h.venue, h.start))
            if hi is not None:
                on[hi] = set(h.learners)
        for ci, tpl in enumerate(templates):
            hinted = on.get(ci)
            m.add_hint(y[ci], hinted is not None)
            for j, ln in enumerate(tpl.learners):
                m.add_hint(x[ci][j], hinted is not None and ln in hinted)
        # A complete hint (first-time teachers too) is taken as the first solution as it stands.
        hinted_teachers = {templates[ci].teacher for ci in on}
        for p, zp in z.items():
            m.add_hint(zp, p in hinted_teachers)

    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.num_workers = workers
    prm.random_seed = seed
    prm.max_deterministic_time = deterministic_limit
    if deadline is not None:
        wall_limit = min(wall_limit, max(0.05, deadline - time.monotonic()))
    prm.max_time_in_seconds = wall_limit
    prm.cp_model_probing_level = 0
    if workers == 1:
        # Neighbourhood models are small and solved thousands of times: presolve costs more than
        # it saves there (twice the neighbourhoods per second without it).
        prm.cp_model_presolve = False
    # Interleaved search makes several workers deterministic: they run in fixed batches.
    prm.interleave_search = workers > 1
    prm.log_search_progress = False
    cb = _Progress(on_solution) if on_solution is not None else None
    status = solver.solve(m, cb) if cb is not None else solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen: list[Chosen] = []
    for ci, tpl in enumerate(templates):
        if solver.boolean_value(y[ci]):
            ls = tuple(ln for j, ln in enumerate(tpl.learners) if solver.boolean_value(x[ci][j]))
            chosen.append(Chosen(tpl.skill, tpl.teacher, ls, tpl.venue, tpl.start))
    value = sum(state.session_value(c) for c in chosen)
    new_teachers = {c.teacher for c in chosen if state.n_teach[c.teacher] == 0}
    value += TEACH_BONUS * len(new_teachers)
    bound = float(solver.best_objective_bound) / SCALE
    return SubResult(
        tuple(chosen),
        value,
        bound,
        status == cp_model.OPTIMAL,
        float(solver.deterministic_time),
        float(solver.wall_time),
    )

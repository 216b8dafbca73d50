"""The CP-SAT model over templates: the sub-model that the neighbourhood search re-solves.

Its variables and rows are those of :mod:`planner.program`: ``y[c]`` opens template ``c``,
``x[c, ln]`` puts learner ``ln`` in it, ``z[p]`` marks a first-time teacher. The score becomes an
integer objective by scaling by ``SCALE`` and rounding every coefficient *up*, so that the
solver's proven bound, divided back, is a proven bound on the true score too.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from planner.compiled import Compiled
from planner.program import build_program, chosen_sessions
from planner.state import Chosen, State
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


def cp_sat() -> Any:
    """OR-Tools' CP-SAT module, imported on first use: loading it takes 0.4 s (it loads pandas),
    a tenth of a community's time limit, and a community proven optimal by branch and cut
    never needs it."""
    from ortools.sat.python import cp_model  # late on purpose

    return cp_model


def _up(w: float) -> int:
    return math.ceil(w * SCALE - 1e-9)


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
    cp_model = cp_sat()
    m = cp_model.CpModel()
    pr = build_program(cp, state, templates)
    var = [m.new_bool_var(f"v{i}") for i in range(len(pr.cost))]
    y = [var[i] for i in pr.y]
    x = [[var[i] for i in xs] for xs in pr.x]
    z = {p: var[i] for p, i in pr.z.items()}
    for g in pr.groups:
        seats, held = [var[i] for i in g.seats], var[g.held]
        m.add(sum(seats) <= g.largest * held)
        m.add(sum(seats) >= g.smallest * held)
        for xv in seats:
            m.add_implication(xv, held)
    for seat, others in pr.chaperoned:
        # Safeguarding: this learner may only come if somebody else comes too.
        if others:
            m.add(sum(var[i] for i in others) >= 1).only_enforce_if(var[seat])
        else:
            m.add(var[seat] == 0)
    for cols, rhs in pr.at_most:
        if rhs == 1:
            m.add_at_most_one([var[i] for i in cols])
        else:
            m.add(sum(var[i] for i in cols) <= rhs)
    for p, cols in pr.teaches.items():
        m.add(z[p] <= sum(var[i] for i in cols))
    # One weighted sum: building the objective term by term costs more than the search on a neighbourhood.
    m.maximize(cp_model.LinearExpr.weighted_sum(var, [_up(c) for c in pr.cost]))

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
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen, value = chosen_sessions(state, templates, pr, lambda i: bool(solver.boolean_value(var[i])))
    bound = float(solver.best_objective_bound) / SCALE
    return SubResult(
        tuple(chosen),
        value,
        bound,
        status == cp_model.OPTIMAL,
        float(solver.deterministic_time),
        float(solver.wall_time),
    )

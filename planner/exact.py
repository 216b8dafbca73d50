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
from planner.program import Program, build_program, chosen_sessions, hint_values
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
    pr = build_program(cp, state, templates)
    m = cp_model.CpModel()
    _fill(m.proto, pr)
    if hint:
        _hint(m.proto, pr, templates, hint)

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
    solution = solver.response_proto.solution
    chosen, value = chosen_sessions(state, templates, pr, lambda i: bool(solution[i]))
    bound = float(solver.best_objective_bound) / SCALE
    return SubResult(
        tuple(chosen),
        value,
        bound,
        status == cp_model.OPTIMAL,
        float(solver.deterministic_time),
        float(solver.wall_time),
    )


# A linear row's open end.
_LOWEST = -(2**63)
_HIGHEST = 2**63 - 1


def _fill(proto: Any, pr: Program) -> None:
    """Write the program's variables, rows and objective into an empty CP-SAT model ``proto``.

    Written into the model's message directly: CP-SAT's expression objects, built term by term,
    took almost twice as long (19.2 ms against 10.6 ms for a 270-template neighbourhood of the
    2,000-person sample, whose CP-SAT search takes about 100 ms).
    """
    n = len(pr.cost)
    variables = proto.variables
    for _ in range(n):
        variables.add().domain.extend((0, 1))
    rows = proto.constraints

    def linear(columns: list[int], coeffs: list[int], low: int, high: int, enforced: int | None = None) -> None:
        row = rows.add()
        if enforced is not None:
            row.enforcement_literal.append(enforced)
        lin = row.linear
        lin.vars.extend(columns)
        lin.coeffs.extend(coeffs)
        lin.domain.extend((low, high))

    for g in pr.groups:
        columns = [*g.seats, g.held]
        linear(columns, [1] * len(g.seats) + [-g.largest], _LOWEST, 0)
        linear(columns, [1] * len(g.seats) + [-g.smallest], 0, _HIGHEST)
        # A seat needs its session held (implied by the rows above, but stated for the relaxation).
        for seat in g.seats:
            row = rows.add()
            row.enforcement_literal.append(seat)
            row.bool_and.literals.append(g.held)
    for seat, others in pr.chaperoned:
        # Safeguarding: this learner may only come if somebody else comes too.
        if others:
            linear(others, [1] * len(others), 1, _HIGHEST, enforced=seat)
        else:
            linear([seat], [1], 0, 0)
    for columns, rhs in pr.at_most:
        if rhs == 1:
            rows.add().at_most_one.literals.extend(columns)
        else:
            linear(columns, [1] * len(columns), _LOWEST, rhs)
    for p, columns in pr.teaches.items():
        linear([pr.z[p], *columns], [1] + [-1] * len(columns), _LOWEST, 0)
    # CP-SAT minimises: a maximisation is the negated objective, scaled back by -1.
    objective = proto.objective
    objective.vars.extend(range(n))
    objective.coeffs.extend([-_up(c) for c in pr.cost])
    objective.scaling_factor = -1


def _hint(proto: Any, pr: Program, templates: list[Template], hint: list[Chosen]) -> None:
    """Hint every variable: the sessions of ``hint`` that are among ``templates``, with their
    learners, and the first-time teachers they make. A complete hint is taken as the first
    solution as it stands."""
    values, _ = hint_values(templates, pr, hint)
    proto.solution_hint.vars.extend(range(len(values)))
    proto.solution_hint.values.extend(values)

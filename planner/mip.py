"""The template model as a mixed-integer program, solved by HiGHS branch and cut.

The variables and rows are those of :mod:`planner.program` — ``y[c]`` opens template ``c``,
``x[c, ln]`` seats learner ``ln`` in it, ``z[p]`` marks a first-time teacher — with one more row
per seat, ``x[c, ln] <= y[c]``. On a complete template list this model's linear relaxation is
far tighter than CP-SAT's own bound (measured on the 60-person sample: HiGHS's bound after 5 s
is 197.4, CP-SAT's after two minutes 200.2, the relaxation of :mod:`planner.lpbound` 202.3, and
the optimum is 197.14), and branch and cut with HiGHS's cutting planes closes the gap on
community-sized instances, where CP-SAT's search rarely proves optimality in minutes.

That linear relaxation alone (:func:`relax`) is a bound too (198.2 on the sample, solved in under
a second), and its solution points at the few hundred templates worth a branch and cut of their
own when the whole program is too slow for the time limit.

The objective keeps the score's own coefficients, so HiGHS's dual bound is a bound on the score
up to its tolerances; :func:`solve_mip` adds a margin above them before calling it proven.

HiGHS's branch and cut follows the same path on every run; it offers no deterministic work limit,
so a search that the time limit cuts short may end at a different point on a busier machine.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from planner.compiled import Compiled
from planner.exact import SubResult
from planner.lpbound import first_order_duals, new_highs
from planner.program import Program, build_program, chosen_sessions, hint_values
from planner.state import Chosen, State
from planner.templates import Template

# HiGHS accepts a solution within these tolerances; the dual bound is raised by the margin
# below before it is reported as proven, which covers them many times over on this model's
# coefficients (all at most 3 in size, with rows of at most a few dozen entries).
FEASIBILITY_TOLERANCE = 1e-7
BOUND_MARGIN = 1e-6
# :func:`first_order_bound` runs to this relative tolerance, in practice for all its time: the
# bound keeps tightening (the 200-person sample: 814.3 at 3e-4 after 5.5 s, 813.9 at 1e-4 after
# 11 s, 813.83 at 1e-5 after 25 s).
FIRST_ORDER_TOLERANCE = 1e-5


class _Rows:
    """``lower <= sum(coefficient * column) <= upper`` rows in compressed sparse row form."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, columns: list[int], coefficients: list[float], lower: float, upper: float) -> None:
        """Add one row."""
        self.starts.append(len(self.index))
        self.index.extend(columns)
        self.value.extend(coefficients)
        self.lower.append(lower)
        self.upper.append(upper)

    def at_most(self, columns: list[int], rhs: float) -> None:
        """Add ``sum(columns) <= rhs``."""
        self.add(columns, [1.0] * len(columns), -math.inf, rhs)

    def matrix(self, columns: int) -> csr_matrix:
        """The rows' coefficients as a sparse matrix of ``columns`` columns."""
        return csr_matrix(
            (
                np.asarray(self.value, dtype=np.float64),
                np.asarray(self.index, dtype=np.int64),
                np.append(np.asarray(self.starts, dtype=np.int64), len(self.index)),
            ),
            shape=(len(self.starts), columns),
        )


def solve_mip(
    cp: Compiled,
    state: State,
    templates: list[Template],
    *,
    hint: list[Chosen],
    deadline: float,
    on_solution: Callable[[float], None] | None = None,
    presolve: bool = True,
    on_plan: Callable[[list[Chosen], float], None] | None = None,
    seed: int = 0,
    on_log: Callable[[], None] | None = None,
    on_bound: Callable[[float], None] | None = None,
) -> SubResult | None:
    """Choose the best set of templates to add to ``state`` (which holds only the fixed sessions).

    The search ends at optimality or at ``deadline`` (a :func:`time.monotonic` instant, counted
    after the model is built). Returns None when HiGHS ends without any solution. The result's
    ``bound`` is a proven bound on the value of the best completion of ``state`` (None when the
    root relaxation was not solved in time), ``optimal`` whether the solution reaches it, and
    ``deterministic_time`` the simplex iterations spent. Without ``presolve`` the first solutions
    come sooner (the 60-person sample: 187.7 after 0.4 s, where presolve alone takes 2.4 s), and
    proofs later.

    For a caller that may have to end the run from outside (see :func:`planner.solve`), each
    improving solution goes to ``on_plan(sessions, value)`` as it is found. ``seed`` is HiGHS's
    random seed, on which the plans of its heuristics (feasibility jump above all) depend.
    ``on_log()`` is called at each line of HiGHS's progress log (none reaches the console): the
    first comes once its feasibility jump is over, when its root node begins (see ``JUMPS`` in
    :mod:`planner.solve`). ``on_bound(bound)`` is called each time HiGHS's dual bound tightens,
    with the proven bound it gives (as the result's ``bound``), so that a run ended from outside
    keeps the bound it had reached.
    """
    if not templates:
        return None
    pr = build_program(cp, state, templates)
    h = _model(pr.cost, _rows(pr))
    if on_log is not None:
        # HiGHS calls back on its log lines only while its output is on.
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
        h.cbMipLogging.subscribe(lambda event: on_log())
    start = _start(templates, pr, hint)
    if start is not None:
        h.setSolution(start)
    began = time.monotonic()
    # One thread, as the linear relaxation uses: HiGHS shares one thread pool per process, sized by
    # its first solve, and on two cores a second thread did not make branch and cut faster.
    h.setOptionValue("threads", 1)
    _limit(h, deadline - began, on_solution, seed)
    if on_bound is not None:
        _bounds(h, on_bound)
    if on_plan is not None:
        _stream(h, state, templates, pr, on_plan)
    if not presolve:
        h.setOptionValue("presolve", "off")
    h.run()
    wall = time.monotonic() - began
    info = h.getInfo()
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        return None
    col = np.asarray(h.getSolution().col_value)
    chosen, value = chosen_sessions(state, templates, pr, lambda i: bool(col[i] > 0.5))
    dual = float(info.mip_dual_bound)
    bound = _proven(dual)
    optimal = h.getModelStatus() == _highspy().HighsModelStatus.kOptimal and bound is not None and value >= dual - 1e-6
    return SubResult(tuple(chosen), value, bound, optimal, float(info.simplex_iteration_count), wall)


@dataclass(frozen=True, slots=True)
class Relaxation:
    """The program's linear relaxation: a proven bound on the best completion, and per template
    its ``held`` value in the relaxation's optimum and the reduced profit of holding it (zero or
    less; the nearer zero, the more a plan may gain from it)."""

    bound: float
    held: NDArray[np.float64]
    reduced: NDArray[np.float64]


def relax(
    cp: Compiled, state: State, templates: list[Template], *, deadline: float, interior: bool = False
) -> Relaxation | None:
    """Solve the linear relaxation of the program of choosing ``templates`` to add to ``state``
    (which holds only the fixed sessions) by ``deadline`` (a :func:`time.monotonic` instant);
    None when HiGHS does not reach its optimum in time.

    HiGHS's dual simplex is the default; with ``interior``, its interior point method without
    crossover (no vertex, but the same bound). Which is faster depends on the program: on the
    60-person sample 0.7 s against 2.2 s, on variations of it about 2 s against 3.2 s, on a
    generated 200-person city of 5,300 templates 15.6 s against 4.3 s.

    The bound is not HiGHS's claimed optimum but is recomputed from its row duals by weak duality
    (:func:`_dual_bound`), so that it holds whatever the solver's tolerances.
    """
    if not templates:
        return None
    pr = build_program(cp, state, templates)
    rows = _rows(pr)
    h = _model(pr.cost, rows)
    n = len(pr.cost)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.uint8))  # continuous
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", max(0.05, deadline - time.monotonic()))
    if interior:
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
    h.run()
    if h.getModelStatus() != _highspy().HighsModelStatus.kOptimal:
        return None
    sol = h.getSolution()
    held = np.asarray(sol.col_value)[pr.y]
    reduced = np.asarray(sol.col_dual)[pr.y]
    duals = np.asarray(sol.row_dual, dtype=np.float64)
    # HiGHS's sign convention for a maximisation does not matter: a bound holds for any
    # multipliers, and the wrong sign gives a far looser one.
    bound = _proven(_dual_bound(pr.cost, rows, [duals, -duals]))
    return None if bound is None else Relaxation(bound, held, reduced)


def first_order_bound(cp: Compiled, state: State, templates: list[Template], seconds: float) -> float | None:
    """A bound on the value of the ``templates`` to add to ``state`` (which holds only the fixed
    sessions) from the program's linear relaxation solved by PDLP (see
    :func:`planner.lpbound.first_order_duals`) for at most ``seconds``; None without templates.

    This is the relaxation that the Lagrangian steps of :mod:`planner.lagrange` approach; PDLP
    gets closer to it sooner, on programs far too large for :func:`relax` in the time (the
    200-person sample's 104,156 columns: 814.2 after 5 s, 813.9 after 8 s, where 12 s of
    Lagrangian steps reach 816). Its multipliers are priced by weak duality
    (:func:`_dual_bound`) with either sign and as zeros, the tightest kept: the bound holds
    wherever PDLP stopped.
    """
    if not templates:
        return None
    began = time.monotonic()
    pr = build_program(cp, state, templates)
    rows = _rows(pr)
    matrix = rows.matrix(len(pr.cost))
    duals = first_order_duals(
        matrix.tocsc(),
        np.asarray(pr.cost, dtype=np.float64),
        np.ones(len(pr.cost)),
        np.asarray(rows.lower, dtype=np.float64),
        np.asarray(rows.upper, dtype=np.float64),
        seconds=seconds - (time.monotonic() - began),
        tolerance=FIRST_ORDER_TOLERANCE,
    )
    return _proven(_dual_bound(pr.cost, rows, [duals, -duals, 0.0 * duals], matrix))


def _dual_bound(
    cost: list[float], rows: _Rows, candidates: list[NDArray[np.float64]], matrix: csr_matrix | None = None
) -> float:
    """The tightest weak-duality bound, over the ``candidates`` multipliers, of maximising ``cost``
    over ``rows`` (whose :meth:`_Rows.matrix` is ``matrix``, built here when not given) with every
    column in [0, 1].

    For any multipliers ``u``, ``cost . x = (cost - A'u) . x + u . Ax``; the first term is at most
    the sum of the positive reduced profits, the second at most ``u * upper`` (``u > 0``) or
    ``u * lower`` (``u < 0``) per row. A multiplier whose side of the row is unbounded is set to
    zero first. The rows are turned into arrays once for all the candidates (a second each, on a
    program of 400,000 columns).
    """
    lower = np.asarray(rows.lower, dtype=np.float64)
    upper = np.asarray(rows.upper, dtype=np.float64)
    values = np.asarray(cost, dtype=np.float64)
    transposed = (rows.matrix(len(cost)) if matrix is None else matrix).T
    bounds = []
    for duals in candidates:
        u = np.where((duals > 0) & np.isfinite(upper), duals, 0.0) + np.where(
            (duals < 0) & np.isfinite(lower), duals, 0.0
        )
        profit = values - transposed @ u
        sides = np.where(
            u > 0, u * np.where(np.isfinite(upper), upper, 0.0), u * np.where(np.isfinite(lower), lower, 0.0)
        )
        bounds.append(float(np.maximum(profit, 0.0).sum() + sides.sum()))
    return min(bounds)


def _rows(pr: Program) -> _Rows:
    """Every rule of the program as rows: the group rules (and each seat only in a held session),
    safeguarding, the at-most rows and the first-time teachers' bonus."""
    rows = _Rows()
    for g in pr.groups:
        ones = [1.0] * len(g.seats)
        rows.add([*g.seats, g.held], [*ones, -float(g.largest)], -math.inf, 0.0)
        rows.add([*g.seats, g.held], [*ones, -float(g.smallest)], 0.0, math.inf)
        for xv in g.seats:
            rows.add([xv, g.held], [1.0, -1.0], -math.inf, 0.0)
    for seat, others in pr.chaperoned:
        # Safeguarding: this learner may only come if somebody else comes too.
        rows.add([*others, seat], [1.0] * len(others) + [-1.0], 0.0, math.inf)
    for cols, rhs in pr.at_most:
        rows.at_most(cols, float(rhs))
    for p, cols in pr.teaches.items():
        rows.add([pr.z[p], *cols], [1.0] + [-1.0] * len(cols), -math.inf, 0.0)
    return rows


def _proven(dual: float) -> float | None:
    """HiGHS's dual bound raised by the margin that covers its tolerances (None if infinite)."""
    return dual + BOUND_MARGIN * (1.0 + abs(dual)) if math.isfinite(dual) else None


def _stream(
    h: Any, state: State, templates: list[Template], pr: Program, on_plan: Callable[[list[Chosen], float], None]
) -> None:
    """Pass each improving solution on as HiGHS finds it."""

    def improved(event: Any) -> None:
        col = event.data_out.mip_solution
        chosen, value = chosen_sessions(state, templates, pr, lambda i: bool(col[i] > 0.5))
        on_plan(chosen, value)

    h.cbMipImprovingSolution.subscribe(improved)


def _bounds(h: Any, on_bound: Callable[[float], None]) -> None:
    """Pass the proven bound on each time HiGHS's dual bound tightens. HiGHS calls its interrupt
    callback now and then throughout branch and cut (on the 60-person sample about 25 times a
    second); the bound is infinite until the root's relaxation is solved."""
    last = [math.inf]

    def checked(event: Any) -> None:
        dual = float(event.data_out.mip_dual_bound)
        if math.isfinite(dual) and dual < last[0] - 1e-9:
            last[0] = dual
            bound = _proven(dual)
            if bound is not None:
                on_bound(bound)

    h.cbMipInterrupt.subscribe(checked)


def _highspy() -> Any:
    """The HiGHS module, imported on first use (loading it takes time, and most callers skip it)."""
    import highspy  # late on purpose

    return highspy


def _model(cost: list[float], rows: _Rows) -> Any:
    """A HiGHS instance holding the binary program: maximise ``cost`` subject to ``rows``."""
    highspy = _highspy()
    h = new_highs()
    n = len(cost)
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=np.float64))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.addRows(
        len(rows.lower),
        np.asarray(rows.lower, dtype=np.float64),
        np.asarray(rows.upper, dtype=np.float64),
        len(rows.index),
        np.asarray(rows.starts, dtype=np.int32),
        np.asarray(rows.index, dtype=np.int32),
        np.asarray(rows.value, dtype=np.float64),
    )
    return h


def _start(templates: list[Template], pr: Program, hint: list[Chosen]) -> Any:
    """The hinted plan as a complete starting solution of the program (None without a hint, or
    when one of its sessions is not among ``templates``)."""
    if not hint:
        return None
    values, complete = hint_values(templates, pr, hint)
    if not complete:
        return None
    sol = _highspy().HighsSolution()
    sol.col_value = [float(v) for v in values]
    sol.value_valid = True
    return sol


def _limit(h: Any, wall_limit: float, on_solution: Callable[[float], None] | None, seed: int = 0) -> None:
    """Set the tolerances, the time limit and the callback that reports progress."""
    h.setOptionValue("time_limit", max(0.05, wall_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    h.setOptionValue("mip_feasibility_tolerance", FEASIBILITY_TOLERANCE)
    h.setOptionValue("random_seed", seed)
    # Measured on generated 60-person communities: the optimum is found (and proved) about a
    # second sooner without this root heuristic, and the 60-person sample is no worse off.
    h.setOptionValue("mip_heuristic_run_root_reduced_cost", False)
    if on_solution is not None:
        report = on_solution

        def improved(event: Any) -> None:
            value = float(event.data_out.objective_function_value)
            if value > 0:  # the starting solution is announced with no value
                report(value)

        h.cbMipImprovingSolution.subscribe(improved)

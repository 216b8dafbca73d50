"""A proven upper bound from a time-indexed linear relaxation, solved with HiGHS or PDLP.

The relaxation forgets which venue a session uses but keeps time exactly. For every teacher
``T``, skill ``s`` and start ``t`` it has ``n[T,s,t]`` (a session at a physical venue; on small
models one column per venue, ``n[T,s,v,t]``, so that each venue's rooms count apart) and
``m[T,s,t]`` (a session online); for every learner ``l`` near enough to share a physical venue
with ``T`` it has ``a[l,s,T,t]`` (``l`` joins that physical session); and for every learner it
has ``o[l,s,t,L]`` (``l`` learns ``s`` online at ``t`` from somebody teaching at level ``L``).
Every constraint below holds for every valid plan, so the relaxation's optimum is at least the
best plan's score:

* each person is in at most one session per slot, at most ``max_sessions`` in all, teaches at
  most ``max_teach``, and learns each skill at most once;
* ``a[l,s,T,t] <= n[T,s,t]`` and ``min_group * n <= sum(a) <= group limit * n`` per session;
  online learners fill online sessions the same way, per skill, start and teacher level (pooling
  the levels instead, as an earlier version did, loosened the bound by about 10 %);
* at every slot the sessions in progress fit into the rooms open then (physical and online
  counted apart), and the teach bonus needs at least one session.

Each learner's travel is the shortest trip to a venue usable with that teacher, each teacher's
the shortest trip to a venue usable at that start (on small models: to that venue); online
learning is valued at the fit of its pool's level. All of that can only overestimate the score.

Models too large for HiGHS's interior point go to PDLP, OR-Tools' first-order method. Either
way the bound is not the solver's claimed optimum, which carries tolerances: it is recomputed from
the dual values by weak duality (any non-negative multipliers give a valid bound once every
variable takes its upper bound where its reduced profit is positive), and then rounded up.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csc_matrix, csr_matrix

from planner.compiled import Compiled
from planner.model import FIT, KEEP_BONUS, TEACH_BONUS, TRAVEL_COST
from planner.state import State

# Models up to this many columns go to HiGHS (interior point); larger ones to PDLP (see
# :func:`_first_order`), which ends at its tolerance several times sooner on every model measured
# above it, with a bound looser by 0.05 to 0.13 %. HiGHS against PDLP, seconds alone on a core
# (bound): the 200-person sample, 20,614 columns, 5.9 s (824.13) against 1.0 s (824.70); a
# generated 200-person city, 14,383, 4.0 s against 0.6 s; a 250-person district of the
# 2,000-person sample, 36,528, 13.1 s (1,055.92) against 2.4 s (1,057.26); a 400-person community
# carved from it, 71,369, 44.8 s (1,782.64) against 3.0 s (1,784.94). Where that relaxation is the
# bound (a few hundred people with more seats than the Lagrangian steps can settle), the solve's
# bound went from 1,069.1 to 1,025.8 on the 250-person district (20 s), from 1,431.0 to 1,391.4
# on a 320-person community, from 2,008.1 to 1,784.9 on the 400-person one. On the 60-person
# sample (3,780 columns) both take under half a second and HiGHS is exact.
HIGHS_COLUMNS = 5_000
# Up to this many columns (estimated), a physical session has one column per venue, so that each
# venue's rooms bound the sessions held there at once; beyond it all venues share one column and
# the rooms are only counted together (a looser bound, but a smaller model).
SPLIT_COLUMNS = 20_000
# PDLP stops once its primal and dual objectives and residuals agree to this relative tolerance.
# On the 2,000-person sample (696,354 columns, alone on a core): at 3e-4 it stops after 48 s at
# 9,782.6, at 1e-4 after 67 s at 9,770.3, at 1e-5 after 132 s at 9,766.8 (the relaxation's
# optimum). The projected subgradient descent it replaces settled after about 45 s at 9,825.1.
PDLP_TOLERANCE = 3e-4
IPM_TOLERANCE = 1e-5


class Flag(Protocol):
    """A cancellation flag: a :class:`threading.Event` or a :class:`multiprocessing.Event`."""

    def is_set(self) -> bool:
        """True once the computation should stop."""
        ...


@dataclass(frozen=True, slots=True)
class LpBound:
    """The proven bound (``value``), the model size, whether HiGHS reached its optimum, and which
    bound it is (``lp``, or ``lagrangian`` when the bound job computed :mod:`planner.lagrange`'s)."""

    value: float
    columns: int
    rows: int
    optimal: bool
    kind: str = "lp"


def _starts_free(mask: int, d: int, day_ok: int) -> int:
    """Bit ``t`` set when slots ``t .. t+d-1`` are all in ``mask`` and lie within one day."""
    m = mask
    for k in range(1, d):
        m &= mask >> k
    return m & day_ok


def _bits(m: int) -> Iterator[int]:
    while m:
        low = m & -m
        yield low.bit_length() - 1
        m ^= low


class _Builder:
    """Collects columns (cost, upper bound) and ``<=`` rows as coordinate triplets."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.rhs: list[float] = []
        self.ri: list[int] = []
        self.ci: list[int] = []
        self.vals: list[float] = []

    def col(self, cost: float, upper: float = 1.0) -> int:
        """Add a column with its objective coefficient and upper bound; returns its index."""
        self.cost.append(cost)
        self.upper.append(upper)
        return len(self.cost) - 1

    def row(self, entries: list[tuple[int, float]], rhs: float) -> None:
        """Add the row ``sum(coefficient * column) <= rhs``."""
        r = len(self.rhs)
        self.rhs.append(rhs)
        for c, v in entries:
            self.ri.append(r)
            self.ci.append(c)
            self.vals.append(v)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence HiGHS's banner, which it writes straight to file descriptor 1."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def lp_size(cp: Compiled, state: State, *, split: bool = False) -> int:
    """A quick estimate of the relaxation's column count, to decide whether it is worth building.

    With ``split``, the estimate is for one session column per physical venue the teacher reaches.
    """
    day_ok = {d: sum(1 << t for t in ts) for d, ts in cp.starts.items()}
    total = 0
    for s in range(len(cp.skill_ids)):
        d = cp.dur[s]
        total += len(cp.learners_of[s]) * 4
        for T in cp.teachers_of[s]:
            per = 1 + (sum(1 for v in cp.reach[T] if not cp.online[v]) if split else 1)
            total += per * (_starts_free(state.free_mask(T), d, day_ok[d])).bit_count()
    return total


def new_highs() -> Any:
    """A silent HiGHS instance. Create it on the main thread: the first one prints a banner on fd 1."""
    import highspy  # imported late: loading HiGHS takes time and most solves skip it

    with _quiet():
        h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's class has no annotations
        h.setOptionValue("output_flag", False)
    return h


def lp_bound(
    cp: Compiled,
    state: State,
    *,
    time_limit: float,
    max_columns: int = 600_000,
    highs: Any = None,
    cancel: Flag | None = None,
    split: bool | None = None,
    link: bool = True,
) -> LpBound | None:  # one linear model, built in one pass
    """The relaxation's proven bound on completing ``state`` (which holds the pinned sessions).

    With ``link``, the model has the rows a[l,s,T,t] <= n[T,s,t]: twice the rows, and a bound
    tighter by a few per cent (the 200-person sample: 824.1 against 852.0; a 2,000-person district
    after 100 s of the subgradient descent that came before PDLP, 9,847 against 9,900).

    Models of up to ``HIGHS_COLUMNS`` columns are solved by HiGHS's interior point, larger ones by
    PDLP (:func:`_first_order`), each within ``time_limit`` seconds. Returns None when the model
    would exceed ``max_columns``, HiGHS produced no duals in time, or ``cancel`` was set before
    the solver started.
    """
    began = time.monotonic()
    n = len(cp.person_ids)
    day_ok = {d: sum(1 << t for t in ts) for d, ts in cp.starts.items()}
    if split is None:
        split = lp_size(cp, state, split=True) <= SPLIT_COLUMNS
    b = _Builder()
    # Per-person rows are gathered as lists of (column, coefficient) and emitted at the end.
    slot_rows: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    count_rows: dict[int, list[tuple[int, float]]] = defaultdict(list)
    teach_rows: dict[int, list[tuple[int, float]]] = defaultdict(list)
    wish_rows: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    phys_room: dict[int, list[tuple[int, float]]] = defaultdict(list)
    venue_room: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    online_room: dict[int, list[tuple[int, float]]] = defaultdict(list)
    # Online sessions and learners are pooled per skill, start and teacher level (s, t, level).
    online_fill: dict[tuple[int, int, int], list[tuple[int, float]]] = defaultdict(list)
    online_min: dict[tuple[int, int, int], list[tuple[int, float]]] = defaultdict(list)
    online_sessions: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    online_links: list[tuple[int, tuple[int, int, int]]] = []
    # a[l,s,T,t] <= n[T,s,t]: the learner's column and its session's columns (one per venue).
    session_links: list[tuple[int, list[int]]] = []

    n_venues = len(cp.venue_ids)
    usable = [cp.open[v] & ~state.full[v] for v in range(n_venues)]
    online_venues = [v for v in range(n_venues) if cp.online[v]]
    free = [state.free_mask(p) for p in range(n)]
    free_starts: dict[tuple[int, int], int] = {}

    def fs(p: int, d: int) -> int:
        """Starts at which person ``p`` is free for a session of ``d`` slots (cached)."""
        key = (p, d)
        got = free_starts.get(key)
        if got is None:
            got = _starts_free(free[p], d, day_ok[d])
            free_starts[key] = got
        return got

    vs_cache: dict[tuple[int, int], int] = {}

    def vstarts(v: int, d: int) -> int:
        """Starts at which venue ``v`` has a room free for a session of ``d`` slots (cached)."""
        key = (v, d)
        got = vs_cache.get(key)
        if got is None:
            got = _starts_free(usable[v], d, day_ok[d])
            vs_cache[key] = got
        return got

    def add_occupancy(p: int, col: int, t: int, d: int) -> None:
        """Enter a column into person ``p``'s slot rows and session count."""
        for q in range(t, t + d):
            slot_rows[(p, q)].append((col, 1.0))
        count_rows[p].append((col, 1.0))

    teacher_cols: dict[int, list[int]] = defaultdict(list)
    for T in range(n):
        if cancel is not None and cancel.is_set():
            return None
        if not state.can_teach(T):
            continue
        for s, lvl in cp.teach[T].items():
            d, lo = cp.dur[s], cp.min_g[s]
            sT = fs(T, d)
            if not sT:
                continue
            # Physical venues this teacher could use for this skill, with their usable starts.
            phys = [
                v
                for v in cp.reach[T]
                if not cp.online[v]
                and cp.capacity[v] - 1 >= lo
                and (not cp.minor[T] or cp.minors_ok[v])
                and vstarts(v, d) & sT
            ]
            onl = [
                v
                for v in online_venues
                if cp.capacity[v] - 1 >= lo and (not cp.minor[T] or cp.minors_ok[v]) and vstarts(v, d) & sT
            ]
            learners = [
                ln
                for ln in cp.learners_of[s]
                if ln != T and cp.learn[ln][s][0] < lvl and state.can_learn(ln, s) and fs(ln, d) & sT
            ]
            if len(learners) < lo:
                continue
            # Per start: the physical venues usable then, each with the teacher's trip and group limit.
            phys_at: dict[int, list[tuple[int, float, int]]] = defaultdict(list)
            for v in phys:
                k = min(cp.max_g[s], cp.capacity[v] - 1)
                dist = cp.reach[T][v]
                for t in _bits(vstarts(v, d) & sT):
                    phys_at[t].append((v, dist, k))
            on_at: dict[int, int] = {}
            for v in onl:
                k = min(cp.max_g[s], cp.capacity[v] - 1)
                for t in _bits(vstarts(v, d) & sT):
                    on_at[t] = max(on_at.get(t, 0), k)
            # Learners who share a physical venue with the teacher: shortest trip and usable starts.
            phys_set = set(phys)
            ln_info: list[tuple[int, float, int, float]] = []
            for ln in learners:
                best = math.inf
                starts = 0
                for v, dist in cp.reach[ln].items():
                    if v in phys_set and (not cp.minor[ln] or cp.minors_ok[v]):
                        best = min(best, dist)
                        starts |= vstarts(v, d)
                starts &= sT & fs(ln, d)
                if starts:
                    lv, prio = cp.learn[ln][s]
                    ln_info.append((ln, best, starts, prio * FIT.get(lvl - lv, 0.0)))
            wanted: dict[int, list[tuple[int, float]]] = defaultdict(list)
            for ln, dist, starts, val in ln_info:
                for t in _bits(starts):
                    wanted[t].append((ln, val - TRAVEL_COST * dist))
            for t, at in phys_at.items():
                group = wanted.get(t)
                # A session needs at least min_group learners; without them it cannot exist, and
                # learner columns are only made together with the session they belong to.
                if not group or len(group) < lo:
                    continue
                if not split:
                    # One column for all venues: the shortest trip and the largest group among them.
                    dist = min(x[1] for x in at)
                    k = max(x[2] for x in at)
                    keep = KEEP_BONUS if any((s, T, v, t) in cp.prev_keys for v, _, _ in at) else 0.0
                    at = [(-1, dist, k)]
                    keeps = [keep]
                else:
                    keeps = [KEEP_BONUS if (s, T, v, t) in cp.prev_keys else 0.0 for v, _, _ in at]
                ncs: list[tuple[int, int]] = []
                for (v, dist, k), keep in zip(at, keeps, strict=True):
                    nc = b.col(keep - TRAVEL_COST * dist)
                    ncs.append((nc, k))
                    teacher_cols[T].append(nc)
                    add_occupancy(T, nc, t, d)
                    teach_rows[T].append((nc, 1.0))
                    for q in range(t, t + d):
                        if split:
                            venue_room[(v, q)].append((nc, 1.0))
                        else:
                            phys_room[q].append((nc, 1.0))
                cols = []
                for ln, gain in group:
                    col = b.col(gain)
                    cols.append(col)
                    add_occupancy(ln, col, t, d)
                    wish_rows[(ln, s)].append((col, 1.0))
                b.row([(c, 1.0) for c in cols] + [(nc, -float(k)) for nc, k in ncs], 0.0)
                b.row([(c, -1.0) for c in cols] + [(nc, float(lo)) for nc, _ in ncs], 0.0)
                if link:
                    session_cols = [nc for nc, _ in ncs]
                    session_links.extend((c, session_cols) for c in cols)
            for t, k in on_at.items():
                keep = KEEP_BONUS if any((s, T, v, t) in cp.prev_keys for v in onl) else 0.0
                mc = b.col(keep)
                teacher_cols[T].append(mc)
                add_occupancy(T, mc, t, d)
                teach_rows[T].append((mc, 1.0))
                for q in range(t, t + d):
                    online_room[q].append((mc, 1.0))
                online_fill[(s, t, lvl)].append((mc, -float(k)))
                online_min[(s, t, lvl)].append((mc, float(lo)))
                online_sessions[(s, t, lvl)].append(mc)
            if b.cost and len(b.cost) > max_columns:
                return None

    # Online learning: one column per learner, start and level of a teacher who could hold an
    # online session then, valued at that level's fit; each pool's sessions cap its learners.
    if online_venues:
        for s in range(len(cp.skill_ids)):
            d = cp.dur[s]
            levels = sorted({key[2] for key in online_sessions if key[0] == s})
            if not levels:
                continue
            for ln in cp.learners_of[s]:
                if not state.can_learn(ln, s):
                    continue
                lv, prio = cp.learn[ln][s]
                ok = 0
                for v in online_venues:
                    if not cp.minor[ln] or cp.minors_ok[v]:
                        ok |= vstarts(v, d)
                ok &= fs(ln, d)
                if not ok:
                    continue
                for t in _bits(ok):
                    for lvl in levels:
                        val = prio * FIT.get(lvl - lv, 0.0)
                        key = (s, t, lvl)
                        if val <= 0 or key not in online_sessions:
                            continue
                        col = b.col(val)
                        add_occupancy(ln, col, t, d)
                        wish_rows[(ln, s)].append((col, 1.0))
                        online_fill[key].append((col, 1.0))
                        online_min[key].append((col, -1.0))
                        if link:
                            online_links.append((col, key))
                if len(b.cost) > max_columns:
                    return None

    for entries in slot_rows.values():
        if len(entries) > 1:
            b.row(entries, 1.0)
    for p, entries in count_rows.items():
        left = cp.max_sessions[p] - state.n_sess[p]
        if len(entries) > left:
            b.row(entries, float(left))
    for p, entries in teach_rows.items():
        left = cp.max_teach[p] - state.n_teach[p]
        if len(entries) > left:
            b.row(entries, float(left))
    for entries in wish_rows.values():
        if len(entries) > 1:
            b.row(entries, 1.0)
    for q, entries in phys_room.items():
        rooms = sum(
            cp.rooms[v] - (state.room_use[v][q] if v in state.room_use else 0)
            for v in range(n_venues)
            if not cp.online[v] and usable[v] >> q & 1
        )
        if len(entries) > rooms:
            b.row(entries, float(rooms))
    for (v, q), entries in venue_room.items():
        rooms = cp.rooms[v] - (state.room_use[v][q] if v in state.room_use else 0)
        if len(entries) > rooms:
            b.row(entries, float(rooms))
    for q, entries in online_room.items():
        rooms = sum(
            cp.rooms[v] - (state.room_use[v][q] if v in state.room_use else 0)
            for v in online_venues
            if usable[v] >> q & 1
        )
        if len(entries) > rooms:
            b.row(entries, float(rooms))
    for entries in online_fill.values():
        b.row(entries, 0.0)
    for entries in online_min.values():
        b.row(entries, 0.0)
    if link:
        for c, session_cols in session_links:
            b.row([(c, 1.0)] + [(nc, -1.0) for nc in session_cols], 0.0)
        for col, key in online_links:
            b.row([(col, 1.0)] + [(mc, -1.0) for mc in online_sessions[key]], 0.0)
    for T, cols in teacher_cols.items():
        if state.n_teach[T] == 0:
            z = b.col(TEACH_BONUS)
            b.row([(z, 1.0)] + [(c, -1.0) for c in cols], 0.0)

    # The rows are in the builder now; the solver needs the memory more than these lists.
    for rows in (slot_rows, count_rows, teach_rows, wish_rows, phys_room, venue_room, online_room):
        rows.clear()
    online_fill.clear()
    online_min.clear()
    session_links.clear()
    online_links.clear()
    base = state.objective()
    if not b.cost:
        return LpBound(base, 0, 0, True)
    remaining = time_limit - (time.monotonic() - began)
    if cancel is not None and cancel.is_set():
        return None
    if len(b.cost) > HIGHS_COLUMNS:
        return _first_order(b, base, remaining, cancel)
    return _solve(b, base, remaining, highs if highs is not None else new_highs())


def _arrays(b: _Builder) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    return np.array(b.ri, dtype=np.int64), np.array(b.ci, dtype=np.int64), np.array(b.vals, dtype=np.float64)


def _dual_value(
    y: NDArray[np.floating[Any]],
    transposed: csr_matrix,
    cost: NDArray[np.floating[Any]],
    upper: NDArray[np.float64],
    rhs: NDArray[np.float64],
) -> tuple[float, NDArray[np.floating[Any]]]:
    """The weak-duality bound of multipliers ``y >= 0`` and the reduced profits of the columns
    (``transposed`` is the constraint matrix's transpose). The products are in the precision of
    ``y``, ``transposed`` and ``cost``; the sums are in double precision."""
    reduced = cost - transposed @ y
    value = float(rhs @ y.astype(np.float64, copy=False))
    return value + float(np.maximum(0.0, reduced).astype(np.float64, copy=False) @ upper), reduced


def _either_sign(
    duals: NDArray[np.float64],
    transposed: csr_matrix,
    cost: NDArray[np.float64],
    upper: NDArray[np.float64],
    rhs: NDArray[np.float64],
    *,
    signs: tuple[float, ...] = (1.0, -1.0),
) -> float:
    """The tightest weak-duality bound of a solver's duals taken with each of ``signs``.

    A solver's sign convention for these rows is taken from the data: every sign is priced and the
    smallest bound kept (each is valid, its multipliers being made non-negative)."""
    return min(_dual_value(np.maximum(0.0, sign * duals), transposed, cost, upper, rhs)[0] for sign in signs)


def _margin(rhs: NDArray[np.float64], cost: NDArray[np.float64]) -> float:
    """Float sums of up to millions of terms: a relative margin keeps the bound on the safe side."""
    return 1e-9 * (float(np.abs(rhs).sum()) + float(np.abs(cost).sum())) + 1e-6


def first_order_duals(
    matrix: csc_matrix,
    cost: NDArray[np.float64],
    upper: NDArray[np.float64],
    row_lower: NDArray[np.float64],
    row_upper: NDArray[np.float64],
    *,
    seconds: float,
    tolerance: float = PDLP_TOLERANCE,
) -> NDArray[np.float64]:
    """PDLP's row multipliers for maximising ``cost . x`` subject to ``row_lower <= matrix x <=
    row_upper`` and ``0 <= x <= upper``, after at most ``seconds`` or at a relative ``tolerance``
    (zeros if it gave none). They carry PDLP's sign convention (it minimises):
    callers price them with either sign by weak duality, so the bound holds wherever it stopped.
    """
    from ortools.pdlp import solvers_pb2  # loaded only for large models
    from ortools.pdlp.python import pdlp

    qp = pdlp.QuadraticProgram()
    # PDLP minimises: the profits are its costs with the sign turned.
    qp.objective_vector = -cost
    qp.constraint_lower_bounds = row_lower
    qp.constraint_upper_bounds = row_upper
    qp.variable_lower_bounds = np.zeros(len(cost))
    qp.variable_upper_bounds = upper
    qp.constraint_matrix = matrix
    params = solvers_pb2.PrimalDualHybridGradientParams()
    criteria = params.termination_criteria
    criteria.time_sec_limit = max(0.1, seconds)
    criteria.simple_optimality_criteria.eps_optimal_relative = tolerance
    criteria.simple_optimality_criteria.eps_optimal_absolute = tolerance
    params.num_threads = 1
    params.presolve_options.use_glop = False
    result = pdlp.primal_dual_hybrid_gradient(qp, params)
    del qp
    duals = np.asarray(result.dual_solution, dtype=np.float64)
    if duals.shape != row_upper.shape or not np.isfinite(duals).all():
        return np.zeros(len(row_upper))
    return duals


def _first_order(b: _Builder, base: float, seconds: float, cancel: Flag | None) -> LpBound | None:
    """The relaxation solved by PDLP (OR-Tools' restarted primal-dual hybrid gradient, a
    first-order method), to a relative tolerance of ``PDLP_TOLERANCE`` or for ``seconds``.

    Each of its steps is two products with the matrix, so it takes models far too large for an
    interior point. Its multipliers, wherever it stopped, are priced in double precision by weak
    duality: the bound holds whether or not it converged.
    """
    began = time.monotonic()
    ri, ci, vals = _arrays(b)
    cost = np.array(b.cost, dtype=np.float64)
    upper = np.array(b.upper, dtype=np.float64)
    rhs = np.array(b.rhs, dtype=np.float64)
    # The builder's lists take several times the arrays' memory (a 5,000-person city's model has
    # 13 million entries).
    for items in (b.ri, b.ci, b.vals, b.cost, b.upper, b.rhs):
        items.clear()
    matrix = csc_matrix((vals, (ri, ci)), shape=(len(rhs), len(cost)))
    del ri, ci, vals
    if cancel is not None and cancel.is_set():
        return None
    duals = first_order_duals(
        matrix, cost, upper, np.full(len(rhs), -np.inf), rhs, seconds=seconds - (time.monotonic() - began)
    )
    # The matrix by columns is its transpose by rows, without a copy.
    transposed = csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(len(cost), len(rhs)))
    # PDLP's multipliers of these rows are not positive (it minimises); zero multipliers are priced
    # too, in case those of a PDLP stopped early give a looser bound still.
    best = _either_sign(duals, transposed, cost, upper, rhs, signs=(-1.0, 1.0, 0.0))
    return LpBound(base + best + _margin(rhs, cost), len(cost), len(rhs), False)


def _solve(b: _Builder, base: float, time_limit: float, h: Any) -> LpBound | None:
    import highspy  # already loaded by new_highs()

    n_col, n_row = len(b.cost), len(b.rhs)
    ri, ci, vals = _arrays(b)
    order = np.lexsort((ri, ci))
    ri, ci, vals = ri[order], ci[order], vals[order]
    start = np.zeros(n_col + 1, dtype=np.int64)
    np.add.at(start, ci + 1, 1)
    start = np.cumsum(start)
    cost = np.array(b.cost, dtype=np.float64)
    upper = np.array(b.upper, dtype=np.float64)
    rhs = np.array(b.rhs, dtype=np.float64)

    h.setOptionValue("time_limit", max(0.1, time_limit))
    h.setOptionValue("threads", 1)
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    # The bound is recomputed from the duals by weak duality, so a looser tolerance stays safe.
    h.setOptionValue("ipm_optimality_tolerance", IPM_TOLERANCE)
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = upper
    lp.row_lower_ = np.full(n_row, -highspy.kHighsInf)
    lp.row_upper_ = rhs
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start.astype(np.int32)
    lp.a_matrix_.index_ = ri.astype(np.int32)
    lp.a_matrix_.value_ = vals
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    sol = h.getSolution()
    if not sol.dual_valid:
        return None
    duals = np.asarray(sol.row_dual, dtype=np.float64)
    transposed = csr_matrix((vals, (ci, ri)), shape=(n_col, n_row))
    best = _either_sign(duals, transposed, cost, upper, rhs)
    optimal = status == highspy.HighsModelStatus.kOptimal
    return LpBound(base + best + _margin(rhs, cost), n_col, n_row, optimal)

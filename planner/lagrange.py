"""A proven bound from the Lagrangian relaxation of the complete template program.

The program is the one of :mod:`planner.mip`. Every row that ties templates together (a person in
one session per slot, a venue's rooms per slot, session and teaching limits, a skill learned once,
the first-time teacher's bonus) is moved into the objective with a non-negative multiplier. What
is left falls apart into one small problem per template — open it or not, and if so seat the
learners whose reduced gain is best, between the skill's smallest and largest group — and one per
first-time teacher, each solved exactly by sorting. By weak duality, for *any* non-negative
multipliers the sum of those optima plus the multipliers times the right-hand sides is at least
the best plan's score; subgradient steps lower it towards the value of the program's linear
relaxation, which on 200 people is tighter than the relaxation of :mod:`planner.lpbound`, but
too large for HiGHS to solve within the time limit (PDLP solves it sooner than the steps approach
it: see :func:`planner.mip.first_order_bound`).

The bound holds only for a *complete* template list (every session the rules allow given the
fixed sessions), which the planner builds for communities of up to a few hundred people and
sparser ones of up to about a thousand (see ``COMPLETE_SEATS`` in :mod:`planner.solve`). The
safeguarding rows of a template are left out of its small problem, which can only raise the
bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from planner.compiled import UNLIMITED, Compiled
from planner.model import TEACH_BONUS
from planner.state import State
from planner.templates import Template

# Added to every bound, relative to its size, to cover floating-point summation error.
MARGIN = 1e-9
# Subgradient steps (Polyak's rule towards a variable target): the step factor; the iterations
# without a better bound after which the target moves closer to the best bound; the target's first
# distance below the best bound, relative to it; and the share of the previous direction added to
# each subgradient. Tuned on the 200-person samples, where 12 s of steps reach 816 whatever the
# best known plan (aiming at a fixed target instead gave 818 to 848, and without the deflection
# the bound stayed at 826).
THETA = 1.0
PATIENCE = 15
LEVEL = 0.03
DEFLECTION = 0.5
# The share of each step's small-problem solution in the running average of the templates held
# (an exponential average over the last hundred steps or so), which :func:`template_bound` hands
# to its ``guide``: the subgradient steps' solutions average towards the relaxation's optimum, whose
# templates are worth a branch and cut of their own (see :func:`planner.solve.solve`). Measured on
# the 200-person sample after 8 s of steps, from four plans of 748 to 780, branch and cut for 4 s
# on the templates held in at least a tenth of this average plus the 300 of best reduced value
# (420 to 510 templates) gave 789 to 798; at a rate of 0.05 and held in 30 %, 765 to 793.
GUIDE_RATE = 0.01


class _Program:
    """The template program in arrays: templates, seats and the indices of every coupling row."""

    def __init__(self, cp: Compiled, state: State, templates: list[Template]) -> None:
        n_people, n_slots = len(cp.person_ids), cp.n_slots
        self.n_people, self.n_slots, self.n_venues = n_people, n_slots, len(cp.venue_ids)
        self.teacher = np.array([t.teacher for t in templates], dtype=np.int64)
        self.venue = np.array([t.venue for t in templates], dtype=np.int64)
        self.start = np.array([t.start for t in templates], dtype=np.int64)
        self.dur = np.array([cp.dur[t.skill] for t in templates], dtype=np.int64)
        self.base = np.array([t.base for t in templates], dtype=np.float64)
        self.k = np.array([min(cp.max_g[t.skill], cp.capacity[t.venue] - 1) for t in templates], dtype=np.int64)
        self.min = np.array([cp.min_g[t.skill] for t in templates], dtype=np.int64)
        sizes = np.array([len(t.learners) for t in templates], dtype=np.int64)
        self.seat_tpl = np.repeat(np.arange(len(templates), dtype=np.int64), sizes)
        self.seat_person = np.array([ln for t in templates for ln in t.learners], dtype=np.int64)
        self.seat_gain = np.array([g for t in templates for g in t.gains], dtype=np.float64)
        self.first_seat = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        # A skill learned once: one row per (learner, skill) pair that has a seat.
        pairs = (
            self.seat_person * len(cp.skill_ids) + np.array([t.skill for t in templates], dtype=np.int64)[self.seat_tpl]
        )
        self.pair_ids, self.seat_pair = np.unique(pairs, return_inverse=True)
        # Right-hand sides, after the fixed sessions.
        self.room_free = np.array(
            [
                [cp.rooms[v] - (state.room_use[v][q] if v in state.room_use else 0) for q in range(n_slots)]
                for v in range(self.n_venues)
            ],
            dtype=np.float64,
        )
        limit = np.array(cp.max_sessions, dtype=np.float64)
        self.count_left = limit - np.array(state.n_sess, dtype=np.float64)
        self.count_on = limit < UNLIMITED
        teach = np.array(cp.max_teach, dtype=np.float64)
        self.teach_left = teach - np.array(state.n_teach, dtype=np.float64)
        self.teach_on = teach < UNLIMITED
        self.first_time = np.array(state.n_teach, dtype=np.int64) == 0
        self.max_dur = int(self.dur.max()) if len(templates) else 0
        self.seat_start = self.start[self.seat_tpl]
        self.seat_dur = self.dur[self.seat_tpl]


def _window_sums(
    values: NDArray[np.float64], rows: NDArray[np.int64], start: NDArray[np.int64], dur: NDArray[np.int64]
) -> NDArray[np.float64]:
    """For each entry, the sum of ``values[row, start:start + dur]``."""
    prefix = np.zeros((values.shape[0], values.shape[1] + 1))
    np.cumsum(values, axis=1, out=prefix[:, 1:])
    out: NDArray[np.float64] = prefix[rows, start + dur] - prefix[rows, start]
    return out


def _usage(
    shape: tuple[int, int], max_dur: int, rows: NDArray[np.int64], start: NDArray[np.int64], dur: NDArray[np.int64]
) -> NDArray[np.float64]:
    """How many of the given windows cover each (row, slot)."""
    width = shape[1]
    flat = np.zeros(shape[0] * width)
    for o in range(max_dur):
        on = dur > o
        flat += np.bincount(rows[on] * width + start[on] + o, minlength=shape[0] * width)
    return flat.reshape(shape)


def template_bound(
    cp: Compiled,
    state: State,
    templates: list[Template],
    *,
    seconds: float,
    target: Callable[[], float],
    should_stop: Callable[[], bool] | None = None,
    guide: Callable[[NDArray[np.float64], NDArray[np.float64]], None] | None = None,
    guide_after: float = math.inf,
) -> float | None:
    """A proven bound on the best completion of ``state``, given the complete ``templates`` list.

    ``target()`` is the best completion's value known so far, which steers the step sizes. Runs
    subgradient steps for at most ``seconds`` and returns the lowest bound met (None without
    templates). Once ``guide_after`` seconds have passed, ``guide(held, reduced)`` is called once
    with each template's running average of being held (see ``GUIDE_RATE``) and its reduced value
    at that step (positive when the small problems hold it).
    """
    if not templates:
        return None
    began = time.monotonic()
    pr = _Program(cp, state, templates)
    lam = np.zeros((pr.n_people, pr.n_slots))
    mu = np.zeros((pr.n_venues, pr.n_slots))
    nu = np.zeros(pr.n_people)
    tau = np.zeros(pr.n_people)
    pi = np.zeros(pr.n_people)
    rho = np.zeros(len(pr.pair_ids))
    best = np.inf
    theta = THETA
    stale = 0
    delta = math.inf  # the variable target's distance below the best bound, set on the first step
    n_tpl = len(templates)
    order_key = pr.seat_tpl.astype(np.float64)
    previous: list[NDArray[np.float64]] | None = None
    mults: list[NDArray[np.float64]] = [lam, mu, nu, tau, pi, rho]
    held = np.zeros(n_tpl)
    while True:
        # Reduced gains of the seats and reduced values of the templates.
        gain = pr.seat_gain - _window_sums(lam, pr.seat_person, pr.seat_start, pr.seat_dur)
        gain -= nu[pr.seat_person] + rho[pr.seat_pair]
        order = np.lexsort((-gain, order_key))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order)) - pr.first_seat[pr.seat_tpl[order]]
        take = (rank < pr.k[pr.seat_tpl]) & ((gain > 0) | (rank < pr.min[pr.seat_tpl]))
        value = pr.base - _window_sums(lam, pr.teacher, pr.start, pr.dur) - _window_sums(mu, pr.venue, pr.start, pr.dur)
        value += -nu[pr.teacher] - tau[pr.teacher] + np.where(pr.first_time[pr.teacher], pi[pr.teacher], 0.0)
        value += np.bincount(pr.seat_tpl, weights=np.where(take, gain, 0.0), minlength=n_tpl)
        open_ = value > 0
        held += GUIDE_RATE * (open_ - held)
        # One reading of the clock for both tests, so that steps ending at ``guide_after`` (as the
        # planner asks when the relaxation follows them) always send the guide first.
        now = time.monotonic() - began
        ending = now > seconds or (should_stop is not None and should_stop())
        if guide is not None and (now >= guide_after or (ending and guide_after <= seconds)):
            guide(held, value)
            guide = None
        z = pr.first_time & (TEACH_BONUS - pi > 0)
        bound = (
            lam.sum()
            + float((mu * pr.room_free).sum())
            + float((nu * np.where(pr.count_on, pr.count_left, 0.0)).sum())
            + float((tau * np.where(pr.teach_on, pr.teach_left, 0.0)).sum())
            + rho.sum()
            + float(value[open_].sum())
            + float((TEACH_BONUS - pi)[z].sum())
        )
        if bound < best - 1e-9:
            best = bound
            stale = 0
        else:
            stale += 1
            if stale >= PATIENCE:
                delta /= 2
                stale = 0
        if ending:
            break
        # Subgradients: right-hand side minus the activity of the small problems' solution.
        seat_on = take & open_[pr.seat_tpl]
        t_on = open_
        g_lam = 1.0 - _usage(lam.shape, pr.max_dur, pr.teacher[t_on], pr.start[t_on], pr.dur[t_on])
        g_lam -= _usage(lam.shape, pr.max_dur, pr.seat_person[seat_on], pr.seat_start[seat_on], pr.seat_dur[seat_on])
        g_mu = pr.room_free - _usage(mu.shape, pr.max_dur, pr.venue[t_on], pr.start[t_on], pr.dur[t_on])
        teaching = np.bincount(pr.teacher[t_on], minlength=pr.n_people).astype(np.float64)
        learning = np.bincount(pr.seat_person[seat_on], minlength=pr.n_people).astype(np.float64)
        g_nu = np.where(pr.count_on, pr.count_left - teaching - learning, 0.0)
        g_tau = np.where(pr.teach_on, pr.teach_left - teaching, 0.0)
        g_pi = np.where(pr.first_time, teaching - z, 0.0)
        g_rho = (1.0 - np.bincount(pr.seat_pair[seat_on], minlength=len(rho))).astype(np.float64)
        grads: list[NDArray[np.float64]] = [g_lam, g_mu, g_nu, g_tau, g_pi, g_rho]
        if previous is not None and DEFLECTION > 0:
            # Deflected subgradient (a share of the previous direction): far less zig-zagging.
            grads = [g + DEFLECTION * p for g, p in zip(grads, previous, strict=True)]
        # Rows whose multiplier is zero and which hold with slack cannot lower the bound.
        for mult, grad in zip(mults, grads, strict=True):
            grad[(mult <= 0) & (grad > 0)] = 0.0
        previous = grads
        norm = sum(float((g * g).sum()) for g in grads)
        if norm <= 1e-12:
            break  # the small problems' solution is feasible: the bound is the program's optimum
        if not math.isfinite(delta):
            delta = LEVEL * abs(best) + 1e-6
        # A variable target: a little below the best bound, and never below the best known plan;
        # an aim far below the optimum (the first greedy plan) would make every step too long.
        level = max(target(), best - delta)
        step = theta * max(bound - level, 1e-6 * abs(bound) + 1e-9) / norm
        for mult, grad in zip(mults, grads, strict=True):
            np.maximum(mult - step * grad, 0.0, out=mult)
    return float(best + MARGIN * (1.0 + abs(best))) if np.isfinite(best) else None

"""Proven upper bounds on the score, and the demand that no teacher could ever serve.

The cheap bound relaxes the plan to independent choices that each only get easier: every
learner takes their most valuable wishes (as many as their session limit allows), each at
the best fit any compatible teacher offers and at the shortest trip the learner could make;
every person who could teach anything earns the teach bonus once, minus the shortest trip
they could make; every previous session that could still happen earns the keep bonus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from planner.compiled import Compiled, window
from planner.model import FIT, KEEP_BONUS, TEACH_BONUS, TRAVEL_COST, UnservedWish
from planner.state import State


@dataclass(frozen=True, slots=True)
class CheapBound:
    """The cheap bound and the wishes found unservable on the way."""

    value: float
    unserved: tuple[UnservedWish, ...]


def _has_window(cp: Compiled, mask: int, d: int) -> list[int]:
    return [t for t in cp.starts[d] if (mask & window(t, d)) == window(t, d)]


def _compatible(cp: Compiled, state: State, T: int, ln: int, s: int) -> bool:
    """True when teacher ``T`` and learner ``ln`` share a free window at a venue both may use."""
    d = cp.dur[s]
    common = state.free_mask(T) & state.free_mask(ln)
    if not common:
        return False
    starts = _has_window(cp, common, d)
    if not starts:
        return False
    need_minor_ok = cp.minor[T] or cp.minor[ln]
    rl = cp.reach[ln]
    for v in cp.reach[T]:
        if v not in rl or (need_minor_ok and not cp.minors_ok[v]) or cp.capacity[v] < 2:
            continue
        if cp.min_g[s] > cp.capacity[v] - 1:
            continue
        ov = cp.open[v] & ~state.full[v]
        for t in starts:
            w = window(t, d)
            if (ov & w) == w:
                return True
    return False


def cheap_bound(cp: Compiled, state: State, *, should_stop: Callable[[], bool] | None = None) -> CheapBound:
    """The cheap relaxation bound for completing ``state`` (which holds the pinned sessions).

    Also lists every learning wish that no teacher could serve at all: no teacher at a
    higher level, or none sharing a free time and a usable venue with the learner. Once
    ``should_stop`` says so (it is polled per learner), the remaining wishes skip the test of a
    shared time and place, which only loosens the bound and leaves them out of the list.
    """
    total = state.objective()
    unserved: list[UnservedWish] = []
    hurry = False
    # The teachers above each level of each skill, near-peer teachers first: in this order the
    # first compatible teacher gives the best fit. Sorted once per skill and level rather than
    # once per wish (at 20,000 people the sorting per wish took 20 of the bound's 22 s).
    ranked: dict[tuple[int, int], list[int]] = {}
    for ln in range(len(cp.person_ids)):
        if not hurry and should_stop is not None and ln % 64 == 0:
            hurry = should_stop()
        left = cp.max_sessions[ln] - state.n_sess[ln]
        wish_values: list[float] = []
        for s, (lvl, prio) in cp.learn[ln].items():
            if (ln, s) in state.learned:
                continue
            teachers = ranked.get((s, lvl))
            if teachers is None:
                teachers = sorted(
                    (T for T in cp.teachers_of[s] if cp.teach[T][s] > lvl),
                    key=lambda T: (-FIT.get(cp.teach[T][s] - lvl, 0.0), T),
                )
                ranked[s, lvl] = teachers
            if not teachers or teachers == [ln]:
                unserved.append(UnservedWish(cp.person_ids[ln], cp.skill_ids[s], "no_teacher_at_level"))
                continue
            best = None
            for T in teachers:
                if ln != T and state.can_teach(T) and (hurry or _compatible(cp, state, T, ln, s)):
                    best = FIT.get(cp.teach[T][s] - lvl, 0.0)
                    break
            if best is None:
                unserved.append(UnservedWish(cp.person_ids[ln], cp.skill_ids[s], "no_shared_time_or_place"))
                continue
            travel = min(cp.reach[ln].values(), default=0.0)
            wish_values.append(prio * best - TRAVEL_COST * travel)
        if left > 0 and wish_values:
            wish_values.sort(reverse=True)
            total += sum(v for v in wish_values[:left] if v > 0)
    for T in range(len(cp.person_ids)):
        if state.n_teach[T] > 0 or not state.can_teach(T):
            continue
        if hurry or _could_teach(cp, state, T):
            total += max(0.0, TEACH_BONUS - TRAVEL_COST * min(cp.reach[T].values(), default=0.0))
    placed = {(c.skill, c.teacher, c.venue, c.start) for c in state.sessions.values()}
    for s, T, v, t in cp.prev_keys:
        if (s, T, v, t) not in placed and v in cp.reach[T] and state.can_teach(T):
            w = window(t, cp.dur[s])
            if t in cp.starts[cp.dur[s]] and (state.free_mask(T) & w) == w and (cp.open[v] & w) == w:
                total += KEEP_BONUS
    return CheapBound(total, tuple(unserved))


def _could_teach(cp: Compiled, state: State, T: int) -> bool:
    for s, lvl in cp.teach[T].items():
        for ln in cp.learners_of[s]:
            if ln != T and cp.learn[ln][s][0] < lvl and state.can_learn(ln, s) and _compatible(cp, state, T, ln, s):
                return True
    return False

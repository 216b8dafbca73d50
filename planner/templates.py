"""Candidate sessions ("templates"): a skill, teacher, venue and start with the learners who could join.

Generation is indexed so that it stays fast on a city: learners are grouped by skill, a
teacher only looks at learners close enough to share a venue (a vectorised distance test
per skill), and the online venue uses a per-skill index of who is free at each start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from planner.compiled import Compiled, window
from planner.geo import km_matrix
from planner.model import FIT
from planner.state import State, pair_forbidden

# Most learners from outside a teacher's neighbourhood considered for that teacher's online sessions.
FAR_POOL = 40


@dataclass(slots=True)
class Template:
    """A possible session; ``learners``/``gains`` are the eligible learners, best gain first."""

    skill: int
    teacher: int
    venue: int
    start: int
    base: float
    learners: list[int]
    gains: list[float]
    estimate: float = 0.0


class SkillIndex:
    """Per-skill arrays of learners (position, level, travel) for the vectorised proximity test."""

    def __init__(self, cp: Compiled) -> None:
        self.idx: list[np.ndarray] = []
        self.pos: list[np.ndarray] = []
        self.travel: list[np.ndarray] = []
        # Learners of each skill, most eager first: a teacher's online pool is taken from the front.
        self.eager: list[list[int]] = []
        for s in range(len(cp.skill_ids)):
            ls = np.array(cp.learners_of[s], dtype=np.int64)
            wish = {ln: cp.learn[ln][s] for ln in cp.learners_of[s]}
            self.eager.append(sorted(wish, key=lambda ln: (-wish[ln][1], wish[ln][0], ln)))
            self.idx.append(ls)
            self.pos.append(cp.home[ls] if len(ls) else np.zeros((0, 2)))
            self.travel.append(cp.travel[ls] if len(ls) else np.zeros(0))

    def near(self, cp: Compiled, teacher: int, s: int) -> list[int]:
        """Learners of ``s`` whose home is close enough to the teacher's to share some physical venue."""
        ls = self.idx[s]
        if not len(ls):
            return []
        d = km_matrix(cp.home[teacher : teacher + 1], self.pos[s])[0]
        ok = d <= cp.travel[teacher] + self.travel[s] + 1e-3
        return [int(x) for x in ls[ok]]


def select_group(  # noqa: PLR0917  # hot path: positional calls avoid keyword overhead
    cp: Compiled, s: int, teacher: int, venue: int, learners: list[int], gains: list[float]
) -> tuple[float, list[int]] | None:
    """Best group (value, learners) among eligible learners sorted by gain, or None if none is valid.

    Takes every learner with a positive gain up to the group limit, tops up to ``min_group``
    with the least bad others, and repairs a forbidden one-to-one (minor with a non-guardian
    adult) by adding a second learner or swapping in an allowed one.
    """
    k = min(cp.max_g[s], cp.capacity[venue] - 1)
    need = cp.min_g[s]
    if k < need or len(learners) < need:
        return None
    n = 0
    while n < len(learners) and n < k and (gains[n] > 0 or n < need):
        n += 1
    if n < need:
        return None
    if n == 1 and pair_forbidden(cp, teacher, learners[0]):
        best: tuple[float, list[int]] | None = None
        if k >= 2 and len(learners) >= 2:
            best = (gains[0] + gains[1], learners[:2])
        for i in range(1, len(learners)):
            if not pair_forbidden(cp, teacher, learners[i]):
                if best is None or gains[i] > best[0]:
                    best = (gains[i], [learners[i]])
                break
        return best
    return (sum(gains[:n]), learners[:n])


def generate(
    cp: Compiled,
    state: State,
    teachers: Iterable[int],
    *,
    allowed: set[int] | None = None,
    index: SkillIndex | None = None,
    venues_per_start: int | None = None,
    per_pair: int | None = None,
    max_venues: int | None = None,
    same_learners: int | None = None,
    should_stop: Callable[[], bool] | None = None,
    seat_limit: int | None = None,
) -> list[Template]:
    """Every template for the given teachers that the current ``state`` still allows.

    ``allowed`` restricts learners to a subset of people; ``venues_per_start`` keeps only the
    best few venues for each (teacher, skill, start) and ``per_pair`` the best few templates per
    (teacher, skill), ranked by the value of their best group; ``max_venues`` keeps only the
    few physical venues (and every online one) where the teacher's best group gains most, among
    the twice as many nearest to the teacher; ``same_learners`` keeps only the first few starts of
    a teacher, skill and venue that have the very same eligible learners (where people are free
    all week, most starts do), and every start of last plan's sessions. Without these limits the
    list is complete, which the exact model needs. ``should_stop`` is polled once per teacher, so
    that a city-sized generation can end early with the templates found so far; the generation
    ends the same way once the templates hold more than ``seat_limit`` eligible learners in all.

    The starts of each teacher, skill and venue are visited from a point of the week of their
    own (see :func:`_first_start`), so that "the first few starts" differ between teachers.
    """
    out: list[Template] = []
    online = [v for v in range(len(cp.venue_ids)) if cp.online[v]]
    # A neighbourhood's few people, per skill they want: far fewer than the skill's learners in a city.
    wanting: dict[int, list[int]] | None = None
    if allowed is not None and index is None:
        wanting = {}
        for ln in sorted(allowed):
            for s in cp.learn[ln]:
                wanting.setdefault(s, []).append(ln)
    # Every start's slot mask, per duration: computed once rather than per teacher and venue.
    windows = {d: [(t, window(t, d)) for t in ts] for d, ts in cp.starts.items()}
    seats = 0
    for T in teachers:
        if should_stop is not None and should_stop():
            break
        if seat_limit is not None and seats > seat_limit:
            break
        if not state.can_teach(T):
            continue
        free_T = state.free_mask(T)
        venues = cp.reach[T]
        if max_venues is not None and len(venues) > 2 * max_venues:
            # A first cut by the teacher's own trip keeps the ranking below cheap.
            near_v = sorted((d, v) for v, d in venues.items() if not cp.online[v])[: 2 * max_venues]
            venues = {v: d for d, v in near_v} | {v: d for v, d in venues.items() if cp.online[v]}
        for s, lvl in cp.teach[T].items():
            d = cp.dur[s]
            if index is not None:
                near = index.near(cp, T, s)
            elif wanting is not None:
                near = wanting.get(s, [])
            else:
                near = cp.learners_of[s]
            pool_near: list[tuple[int, float]] = []
            for ln in near:
                if ln != T and (allowed is None or ln in allowed) and state.can_learn(ln, s):
                    val = cp.value(ln, s, lvl)
                    if val > 0:
                        pool_near.append((ln, val))
            pool_far = pool_near
            if index is not None and online:
                pool_far = []
                # Inlined value and availability tests: this loop runs over a whole city's learners.
                avail, busy, learned, learn = cp.avail, state.busy, state.learned, cp.learn
                n_sess, max_sess = state.n_sess, cp.max_sessions
                # The pool is filled from the most eager learners and stops once full: in a city a
                # skill has thousands of learners, and the one online room only needs a few.
                for ln in index.eager[s]:
                    if (
                        ln != T
                        and avail[ln] & ~busy[ln] & free_T
                        and n_sess[ln] < max_sess[ln]
                        and (ln, s) not in learned
                        and (allowed is None or ln in allowed)
                    ):
                        ll, prio = learn[ln][s]
                        val = prio * FIT.get(lvl - ll, 0.0)
                        if val > 0:
                            pool_far.append((ln, val))
                            if len(pool_far) >= FAR_POOL:
                                break
            if max(len(pool_far), len(pool_near)) < cp.min_g[s]:
                continue
            free_l = {ln: state.free_mask(ln) for ln, _ in (*pool_near, *pool_far)}
            by_start: dict[int, list[Template]] = {}
            per_venue: list[tuple[int, float, int, list[tuple[float, int]]]] = []
            for v, kmT in venues.items():
                if (cp.minor[T] and not cp.minors_ok[v]) or cp.capacity[v] - 1 < cp.min_g[s]:
                    continue
                ok_slots = cp.open[v] & free_T & ~state.full[v]
                if not ok_slots:
                    continue
                pool = pool_far if cp.online[v] else pool_near
                cand: list[tuple[float, int]] = []
                for ln, val in pool:
                    dist = cp.reach[ln].get(v)
                    if dist is None or (cp.minor[ln] and not cp.minors_ok[v]):
                        continue
                    cand.append((val - 0.05 * dist, ln))
                if len(cand) < cp.min_g[s]:
                    continue
                cand.sort(key=lambda x: (-x[0], x[1]))
                per_venue.append((v, kmT, ok_slots, cand))
            if max_venues is not None and len(per_venue) > max_venues:
                # The venues where the most learning could happen: the sum of the best group's
                # gains, ignoring time. Online rooms are always kept (they are few).
                k = min(cp.max_g[s], 8)
                per_venue.sort(key=lambda x: (-sum(g for g, _ in x[3][:k] if g > 0) + 0.05 * x[1], x[0]))
                per_venue = [x for x in per_venue if cp.online[x[0]]] + [x for x in per_venue if not cp.online[x[0]]][
                    :max_venues
                ]
            for v, kmT, ok_slots, cand in per_venue:
                base = -0.05 * kmT
                seen: dict[tuple[int, ...], int] = {}
                starts = windows[d]
                if same_learners is not None:
                    first = _first_start(T, s, v, len(starts))
                    starts = starts[first:] + starts[:first]
                for t, w in starts:
                    if (ok_slots & w) != w:
                        continue
                    fit = [(g, ln) for g, ln in cand if (free_l[ln] & w) == w]
                    if len(fit) < cp.min_g[s]:
                        continue
                    ls = [ln for _, ln in fit]
                    keep = cp.keep(s, T, v, t)
                    if same_learners is not None and not keep:
                        # Last plan's sessions are always kept: their start earns the keep bonus.
                        group = tuple(ls)
                        seen[group] = seen.get(group, 0) + 1
                        if seen[group] > same_learners:
                            continue
                    gs = [g for g, _ in fit]
                    b = base + keep
                    tpl = Template(s, T, v, t, b, ls, gs)
                    sel = select_group(cp, s, T, v, ls, gs)
                    if sel is None:
                        continue
                    tpl.estimate = sel[0] + b
                    by_start.setdefault(t, []).append(tpl)
            pair: list[Template] = []
            for tpls in by_start.values():
                if venues_per_start is not None and len(tpls) > venues_per_start:
                    # Online rooms are few and would win every comparison (nobody travels), so
                    # they are kept on top of the best physical venues rather than instead of them.
                    tpls.sort(key=lambda x: -x.estimate)
                    tpls = [x for x in tpls if cp.online[x.venue]] + [x for x in tpls if not cp.online[x.venue]][
                        :venues_per_start
                    ]
                pair.extend(tpls)
            if per_pair is not None and len(pair) > per_pair:
                # The same care for online rooms: a few online starts, then the best physical ones.
                pair.sort(key=lambda x: -x.estimate)
                pair = [x for x in pair if cp.online[x.venue]][: per_pair // 4] + [
                    x for x in pair if not cp.online[x.venue]
                ][:per_pair]
            out.extend(pair)
            if seat_limit is not None:
                seats += sum(len(x.learners) for x in pair)
    return out


def _first_start(teacher: int, skill: int, venue: int, n_starts: int) -> int:
    """Where in the week the starts of a teacher, skill and venue are first visited: a fixed,
    well-spread position of its own (a multiplicative hash), so that where everyone is free all
    week the starts kept for the same learners (see :func:`generate`'s ``same_learners``) spread
    over the week rather than all falling on its first hour. On a generated 200-person city where
    everyone is free all week, the first start of each gave a greedy plan of 297 (first fit 579).
    A learner free a few hours a week is mostly first met at the start of those hours, as before.
    """
    return ((teacher * 2_654_435_761 + skill * 40_503 + venue * 2_246_822_519) % 4_294_967_291) % max(1, n_starts)


def within_seats(cp: Compiled, templates: list[Template], seats: int) -> list[Template]:
    """``templates`` cut to at most about ``seats`` eligible learners in all: the same number of
    best templates (by ``estimate``) for every teacher and skill, as many as fit, and a quarter as
    many online ones, as :func:`generate`'s ``per_pair`` keeps. The list is returned unchanged
    when it fits already; otherwise in its own order, at least one template per teacher and skill."""
    if sum(len(t.learners) for t in templates) <= seats:
        return templates
    groups: dict[tuple[int, int, bool], list[Template]] = {}
    for t in templates:
        groups.setdefault((t.teacher, t.skill, cp.online[t.venue]), []).append(t)
    sizes: list[tuple[bool, list[int]]] = []
    for (_, _, online), group in groups.items():
        group.sort(key=lambda x: (-x.estimate, x.start, x.venue))
        sizes.append((online, np.cumsum([len(t.learners) for t in group]).tolist()))

    def cut(k: int, online: bool) -> int:
        return max(1, k // 4) if online else k

    def seats_at(k: int) -> int:
        return sum(cum[min(cut(k, online), len(cum)) - 1] for online, cum in sizes)

    # The largest number per pair that fits (one per pair at least, whatever it costs).
    lo, hi = 1, max(len(g) for g in groups.values())
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if seats_at(mid) <= seats:
            lo = mid
        else:
            hi = mid - 1
    keep = {id(t) for (_, _, online), group in groups.items() for t in group[: cut(lo, online)]}
    return [t for t in templates if id(t) in keep]

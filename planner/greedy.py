"""Greedy construction: repeatedly place the session that adds most to the score.

Template values only fall as the plan fills (people get busy, teachers lose their first-time
bonus), so a lazy priority queue is exact for this greedy rule: a popped template is
re-evaluated against the current plan and placed only if it still beats the next best.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from planner.compiled import Compiled, window
from planner.model import TEACH_BONUS
from planner.state import Chosen, State, pair_forbidden
from planner.templates import SkillIndex, Template, select_group


def evaluate(cp: Compiled, state: State, tpl: Template) -> tuple[float, list[int]] | None:
    """Value of placing ``tpl`` now (with its best still-free group), or None if it no longer fits."""
    s, T, v, t = tpl.skill, tpl.teacher, tpl.venue, tpl.start
    d = cp.dur[s]
    w = window(t, d)
    if not state.can_teach(T) or (state.free_mask(T) & w) != w or not state.room_free(v, t, d):
        return None
    ls: list[int] = []
    gs: list[float] = []
    for ln, g in zip(tpl.learners, tpl.gains, strict=True):
        if (state.free_mask(ln) & w) == w and state.can_learn(ln, s):
            ls.append(ln)
            gs.append(g)
    sel = select_group(cp, s, T, v, ls, gs)
    if sel is None:
        return None
    bonus = TEACH_BONUS if state.n_teach[T] == 0 else 0.0
    return (sel[0] + tpl.base + bonus, sel[1])


def greedy_fill(
    cp: Compiled,
    state: State,
    templates: list[Template],
    *,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Place sessions from ``templates`` greedily into ``state``; returns how many were placed."""
    heap: list[tuple[float, int]] = []
    for i, tpl in enumerate(templates):
        ev = evaluate(cp, state, tpl)
        if ev is not None and ev[0] > 0:
            heap.append((-ev[0], i))
    heapq.heapify(heap)
    placed = 0
    while heap:
        if should_stop is not None and placed % 64 == 0 and should_stop():
            break
        _, i = heapq.heappop(heap)
        ev = evaluate(cp, state, templates[i])
        if ev is None or ev[0] <= 1e-12:
            continue
        # Ties and near-ties are resolved by the heap order, which depends only on the data.
        if heap and ev[0] < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-ev[0], i))
            continue
        tpl = templates[i]
        state.add(Chosen(tpl.skill, tpl.teacher, tuple(ev[1]), tpl.venue, tpl.start))
        placed += 1
    return placed


def first_fit_fill(
    cp: Compiled,
    state: State,
    teachers: Iterable[int],
    index: SkillIndex,
    *,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """For teachers the candidate generation had no time for: the first session that fits, each.

    Per skill they teach, the nearest usable venue and the first start with enough free learners
    close enough (taken from the skill index, most valuable first). Cheap where the generation is
    thorough, so that a city whose generation was cut short still gets a session from everyone.
    """
    placed = 0
    for T in teachers:
        if should_stop is not None and placed % 16 == 0 and should_stop():
            break
        for s, lvl in cp.teach[T].items():
            if not state.can_teach(T):
                break
            d = cp.dur[s]
            pool = [
                (cp.value(ln, s, lvl), ln)
                for ln in index.near(cp, T, s)
                if ln != T and cp.learn[ln][s][0] < lvl and state.can_learn(ln, s)
            ]
            if len(pool) < cp.min_g[s]:
                continue
            pool.sort(key=lambda x: (-x[0], x[1]))
            done = False
            for v in sorted(cp.reach[T], key=lambda v: (cp.reach[T][v], v)):
                if done or (cp.minor[T] and not cp.minors_ok[v]):
                    continue
                k = min(cp.max_g[s], cp.capacity[v] - 1)
                near = [ln for _, ln in pool if v in cp.reach[ln] and (not cp.minor[ln] or cp.minors_ok[v])]
                if len(near) < cp.min_g[s] or k < cp.min_g[s]:
                    continue
                for t in cp.starts[d]:
                    w = window(t, d)
                    if (state.free_mask(T) & w) != w or not state.room_free(v, t, d):
                        continue
                    group = [ln for ln in near if (state.free_mask(ln) & w) == w][:k]
                    if len(group) < cp.min_g[s] or not group:
                        continue
                    if len(group) == 1 and pair_forbidden(cp, T, group[0]):
                        continue
                    state.add(Chosen(s, T, tuple(group), v, t))
                    placed += 1
                    done = True
                    break
    return placed


def keep_previous(cp: Compiled, state: State) -> int:
    """Place the previous plan's sessions that still keep every rule, in their order, before any
    other: re-planning a week starts from last plan, with its bonus for every session kept.
    Returns how many were placed; those naming someone or something no longer there are left out."""
    placed = 0
    for ps in cp.instance.previous:
        if (
            ps.skill not in cp.skill_index
            or ps.venue not in cp.venue_index
            or any(p not in cp.person_index for p in (ps.teacher, *ps.learners))
        ):
            continue
        s, T, learners, v, t = cp.session_indices(ps)
        c = Chosen(s, T, tuple(learners), v, t)
        if _keeps_own_rules(cp, c) and state.fits(c):
            state.add(c)
            placed += 1
    return placed


def _keeps_own_rules(cp: Compiled, c: Chosen) -> bool:
    """True when session ``c`` keeps the rules that concern it alone: references, levels, group
    size, time, travel and safeguarding (:meth:`State.fits` checks those between sessions)."""
    s, T, v, t = c.skill, c.teacher, c.venue, c.start
    d = cp.dur[s]
    lvl = cp.teach[T].get(s)
    if lvl is None or T in c.learners or len(set(c.learners)) != len(c.learners):
        return False
    if not cp.min_g[s] <= len(c.learners) <= cp.max_g[s] or len(c.learners) + 1 > cp.capacity[v]:
        return False
    if t not in cp.starts[d]:
        return False
    w = window(t, d)
    if (cp.open[v] & w) != w:
        return False
    for p in (T, *c.learners):
        if (cp.avail[p] & w) != w or v not in cp.reach[p] or (cp.minor[p] and not cp.minors_ok[v]):
            return False
    if any(s not in cp.learn[ln] or cp.learn[ln][s][0] >= lvl for ln in c.learners):
        return False
    return not (len(c.learners) == 1 and pair_forbidden(cp, T, c.learners[0]))

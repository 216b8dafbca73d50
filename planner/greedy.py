"""Greedy construction: repeatedly place the session that adds most to the score.

Template values only fall as the plan fills (people get busy, teachers lose their first-time
bonus), so a lazy priority queue is exact for this greedy rule: a popped template is
re-evaluated against the current plan and placed only if it still beats the next best.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from planner.compiled import Compiled, window
from planner.model import TEACH_BONUS
from planner.state import Chosen, State
from planner.templates import Template, select_group


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

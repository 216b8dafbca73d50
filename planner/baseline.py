"""A deliberately simple first-fit plan, the yardstick the planner is benchmarked against."""

from __future__ import annotations

from planner.check import check
from planner.compiled import compile_instance, window
from planner.explain import explain
from planner.model import Instance, Plan, Stats
from planner.state import Chosen, State, pair_forbidden


def first_fit(instance: Instance) -> Plan:
    """Teachers in input order take, for each skill they teach, the first venue and start with enough free learners.

    Learners are taken in input order; pins are placed first. Always valid, never clever.
    """
    cp = compile_instance(instance)
    st = State(cp)
    for p in instance.pinned:
        s, T, ls, v, t = cp.session_indices(p)
        st.add(Chosen(s, T, tuple(ls), v, t, pinned=True))
    for T in range(len(cp.person_ids)):
        for s in cp.teach[T]:
            if not st.can_teach(T):
                break
            d = cp.dur[s]
            placed = False
            for v in sorted(cp.reach[T]):
                if placed or (cp.minor[T] and not cp.minors_ok[v]):
                    continue
                k = min(cp.max_g[s], cp.capacity[v] - 1)
                for t in cp.starts[d]:
                    w = window(t, d)
                    if (st.free_mask(T) & w) != w or not st.room_free(v, t, d):
                        continue
                    group = [
                        ln
                        for ln in cp.learners_of[s]
                        if ln != T
                        and v in cp.reach[ln]
                        and (not cp.minor[ln] or cp.minors_ok[v])
                        and cp.learn[ln][s][0] < cp.teach[T][s]
                        and st.can_learn(ln, s)
                        and (st.free_mask(ln) & w) == w
                    ][:k]
                    if len(group) < cp.min_g[s] or not group:
                        continue
                    if len(group) == 1 and pair_forbidden(cp, T, group[0]):
                        continue
                    st.add(Chosen(s, T, tuple(group), v, t))
                    placed = True
                    break
    teaching: set[int] = set()
    sessions = tuple(explain(cp, c, teaching) for c in st.sessions.values())
    score = check(instance, Plan(sessions)).score
    return Plan(sessions, score, None, Stats(0.0, "first-fit baseline", False, "first-fit"))

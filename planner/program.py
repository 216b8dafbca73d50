"""The template program: the binary variables and rows that both solvers build from a template list.

Variables are numbered in one sequence: for each template ``c`` in order, ``y[c]`` (the session is
held) and then one ``x`` per eligible learner (the learner is seated); after all templates, one
``z[p]`` per teacher who teaches nothing yet (the first-time teacher's bonus). CP-SAT
(:mod:`planner.exact`) and HiGHS (:mod:`planner.mip`) each turn the same rows into their own
constraints, so the two models cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from planner.compiled import Compiled
from planner.model import TEACH_BONUS
from planner.state import Chosen, State, pair_forbidden
from planner.templates import Template


@dataclass(slots=True)
class Group:
    """One template's group rule: ``smallest * y <= sum(seats) <= largest * y``."""

    held: int
    seats: list[int]
    smallest: int
    largest: int


@dataclass(slots=True)
class Program:
    """Objective coefficients per variable, and every hard rule as rows over the variables."""

    cost: list[float] = field(default_factory=list)
    y: list[int] = field(default_factory=list)
    x: list[list[int]] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    # Safeguarding: (seat, the other seats of its session); the seat needs one of them taken.
    chaperoned: list[tuple[int, list[int]]] = field(default_factory=list)
    # ``sum(variables) <= rhs``: a person per slot, a venue's rooms, session and teaching limits,
    # a skill learned once (only the rows that could be broken).
    at_most: list[tuple[list[int], int]] = field(default_factory=list)
    # First-time teachers: ``z[p] <= sum(their sessions)``.
    z: dict[int, int] = field(default_factory=dict)
    teaches: dict[int, list[int]] = field(default_factory=dict)


def build_program(cp: Compiled, state: State, templates: list[Template]) -> Program:
    """The program of choosing templates to add to ``state`` (which holds only the fixed sessions)."""
    pr = Program()
    occ: dict[tuple[int, int], list[int]] = defaultdict(list)
    count: dict[int, list[int]] = defaultdict(list)
    teach_of: dict[int, list[int]] = defaultdict(list)
    learn_once: dict[tuple[int, int], list[int]] = defaultdict(list)
    venue_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
    for tpl in templates:
        s, T, v, t = tpl.skill, tpl.teacher, tpl.venue, tpl.start
        d = cp.dur[s]
        yc = len(pr.cost)
        pr.cost.append(tpl.base)
        xs = list(range(yc + 1, yc + 1 + len(tpl.learners)))
        pr.cost.extend(tpl.gains)
        pr.y.append(yc)
        pr.x.append(xs)
        pr.groups.append(Group(yc, xs, cp.min_g[s], min(cp.max_g[s], cp.capacity[v] - 1)))
        teach_of[T].append(yc)
        count[T].append(yc)
        for q in range(t, t + d):
            occ[(T, q)].append(yc)
            venue_slot[(v, q)].append(yc)
        for j, ln in enumerate(tpl.learners):
            xv = xs[j]
            for q in range(t, t + d):
                occ[(ln, q)].append(xv)
            count[ln].append(xv)
            learn_once[(ln, s)].append(xv)
            if pair_forbidden(cp, T, ln):
                pr.chaperoned.append((xv, [xs[i] for i in range(len(xs)) if i != j]))
    pr.at_most.extend((cols, 1) for cols in occ.values() if len(cols) > 1)
    for (v, q), cols in venue_slot.items():
        use = state.room_use.get(v)
        free = cp.rooms[v] - (use[q] if use else 0)
        if len(cols) > free:
            pr.at_most.append((cols, free))
    for p, cols in count.items():
        left = cp.max_sessions[p] - state.n_sess[p]
        if len(cols) > left:
            pr.at_most.append((cols, left))
    for p, cols in teach_of.items():
        left = cp.max_teach[p] - state.n_teach[p]
        if len(cols) > left:
            pr.at_most.append((cols, left))
        if state.n_teach[p] == 0:
            pr.z[p] = len(pr.cost)
            pr.cost.append(TEACH_BONUS)
            pr.teaches[p] = cols
    pr.at_most.extend((cols, 1) for cols in learn_once.values() if len(cols) > 1)
    return pr


def chosen_sessions(
    state: State, templates: list[Template], pr: Program, taken: Callable[[int], bool]
) -> tuple[list[Chosen], float]:
    """The sessions a solution holds (``taken(variable)``), and their value added to ``state``."""
    chosen: list[Chosen] = []
    for ci, tpl in enumerate(templates):
        if taken(pr.y[ci]):
            ls = tuple(ln for j, ln in enumerate(tpl.learners) if taken(pr.x[ci][j]))
            chosen.append(Chosen(tpl.skill, tpl.teacher, ls, tpl.venue, tpl.start))
    value = sum(state.session_value(c) for c in chosen)
    value += TEACH_BONUS * len({c.teacher for c in chosen if state.n_teach[c.teacher] == 0})
    return chosen, value


def hint_values(templates: list[Template], pr: Program, hint: list[Chosen]) -> tuple[list[int], bool]:
    """The sessions of ``hint`` as a 0/1 value per variable (their templates, seats and first-time
    teachers), and whether every one of them is among ``templates``."""
    values = [0] * len(pr.cost)
    by_key = {(tp.skill, tp.teacher, tp.venue, tp.start): i for i, tp in enumerate(templates)}
    complete = True
    for c in hint:
        ci = by_key.get((c.skill, c.teacher, c.venue, c.start))
        if ci is None:
            complete = False
            continue
        values[pr.y[ci]] = 1
        members = set(c.learners)
        for j, ln in enumerate(templates[ci].learners):
            if ln in members:
                values[pr.x[ci][j]] = 1
        z = pr.z.get(c.teacher)
        if z is not None:
            values[z] = 1
    return values, complete

"""Large-neighbourhood search: re-solve the sessions of a few dozen people at a time.

One step takes a centre (a teacher) and a neighbourhood around it: the people nearest to the
centre, or (nine rounds in ten) people drawn at random among those within reach of it; in
communities of a thousand people or more, half the rounds draw them around one of the centre's
skills instead. It frees every session taught by those people, generates every candidate session
they (and the learners just freed, and a few people near the centre who may still take a
session, as learners only) could still form around the rest of the plan, and re-solves that
small program exactly with CP-SAT, hinted with the sessions it freed. A better solution is a :class:`Move`:
the sessions out and the sessions in.

Where a core is free, a second searcher in a forked process works beside the first in lock
step: each round both solve one neighbourhood, far apart, from the same plan; then the first
applies its own move and the second's, each checked again against the plan as it then stands
(:func:`apply`), and the second replays every accepted move before its next round. Both solves
are deterministic for their seed, so the rounds, and the plan, do not depend on which searcher
finishes first.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.process
import random
import resource
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.compiled import Compiled
from planner.exact import cp_sat, solve_templates
from planner.model import TEACH_BONUS
from planner.state import Chosen, State
from planner.templates import Template, generate, within_seats

Progress = Callable[[float, float], None]

# CP-SAT deterministic time per wall-clock second on two workers, measured on this model; the
# search is budgeted in deterministic time so that a given seed always gives the same plan.
DET_PER_SECOND = 0.5
# Nearest physical venues per teacher in a neighbourhood model.
LNS_VENUES = 6
# The second searcher's centre is looked for among this many next centres, at least
# ``APART`` times the first neighbourhood's radius away from the first centre.
FAR_TRIES = 30
APART = 3.0
# Work charged per candidate session for building a neighbourhood's model (deterministic).
WORK_PER_TEMPLATE = 1e-5
# A neighbourhood is either near (the people nearest its centre) or scattered (see
# :func:`_scattered`), chosen at random with this share of scattered ones. Near neighbourhoods
# settle into a plan that scattered ones still improve wherever venues, times and skills tie
# people across a district. Measured with the same start or the same time limit: 200-person sample, 30 s,
# 787.9 and 785.9 near against 798.8 and 797.6 scattered; 2,000-person city, 120 s, 6,676 near,
# 6,977 scattered, 6,976 at this share, 6,894 when each round chose the kind that gained more
# lately (it chose near about half the time). The near ones that remain keep settling and growing.
# The second searcher draws its kind the same way: with near neighbourhoods only, a generated
# 2,000-person city reached 7,180 in 120 s (its 685 neighbourhoods improved the plan 197 times),
# with this share 7,231 (1,380, 398 times).
SCATTERED_SHARE = 0.9
# Where a neighbourhood is a small part of the people within reach of its centre (communities of
# at least ``SKILL_PEOPLE`` people), this share of the neighbourhoods is drawn around one of the
# centre's skills instead (see :func:`_around_skill`): ``SKILL_TEACHERS`` of it among the people
# within reach who teach that skill, the rest at random among them all, and the extra learners
# among those who want it. A random draw of 40 among the hundreds within reach rarely holds two
# teachers of one skill, nor the learners who would make their groups larger. Measured from the
# same plans with one searcher: the 2,000-person sample's plan at 60 s, 50 s of search, gained
# 169.6 to 184.8 (seeds 1 to 4) instead of 134.2 to 153.9, 151.4 to 156.7 with the usual extra
# learners, 133.7 to 146.4 with none or 80 % of the teachers of the skill; a 1,000-person community
# carved from it, 30 s, 40.6 and 40.8 instead of 29.7 and 33.5 (its whole solve in 64 s: 4,460.2
# instead of 4,449.2). In the 200-person sample, whose people are nearly all within reach of one
# another, it lost 0.6 a run (six plans at 9 s, two seeds, 6 s each: 58.3 in all against 65.1). The
# 400-person community carved from the sample gained more from its plan at 31 s (15 s: 8.0 to 11.8
# instead of 6.7 to 8.4), but its whole solve in 31 s ended lower (1,706.0 and 1,717.9 instead of
# 1,726.3 and 1,724.7), so communities of fewer than a thousand people keep the usual draws.
SKILL_SHARE = 0.5
SKILL_TEACHERS = 0.5
SKILL_PEOPLE = 1_000
# Linux's prctl option that sends a signal to a process when its parent ends.
PR_SET_PDEATHSIG = 1
# Kilometres per degree of :func:`_distances` (a degree of latitude).
KM_PER_DEGREE = 111.2
# People near a neighbourhood's centre who may still take a session, added to it as learners
# only: their own sessions stay as they are. Measured with 40 against none: the 2,000-person
# sample in 120 s, 8,691 and 8,679 (seeds 1 and 2) instead of 8,616 and 8,678 (100 people: 8,690
# and 8,678); the 200-person sample in 20 s, 797.9, 802.1 and 802.2 instead of 790.7, 803.0 and
# 800.8; in 600 s, the 2,000-person sample tiled ten times 83,912 instead of 82,975 and a
# generated 20,000-person city 68,476 instead of 68,098; the 60-person sample in 5 s, the same plans.
EXTRA_LEARNERS = 40
# At most about this many eligible learners (seats) in all the candidate sessions of one
# neighbourhood, beyond which each teacher and skill keeps only its best few (see
# :func:`planner.templates.within_seats`). On the samples a neighbourhood has 1,100 to 2,100
# seats (at most 4,300); where everyone is free all week the same neighbourhoods had 85,000 to
# 270,000, and CP-SAT could not even build their models within the search's steps.
LNS_SEATS = 6_000
# Beyond that the neighbourhoods shrink, down to this many people (see :meth:`_Run.fit_to`).
MIN_HOOD = 5
# Of the starts of one teacher, skill and venue with the very same eligible learners, a
# neighbourhood's candidates keep this many (the first visited, see
# :func:`planner.templates.generate`). Smaller models, more neighbourhoods per second: in 120 s
# the 2,000-person sample reached 8,737 and 8,727 (seeds 1 and 2) with one, 8,709 and 8,702 with
# four, 8,678 (seed 1) with all; a generated 2,000-person city 7,295 with one, 7,264 with four.
# The 200-person sample in 20 s, seeds 1 to 3: 805.5, 806.1 and 796.5 with one, 805.7, 807.3 and
# 799.2 with four, 803.0, 801.5 and 801.0 with all.
SAME_LEARNERS = 1


class Clock:
    """Seconds since a solve started, against its time limit."""

    def __init__(self, limit: float) -> None:
        self.start = time.monotonic()
        self.limit = limit

    def elapsed(self) -> float:
        """Seconds since the solve started."""
        return time.monotonic() - self.start

    def left(self) -> float:
        """Seconds left before the time limit (negative once past it)."""
        return self.limit - self.elapsed()


@dataclass(frozen=True, slots=True)
class Move:
    """A better plan for one neighbourhood: the sessions it takes out and those it puts in."""

    removed: tuple[Chosen, ...]
    added: tuple[Chosen, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One neighbourhood's re-solve: a better move if any, the work it cost, and whether the
    neighbourhood is settled (proven optimal as it stands) for the people it involved."""

    move: Move | None
    work: float
    settled: bool
    people: tuple[int, ...]
    # Eligible learners in all the neighbourhood's candidate sessions, before any were cut.
    seats: int = 0


@dataclass(frozen=True, slots=True)
class Step:
    """What one neighbourhood's re-solve asks of the solver (the same in both searchers)."""

    centre: int
    hood_size: int
    limit: float
    seed: int
    wall_limit: float
    deadline: float
    # A scattered neighbourhood: people drawn at random among those within reach of the centre,
    # rather than the nearest ones.
    scattered: bool = False
    # A neighbourhood drawn around one of the centre's skills (see :func:`_around_skill`).
    by_skill: bool = False


def template_of(cp: Compiled, c: Chosen) -> Template:
    """The candidate session that holds exactly session ``c`` (its learners best first)."""
    lvl = cp.teach[c.teacher][c.skill]
    gains = [cp.value(ln, c.skill, lvl) - cp.travel_cost(ln, c.venue) for ln in c.learners]
    order = sorted(range(len(gains)), key=lambda i: -gains[i])
    return Template(
        c.skill,
        c.teacher,
        c.venue,
        c.start,
        cp.keep(c.skill, c.teacher, c.venue, c.start) - cp.travel_cost(c.teacher, c.venue),
        [c.learners[i] for i in order],
        [gains[i] for i in order],
    )


def _distances(cp: Compiled, centre: int) -> np.ndarray:
    """Distance-like figures (degrees, longitude scaled at the tropics) from ``centre``'s home to everyone's."""
    d: np.ndarray = np.hypot(cp.home[:, 0] - cp.home[centre, 0], (cp.home[:, 1] - cp.home[centre, 1]) * 0.994)
    return d


def _hood(d: np.ndarray, size: int) -> list[int]:
    n = len(d)
    return np.argpartition(d, size - 1)[:size].tolist() if size < n else list(range(n))


def _within_reach(cp: Compiled, d: np.ndarray, centre: int) -> np.ndarray:
    """The people the centre could meet: whose home is within the two people's travel of the
    centre's (``d`` from :func:`_distances`)."""
    reach: np.ndarray = np.flatnonzero(d * KM_PER_DEGREE <= cp.travel[centre] + cp.travel)
    return reach


def _scattered(cp: Compiled, d: np.ndarray, step: Step) -> list[int]:
    """People drawn at random among those within reach of the centre (:func:`_within_reach`; the
    nearest people when there are too few)."""
    size = min(len(d), step.hood_size)
    reach = _within_reach(cp, d, step.centre)
    if len(reach) <= size:
        return _hood(d, size)
    drawn: list[int] = np.random.default_rng(step.seed).choice(reach, size, replace=False).tolist()
    return drawn


def _around_skill(cp: Compiled, d: np.ndarray, step: Step) -> tuple[list[int], int]:
    """One of the centre's skills, drawn at random, and a neighbourhood around it: the centre,
    ``SKILL_TEACHERS`` of the neighbourhood drawn among the people within reach
    (:func:`_within_reach`) who teach that skill, the rest among everyone within reach (the
    nearest people when there are too few)."""
    rng = np.random.default_rng(step.seed)
    skills = sorted(cp.teach[step.centre])
    skill = skills[int(rng.integers(len(skills)))]
    size = min(len(d), step.hood_size)
    reach = _within_reach(cp, d, step.centre)
    if len(reach) <= size:
        return _hood(d, size), skill
    chosen = {step.centre}
    teachers = [int(p) for p in reach if skill in cp.teach[p] and p != step.centre]
    k = min(len(teachers), int(size * SKILL_TEACHERS))
    if k:
        chosen.update(int(p) for p in rng.choice(teachers, k, replace=False))
    rest = [int(p) for p in reach if p not in chosen]
    if size > len(chosen) and rest:
        chosen.update(int(p) for p in rng.choice(rest, min(size - len(chosen), len(rest)), replace=False))
    return sorted(chosen), skill


def _extra_learners(
    cp: Compiled, state: State, d: np.ndarray, step: Step, hood: set[int], *, skill: int
) -> tuple[int, ...]:
    """Up to ``EXTRA_LEARNERS`` people outside ``hood`` who may still take a session, nearest the
    centre first (then by index): with ``skill`` (at least 0), those within reach who want it."""
    if skill >= 0:
        reach = _within_reach(cp, d, step.centre)
        wanting = [
            int(p) for p in reach if p not in hood and skill in cp.learn[p] and state.n_sess[p] < cp.max_sessions[p]
        ]
        wanting.sort(key=lambda p: (d[p], p))
        return tuple(wanting[:EXTRA_LEARNERS])
    # The nearest few hundred, in order of distance (then index), without sorting everyone:
    # a city has tens of thousands of people and a search tens of thousands of neighbourhoods.
    k = min(len(d), 4 * (step.hood_size + EXTRA_LEARNERS))
    idx = np.argpartition(d, k - 1)[:k] if k < len(d) else np.arange(len(d))
    near = idx[np.lexsort((idx, d[idx]))].tolist()
    return tuple(
        [p for p in near if p not in hood and cp.learn[p] and state.n_sess[p] < cp.max_sessions[p]][:EXTRA_LEARNERS]
    )


@dataclass(frozen=True, slots=True)
class Freed:
    """A neighbourhood's sessions taken out of the plan: what they were worth, the people they
    free, and every candidate session those people could form around the rest of the plan."""

    removed: list[Chosen]
    value: float
    people: set[int]
    templates: list[Template]
    # Eligible learners in all of them, before :func:`planner.templates.within_seats` cut any.
    seats: int


@contextlib.contextmanager
def freed(
    cp: Compiled,
    state: State,
    hood: set[int],
    *,
    venues_per_start: int = 3,
    per_pair: int | None = None,
    extra: tuple[int, ...] = (),
    same_learners: int | None = None,
    max_seats: int | None = None,
) -> Iterator[Freed]:
    """Take every session taught by ``hood`` out of ``state`` for the ``with`` block; they are put
    back on leaving it, so that ``state`` is the same after as before. The candidates are limited
    as :func:`planner.templates.generate` says, and to about ``max_seats`` seats as
    :func:`planner.templates.within_seats` says."""
    # In the order the plan placed them, as a scan of every session would give.
    removed_ids = sorted(sid for p in hood for sid in state.taught_by(p) if not state.sessions[sid].pinned)
    removed = [state.remove(sid) for sid in removed_ids]
    try:
        people = set(hood)
        for c in removed:
            people.update(c.learners)
        old = sum(state.session_value(c) for c in removed)
        old += TEACH_BONUS * len({c.teacher for c in removed if state.n_teach[c.teacher] == 0})
        tpls = generate(
            cp,
            state,
            sorted(people),
            allowed=people | set(extra),
            venues_per_start=venues_per_start,
            per_pair=per_pair,
            max_venues=LNS_VENUES,
            same_learners=same_learners,
        )
        seats = sum(len(t.learners) for t in tpls)
        if max_seats is not None:
            tpls = within_seats(cp, tpls, max_seats)
        have = {(t.skill, t.teacher, t.venue, t.start) for t in tpls}
        tpls.extend(template_of(cp, c) for c in removed if (c.skill, c.teacher, c.venue, c.start) not in have)
        yield Freed(removed, old, people, tpls, seats)
    finally:
        for c in removed:
            state.add(c)


def propose(cp: Compiled, state: State, step: Step) -> Outcome:
    """Re-solve the neighbourhood of ``step.centre``.

    ``state`` is the same on return as on entry.
    """
    d = _distances(cp, step.centre)
    skill = -1
    if step.by_skill:
        drawn, skill = _around_skill(cp, d, step)
        hood = set(drawn)
    else:
        hood = set(_scattered(cp, d, step) if step.scattered else _hood(d, min(len(cp.person_ids), step.hood_size)))
    extra = _extra_learners(cp, state, d, step, hood, skill=skill) if EXTRA_LEARNERS else ()
    with freed(cp, state, hood, extra=extra, same_learners=SAME_LEARNERS, max_seats=LNS_SEATS) as f:
        if not f.templates:
            # Nothing these people could teach (nor anything they teach now): settled at no cost,
            # rather than charged a whole step (where sessions last all day most neighbourhoods
            # are empty, and charging them ended a 2,000-person search after 7 s of its 40).
            return Outcome(None, 0.0, True, tuple(sorted(f.people.union(extra))), 0)
        res = solve_templates(
            cp,
            state,
            f.templates,
            hint=f.removed,
            deterministic_limit=step.limit,
            wall_limit=step.wall_limit,
            seed=step.seed,
            workers=1,
            deadline=step.deadline,
        )
    work = (res.deterministic_time if res is not None else step.limit) + WORK_PER_TEMPLATE * len(f.templates)
    if res is None or res.value <= f.value + 1e-7:
        return Outcome(None, work, res is not None and res.optimal, tuple(sorted(f.people.union(extra))), f.seats)
    return Outcome(Move(tuple(f.removed), res.sessions), work, False, (), f.seats)


def districts(cp: Compiled, parts: int) -> list[set[int]]:
    """Everyone, cut into ``parts`` districts of about the same number of people by where they
    live: each cut halves the longer side (north-south or east-west) of a district."""

    def split(people: np.ndarray, k: int) -> list[set[int]]:
        if k <= 1:
            return [set(people.tolist())]
        where = cp.home[people]
        axis = 0 if np.ptp(where[:, 0]) > np.ptp(where[:, 1]) else 1
        ordered = people[np.argsort(where[:, axis], kind="stable")]
        cut = len(ordered) * (k // 2) // k
        return split(ordered[:cut], k // 2) + split(ordered[cut:], k - k // 2)

    return split(np.arange(len(cp.person_ids)), parts)


def apply(state: State, move: Move) -> float | None:
    """Carry out ``move`` if it still fits ``state`` and still gains; returns the gain, or None
    (and ``state`` unchanged) when a session it takes out is gone or one it puts in no longer fits."""
    ids = [state.find(c) for c in move.removed]
    if any(sid is None for sid in ids):
        return None
    teachers = {c.teacher for c in move.removed} | {c.teacher for c in move.added}

    def value(sessions: tuple[Chosen, ...]) -> float:
        first = sum(1 for t in teachers if state.n_teach[t] > 0)
        return sum(state.session_value(c) for c in sessions) + TEACH_BONUS * first

    before = value(move.removed)
    for sid in ids:
        assert sid is not None
        state.remove(sid)
    added: list[int] = []
    for c in move.added:
        if not state.fits(c):
            break
        added.append(state.add(c))
    gain = value(move.added) - before if len(added) == len(move.added) else None
    if gain is None or gain <= 1e-7:
        for sid in added:
            state.remove(sid)
        for c in move.removed:
            state.add(c)
        return None
    return gain


class _Helper:
    """The second searcher: a forked process holding a copy of the plan, in lock step with the first."""

    def __init__(self, cp: Compiled, state: State) -> None:
        # Loaded before the fork, so that the helper never needs an import lock that another
        # thread of this process might hold at that moment.
        cp_sat()
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_helper_main, args=(cp, state, child), daemon=True)
        self._process.start()
        child.close()
        self.peak_mb = 0.0

    def start(self, moves: list[Move], step: Step) -> bool:
        """Send the moves accepted since the last round and the next step; False if the helper is gone."""
        try:
            self._conn.send((moves, step))
        except (OSError, EOFError):
            return False
        return True

    def result(self) -> Outcome | None:
        """The step's outcome, or None if the helper failed."""
        try:
            out: Outcome | None = self._conn.recv()
        except (OSError, EOFError):
            return None
        return out

    def close(self) -> None:
        """End the helper and note its peak memory."""
        with contextlib.suppress(OSError, EOFError):
            self._conn.send(None)
            if self._conn.poll(2.0):
                self.peak_mb = float(self._conn.recv())
        end_process(self._process, 1.0)
        self._conn.close()


def die_with_parent() -> None:
    """Have this forked process killed when its parent ends, on Linux: a parent that is killed
    (a solve stopping the search beside branch and cut, a worker ended by its host) leaves no
    orphan solving on."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def end_process(process: multiprocessing.process.BaseProcess, grace: float) -> None:
    """End a forked process: it has ``grace`` seconds to end by itself, then it is killed."""
    process.join(grace)
    if process.is_alive():
        process.kill()
        process.join()


def _helper_main(cp: Compiled, state: State, conn: Any) -> None:
    """The helper's loop: replay the accepted moves, solve the step, send the outcome back."""
    die_with_parent()
    with contextlib.suppress(Exception):
        while True:
            msg = conn.recv()
            if msg is None:
                conn.send(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
                break
            moves, step = msg
            for mv in moves:
                # Moves the first searcher accepted apply here as they did there; one that
                # did not would mean the copies differ, and the helper stops.
                if apply(state, mv) is None:
                    return
            conn.send(propose(cp, state, step))
    conn.close()


def search(  # noqa: PLR0917  # the solve's whole context, passed from one place
    cp: Compiled,
    state: State,
    clock: Clock,
    seed: int,
    report: Progress,
    notes: list[str],
    *,
    share: float,
    hood_size: int,
    step_limit: float,
    second_core: Callable[[], bool] | None,
) -> float:
    """Improve ``state`` in place by re-solving neighbourhoods until the work budget or the time
    (``share`` of what is left) runs out; returns the objective.

    A neighbourhood proven optimal without a better move is *settled*, and its centre is passed
    over until a session of one of its people changes. Once every centre is settled the
    neighbourhoods grow by half. ``second_core()`` is asked before each round, until it is true,
    whether the second core is free: from then on a second searcher runs in a forked process (see
    the module's description).
    """
    rng = random.Random(seed)
    n = len(cp.person_ids)
    best = state.objective()
    # Work is budgeted from the time limit (deterministic); the wall clock is only a safety stop.
    budget = share * 0.9 * clock.limit * DET_PER_SECOND
    stop_at = clock.elapsed() + clock.left() * share
    teachers = [p for p in range(n) if cp.teach[p]]
    if not teachers:
        return best
    run = _Run(cp, rng, teachers, hood_size)
    helper: _Helper | None = None
    # The round from which the second searcher took part (0: never).
    joined = 0
    used = 0.0
    it = 0
    rounds = 0
    improved = [0, 0]
    refused = 0
    # Scattered neighbourhoods tried, and how many of them improved the plan; the same for those
    # drawn around a skill.
    scatter_tally = [0, 0]
    skill_tally = [0, 0]
    skill_share = SKILL_SHARE if n >= SKILL_PEOPLE else 0.0
    ended = "time"
    pending: list[Move] = []

    def step_for(centre: int, scattered: bool = False) -> Step:
        nonlocal it
        it += 1
        by_skill = bool(skill_share) and run.rng.random() < skill_share
        limit = min(step_limit * max(run.hood_size, hood_size) / hood_size, budget - used + 0.05)
        return Step(
            centre,
            run.hood_size,
            limit,
            seed + it,
            # A safety stop only, far above a step's usual second or less, so that a busy machine
            # does not cut a step short (its plan would then depend on the load); the deadline
            # still ends the last one in time.
            wall_limit=max(2.0, min(limit * 40, clock.left())),
            deadline=clock.start + stop_at + 0.2,
            scattered=scattered and not by_skill,
            by_skill=by_skill,
        )

    try:
        while clock.elapsed() < stop_at:
            if used >= budget:
                ended = "work budget"
                break
            centre = run.next_centre()
            if centre is None:
                ended = "settled neighbourhoods"
                break
            rounds += 1
            if second_core is not None and not joined and second_core():
                # Forked now, the helper's copy already holds every move made so far.
                helper, joined, pending = _Helper(cp, state), rounds, []
            mine = step_for(centre, run.rng.random() < SCATTERED_SHARE)
            scatter_tally[0] += mine.scattered
            skill_tally[0] += mine.by_skill
            other: Step | None = None
            if helper is not None:
                far = run.far_centre(centre)
                other = step_for(far, run.rng.random() < SCATTERED_SHARE) if far is not None else None
                if other is not None and not helper.start(pending, other):
                    # The helper is gone: the search goes on alone.
                    helper.close()
                    helper, other = None, None
                if other is not None:
                    pending = []
                    scatter_tally[0] += other.scattered
                    skill_tally[0] += other.by_skill
            outcomes = [propose(cp, state, mine)]
            if helper is not None and other is not None:
                theirs = helper.result()
                if theirs is None:
                    helper.close()
                    helper = None
                else:
                    outcomes.append(theirs)
            at = run.tick
            for who, (out, step) in enumerate(zip(outcomes, (mine, other), strict=False)):
                assert step is not None
                if out.move is None:
                    # Only a near neighbourhood is the same whenever its centre comes again.
                    if out.settled and not step.scattered and not step.by_skill:
                        run.settle(step.centre, at, out.people)
                    continue
                gain = apply(state, out.move)
                if gain is None:
                    refused += 1
                    continue
                best += gain
                improved[who] += 1
                if step.scattered:
                    scatter_tally[1] += 1
                if step.by_skill:
                    skill_tally[1] += 1
                run.changed(out.move)
                if helper is not None:
                    pending.append(out.move)
            used += max(out.work for out in outcomes)
            run.fit_to(max(out.seats for out in outcomes), hood_size)
            report(min(0.95, 0.1 + 0.85 * used / max(budget, 1e-9)), best)
    finally:
        if helper is not None:
            helper.close()
            notes.append(f"second searcher: peak memory {helper.peak_mb:.0f} MB")
    grown = (
        f", {'grown' if run.hood_size > hood_size else 'shrunk'} to {run.hood_size} people"
        if run.hood_size != hood_size
        else ""
    )
    counts = (
        f"{improved[0]} + {improved[1]} improved, {refused} refused as overlapping"
        if joined
        else f"{improved[0]} improved"
    )
    searchers = f"two searchers from round {joined}: " if joined else ""
    notes.append(
        f"neighbourhood search, {searchers}{it} neighbourhoods in {rounds} rounds, {counts}, "
        f"{scatter_tally[0]} scattered ({scatter_tally[1]} improved), "
        f"{skill_tally[0]} around a skill ({skill_tally[1]} improved), "
        f"{run.skipped} passed over as settled{grown}, ended by its {ended}"
    )
    return best


class _Run:
    """The order of centres, and which neighbourhoods are settled since which change."""

    def __init__(self, cp: Compiled, rng: random.Random, teachers: list[int], hood_size: int) -> None:
        self.cp = cp
        self.rng = rng
        self.teachers = teachers
        self.hood_size = hood_size
        self.order: list[int] = []
        self.tick = 0
        # The tick of the last change to each person's sessions.
        self.stamp = [0] * len(cp.person_ids)
        self.settled: dict[int, tuple[int, tuple[int, ...]]] = {}
        self.skipped = 0

    def _unchanged(self, centre: int) -> bool:
        s = self.settled.get(centre)
        return s is not None and all(self.stamp[p] <= s[0] for p in s[1])

    def settle(self, centre: int, tick: int, people: tuple[int, ...]) -> None:
        """Record that ``centre``'s neighbourhood (``people``) was proven optimal as of ``tick``."""
        self.settled[centre] = (tick, people)

    def changed(self, move: Move) -> None:
        """Record that the sessions of everyone in ``move`` changed."""
        self.tick += 1
        for c in (*move.removed, *move.added):
            self.stamp[c.teacher] = self.tick
            for p in c.learners:
                self.stamp[p] = self.tick

    def fit_to(self, seats: int, usual: int) -> None:
        """Shrink the neighbourhoods while their candidate sessions hold more than ``LNS_SEATS``
        seats (where people are free all week, 40 people have a hundred thousand), and grow them back
        towards ``usual`` once they hold far fewer."""
        if seats > LNS_SEATS and self.hood_size > MIN_HOOD:
            self.hood_size = max(MIN_HOOD, self.hood_size * 3 // 4)
        elif seats < LNS_SEATS // 4 and self.hood_size < usual:
            self.hood_size = min(usual, self.hood_size + 1 + self.hood_size // 4)

    def next_centre(self) -> int | None:
        """The next centre whose neighbourhood is not settled; None once every neighbourhood,
        grown to the whole instance, is."""
        passed = 0
        while True:
            if not self.order:
                # Every teacher is a centre once per pass, in a shuffled order, rather than at random.
                self.order.extend(self.teachers)
                self.rng.shuffle(self.order)
            centre = self.order.pop()
            if not self._unchanged(centre):
                return centre
            self.skipped += 1
            passed += 1
            if passed >= len(self.teachers):
                n = len(self.cp.person_ids)
                if self.hood_size >= n:
                    return None
                self.hood_size = min(n, max(self.hood_size + 1, self.hood_size * 3 // 2))
                self.settled.clear()
                passed = 0

    def far_centre(self, centre: int) -> int | None:
        """A centre for the second searcher, not settled and far enough from ``centre`` that their
        neighbourhoods rarely meet; None when the next few centres are all close or settled."""
        d = _distances(self.cp, centre)
        size = min(len(d), self.hood_size)
        radius = float(np.partition(d, size - 1)[size - 1]) if size < len(d) else float(d.max())
        order = self.order
        for i in range(len(order) - 1, max(-1, len(order) - 1 - FAR_TRIES), -1):
            if d[order[i]] > APART * radius and not self._unchanged(order[i]):
                return order.pop(i)
        return None

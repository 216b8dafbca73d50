"""A mutable plan under construction, with the bookkeeping that keeps every hard rule true."""

from __future__ import annotations

from dataclasses import dataclass

from planner.compiled import Compiled, forbidden_pair, window
from planner.model import TEACH_BONUS


@dataclass(frozen=True, slots=True)
class Chosen:
    """A session in index form."""

    skill: int
    teacher: int
    learners: tuple[int, ...]
    venue: int
    start: int
    pinned: bool = False


class State:
    """People's booked slots and counters, venue room use, and the sessions placed so far.

    Every session added through :meth:`add` is assumed to be feasible given the rest; the
    construction and search only propose sessions built from :meth:`free_mask` and friends.
    """

    def __init__(self, cp: Compiled) -> None:
        self.cp = cp
        n = len(cp.person_ids)
        self.busy = [0] * n
        self.n_sess = [0] * n
        self.n_teach = [0] * n
        self.learned: set[tuple[int, int]] = set()
        self.room_use: dict[int, list[int]] = {}
        self.full: list[int] = [0] * len(cp.venue_ids)
        self.sessions: dict[int, Chosen] = {}
        self._ids: dict[Chosen, int] = {}
        self._taught: dict[int, set[int]] = {}
        self._next = 0

    def free_mask(self, p: int) -> int:
        """Slots in which person ``p`` is available and not yet booked."""
        return self.cp.avail[p] & ~self.busy[p]

    def room_free(self, v: int, start: int, dur: int) -> bool:
        """True when venue ``v`` is open with a free room for every slot of the window."""
        w = window(start, dur)
        return (self.cp.open[v] & w) == w and not (self.full[v] & w)

    def can_teach(self, p: int) -> bool:
        """True when ``p`` may take one more session as teacher."""
        return self.n_sess[p] < self.cp.max_sessions[p] and self.n_teach[p] < self.cp.max_teach[p]

    def can_learn(self, p: int, s: int) -> bool:
        """True when ``p`` may take one more session as learner of skill ``s``."""
        return self.n_sess[p] < self.cp.max_sessions[p] and (p, s) not in self.learned

    def fits(self, c: Chosen) -> bool:
        """True when session ``c``, whose own rules hold, also keeps the rules between sessions:
        everyone free for its window and under their limits, a skill learned once, a room free."""
        w = window(c.start, self.cp.dur[c.skill])
        if not self.can_teach(c.teacher) or self.busy[c.teacher] & w:
            return False
        if any(self.busy[ln] & w or not self.can_learn(ln, c.skill) for ln in c.learners):
            return False
        return self.room_free(c.venue, c.start, self.cp.dur[c.skill])

    def add(self, c: Chosen) -> int:
        """Place a session; returns its id for :meth:`remove`."""
        cp = self.cp
        w = window(c.start, cp.dur[c.skill])
        for p in (c.teacher, *c.learners):
            self.busy[p] |= w
            self.n_sess[p] += 1
        self.n_teach[c.teacher] += 1
        for p in c.learners:
            self.learned.add((p, c.skill))
        use = self.room_use.setdefault(c.venue, [0] * cp.n_slots)
        for q in range(c.start, c.start + cp.dur[c.skill]):
            use[q] += 1
            if use[q] >= cp.rooms[c.venue]:
                self.full[c.venue] |= 1 << q
        sid = self._next
        self._next += 1
        self.sessions[sid] = c
        self._ids[c] = sid
        self._taught.setdefault(c.teacher, set()).add(sid)
        return sid

    def taught_by(self, p: int) -> list[int]:
        """The ids of the sessions person ``p`` teaches, in the order they were placed."""
        return sorted(self._taught.get(p, ()))

    def find(self, c: Chosen) -> int | None:
        """The id of session ``c`` if the plan holds exactly that session."""
        return self._ids.get(c)

    def remove(self, sid: int) -> Chosen:
        """Take a session out again."""
        cp = self.cp
        c = self.sessions.pop(sid)
        self._ids.pop(c, None)
        self._taught[c.teacher].discard(sid)
        w = window(c.start, cp.dur[c.skill])
        for p in (c.teacher, *c.learners):
            self.busy[p] &= ~w
            self.n_sess[p] -= 1
        self.n_teach[c.teacher] -= 1
        for p in c.learners:
            self.learned.discard((p, c.skill))
        use = self.room_use[c.venue]
        for q in range(c.start, c.start + cp.dur[c.skill]):
            use[q] -= 1
            if use[q] < cp.rooms[c.venue]:
                self.full[c.venue] &= ~(1 << q)
        return c

    def session_value(self, c: Chosen) -> float:
        """A session's own part of the score: learning values, travel and keep bonus (not the teach bonus)."""
        cp = self.cp
        lvl = cp.teach[c.teacher][c.skill]
        v = cp.keep(c.skill, c.teacher, c.venue, c.start) - cp.travel_cost(c.teacher, c.venue)
        for p in c.learners:
            v += cp.value(p, c.skill, lvl) - cp.travel_cost(p, c.venue)
        return v

    def objective(self) -> float:
        """The score of the sessions placed so far (as a float, before the checker's rounding)."""
        total = sum(self.session_value(c) for c in self.sessions.values())
        return total + TEACH_BONUS * sum(1 for n in self.n_teach if n > 0)


def pair_forbidden(cp: Compiled, a: int, b: int) -> bool:
    """True when a two-person session of ``a`` and ``b`` breaks the safeguarding rule."""
    return forbidden_pair(cp.minor[a], cp.minor[b], a, b, cp.guardians)

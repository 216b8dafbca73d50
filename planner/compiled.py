"""An indexed, integer form of an instance that the search works on.

People, skills and venues become indices; availability and opening hours become bit masks
over the slots of the horizon (bit ``i`` is slot ``i``), so that "is everyone free for this
window" is one AND. Travel is precomputed only for the (person, venue) pairs within the
person's reach, found with a vectorised distance pass and then measured exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.geo import km, km_matrix
from planner.model import FIT, KEEP_BONUS, TRAVEL_COST, Instance, Range, Session

UNLIMITED = 1 << 30

# Rows of people per chunk of the vectorised distance pass; keeps the matrix small in memory.
_CHUNK = 2048


def mask_of(ranges: tuple[Range, ...]) -> int:
    """The bit mask of the union of half-open slot ranges."""
    m = 0
    for a, b in ranges:
        m |= ((1 << (b - a)) - 1) << a
    return m


def window(start: int, duration: int) -> int:
    """The bit mask of slots [start, start + duration)."""
    return ((1 << duration) - 1) << start


def forbidden_pair(minor_a: bool, minor_b: bool, a: int, b: int, guardians: list[frozenset[int]]) -> bool:
    """True when a session of exactly these two people would break the one-to-one safeguarding rule."""
    if minor_a == minor_b:
        return False
    minor, adult = (a, b) if minor_a else (b, a)
    return adult not in guardians[minor]


@dataclass
class Compiled:
    """Index-based view of an :class:`Instance` (built once per solve)."""

    instance: Instance
    n_slots: int
    spd: int
    skill_ids: list[str]
    dur: list[int]
    min_g: list[int]
    max_g: list[int]
    person_ids: list[str]
    home: np.ndarray
    travel: np.ndarray
    minor: list[bool]
    guardians: list[frozenset[int]]
    avail: list[int]
    max_sessions: list[int]
    max_teach: list[int]
    teach: list[dict[int, int]]
    learn: list[dict[int, tuple[int, int]]]
    venue_ids: list[str]
    online: list[bool]
    capacity: list[int]
    rooms: list[int]
    open: list[int]
    minors_ok: list[bool]
    reach: list[dict[int, float]]
    learners_of: list[list[int]]
    teachers_of: list[list[int]]
    starts: dict[int, list[int]]
    prev_keys: set[tuple[int, int, int, int]]
    skill_index: dict[str, int] = field(default_factory=dict)
    person_index: dict[str, int] = field(default_factory=dict)
    venue_index: dict[str, int] = field(default_factory=dict)

    def value(self, learner: int, skill: int, teacher_level: int) -> float:
        """Learning value of ``learner`` taught ``skill`` by a teacher of the given level (0 if not allowed)."""
        lvl, prio = self.learn[learner][skill]
        return prio * FIT.get(teacher_level - lvl, 0.0)

    def travel_cost(self, person: int, venue: int) -> float:
        """Score lost to travel for one person going to one venue (0 online)."""
        return TRAVEL_COST * self.reach[person][venue]

    def keep(self, skill: int, teacher: int, venue: int, start: int) -> float:
        """The keep bonus a session with this key earns."""
        return KEEP_BONUS if (skill, teacher, venue, start) in self.prev_keys else 0.0

    def session_indices(self, s: Session) -> tuple[int, int, list[int], int, int]:
        """A session as (skill, teacher, learners, venue, start) indices."""
        return (
            self.skill_index[s.skill],
            self.person_index[s.teacher],
            [self.person_index[x] for x in s.learners],
            self.venue_index[s.venue],
            s.start,
        )


def compile_instance(instance: Instance) -> Compiled:
    """Index an instance for the search (vectorised reach computation; seconds for 20,000 people)."""
    hz = instance.horizon
    skill_ids = [s.id for s in instance.skills]
    sidx = {s: i for i, s in enumerate(skill_ids)}
    person_ids = [p.id for p in instance.people]
    pidx = {p: i for i, p in enumerate(person_ids)}
    venue_ids = [v.id for v in instance.venues]
    vidx = {v: i for i, v in enumerate(venue_ids)}
    people, venues = instance.people, instance.venues

    home = np.array([p.home for p in people], dtype=np.float64).reshape(-1, 2)
    travel = np.array([p.max_travel_km for p in people], dtype=np.float64)
    reach: list[dict[int, float]] = [{} for _ in people]
    phys = [i for i, v in enumerate(venues) if not v.online]
    online = [i for i, v in enumerate(venues) if v.online]
    if phys and people:
        loc = np.array([venues[i].location for i in phys], dtype=np.float64)
        for lo in range(0, len(people), _CHUNK):
            d = km_matrix(home[lo : lo + _CHUNK], loc)
            # A small margin keeps pairs whose vectorised distance rounds differently; the exact
            # distance below decides, with the checker's own tolerance.
            rows, cols = np.nonzero(d <= travel[lo : lo + _CHUNK, None] + 1e-3)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                p, v = lo + r, phys[c]
                loc_v = venues[v].location
                assert loc_v is not None
                dist = km(people[p].home, loc_v)
                if dist <= people[p].max_travel_km + 1e-9:
                    reach[p][v] = dist
    for p in range(len(people)):
        for v in online:
            reach[p][v] = 0.0

    learners_of: list[list[int]] = [[] for _ in skill_ids]
    teachers_of: list[list[int]] = [[] for _ in skill_ids]
    teach: list[dict[int, int]] = []
    learn: list[dict[int, tuple[int, int]]] = []
    for i, person in enumerate(people):
        teach.append({sidx[t.skill]: t.level for t in person.teach})
        learn.append({sidx[t.skill]: (t.level, t.priority) for t in person.learn})
        for s in teach[-1]:
            teachers_of[s].append(i)
        for s in learn[-1]:
            learners_of[s].append(i)

    spd = hz.slots_per_day
    starts: dict[int, list[int]] = {}
    for skill in instance.skills:
        dur = skill.duration
        if dur not in starts:
            starts[dur] = [t for t in range(hz.n_slots - dur + 1) if t // spd == (t + dur - 1) // spd]
    prev_keys: set[tuple[int, int, int, int]] = set()
    for ps in instance.previous:
        if ps.skill in sidx and ps.teacher in pidx and ps.venue in vidx:
            prev_keys.add((sidx[ps.skill], pidx[ps.teacher], vidx[ps.venue], ps.start))

    return Compiled(
        instance=instance,
        n_slots=hz.n_slots,
        spd=spd,
        skill_ids=skill_ids,
        dur=[s.duration for s in instance.skills],
        min_g=[s.min_group for s in instance.skills],
        max_g=[s.max_group for s in instance.skills],
        person_ids=person_ids,
        home=home,
        travel=travel,
        minor=[p.minor for p in people],
        guardians=[frozenset(pidx[g] for g in p.guardians) for p in people],
        avail=[mask_of(p.available) for p in people],
        max_sessions=[UNLIMITED if p.max_sessions is None else p.max_sessions for p in people],
        max_teach=[UNLIMITED if p.max_teach is None else p.max_teach for p in people],
        teach=teach,
        learn=learn,
        venue_ids=venue_ids,
        online=[v.online for v in venues],
        capacity=[v.capacity for v in venues],
        rooms=[v.rooms for v in venues],
        open=[mask_of(v.open) for v in venues],
        minors_ok=[v.minors_ok for v in venues],
        reach=reach,
        learners_of=learners_of,
        teachers_of=teachers_of,
        starts=starts,
        prev_keys=prev_keys,
        skill_index=sidx,
        person_index=pidx,
        venue_index=vidx,
    )

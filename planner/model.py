"""Frozen value types for instances and plans (formats ``sebaya-instance/1`` and ``sebaya-plan/1``)."""

from __future__ import annotations

from dataclasses import dataclass

INSTANCE_FORMAT = "sebaya-instance/1"
PLAN_FORMAT = "sebaya-plan/1"

# Score weights, exactly as SPEC.md defines them.
FIT: dict[int, float] = {1: 1.0, 2: 1.0, 3: 0.8, 4: 0.6}
TEACH_BONUS = 1.5
TRAVEL_COST = 0.05
KEEP_BONUS = 0.5
EARTH_KM = 6371.0088

VENUE_KINDS = ("home", "cafe", "public", "online")

Range = tuple[int, int]
LatLon = tuple[float, float]
ReasonValue = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Horizon:
    """The planning week: ``days`` days of ``slots_per_day`` slots of ``slot_minutes`` minutes."""

    start_date: str
    days: int
    slots_per_day: int
    slot_minutes: int
    day_start: str
    timezone: str

    @property
    def n_slots(self) -> int:
        """Number of slots in the whole horizon."""
        return self.days * self.slots_per_day


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill that can be taught, with its session length (in slots) and group bounds."""

    id: str
    duration: int
    min_group: int
    max_group: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class TeachEntry:
    """A skill a person can teach, at a level from 1 (beginner) to 5 (expert)."""

    skill: str
    level: int


@dataclass(frozen=True, slots=True)
class LearnEntry:
    """A skill a person wants to learn: current level 1–5 and priority 1–3 (3 is most wanted)."""

    skill: str
    level: int
    priority: int


@dataclass(frozen=True, slots=True)
class Person:
    """A member. ``max_sessions``/``max_teach`` are ``None`` when unlimited."""

    id: str
    home: LatLon
    max_travel_km: float
    name: str = ""
    minor: bool = False
    guardians: tuple[str, ...] = ()
    available: tuple[Range, ...] = ()
    max_sessions: int | None = None
    max_teach: int | None = None
    teach: tuple[TeachEntry, ...] = ()
    learn: tuple[LearnEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Venue:
    """A place to meet. Online venues have no location and no travel."""

    id: str
    kind: str
    capacity: int
    location: LatLon | None = None
    name: str = ""
    rooms: int = 1
    open: tuple[Range, ...] = ()
    minors_ok: bool = False

    @property
    def online(self) -> bool:
        """True for an online venue (no location, no travel)."""
        return self.kind == "online"


@dataclass(frozen=True, slots=True)
class Reason:
    """One structured reason why a session is in the plan; see the package docstring for the codes."""

    code: str
    params: tuple[tuple[str, ReasonValue], ...] = ()

    def as_dict(self) -> dict[str, ReasonValue]:
        """The reason as a flat JSON object, ``{"code": ..., **params}``."""
        return {"code": self.code, **dict(self.params)}


@dataclass(frozen=True, slots=True)
class Session:
    """One planned meeting: ``teacher`` teaches ``skill`` to ``learners`` at ``venue`` from slot ``start``."""

    skill: str
    teacher: str
    learners: tuple[str, ...]
    venue: str
    start: int
    why: str = ""
    reasons: tuple[Reason, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, int]:
        """Identity used for pins and the keep bonus: skill, teacher, venue and start."""
        return (self.skill, self.teacher, self.venue, self.start)


@dataclass(frozen=True, slots=True)
class Instance:
    """A whole planning problem, already validated."""

    horizon: Horizon
    skills: tuple[Skill, ...]
    people: tuple[Person, ...]
    venues: tuple[Venue, ...]
    pinned: tuple[Session, ...] = ()
    previous: tuple[Session, ...] = ()


@dataclass(frozen=True, slots=True)
class UnservedWish:
    """A learning wish that no teacher in the instance could ever serve, and why."""

    learner: str
    skill: str
    cause: str


@dataclass(frozen=True, slots=True)
class Stats:
    """How a plan was found."""

    seconds: float
    solver: str
    proved_optimal: bool
    method: str = ""
    seed: int = 0
    bounds: tuple[tuple[str, float], ...] = ()
    unserved: tuple[UnservedWish, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan: its sessions, the score the planner claims, a proven upper bound and solver statistics."""

    sessions: tuple[Session, ...]
    score: float | None = None
    upper_bound: float | None = None
    stats: Stats | None = None

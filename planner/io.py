"""Reading and writing the JSON formats, refusing malformed instances with every problem listed."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from planner.model import (
    INSTANCE_FORMAT,
    PLAN_FORMAT,
    VENUE_KINDS,
    Horizon,
    Instance,
    LearnEntry,
    Person,
    Plan,
    Range,
    Reason,
    Session,
    Skill,
    Stats,
    TeachEntry,
    Venue,
)


class InstanceError(ValueError):
    """Raised when an instance cannot be planned; ``problems`` lists every problem found, one per line."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))


class _Collector:
    """Collects problems with a path prefix so every message says where it is."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        """Record one problem found at ``where``."""
        self.problems.append(f"{where}: {message}")


def _is_int(value: object) -> bool:
    # JSON true/false arrive as bool, which Python treats as an int; a level of `true` is still wrong.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(float(value))  # type: ignore[arg-type]


def _int(
    c: _Collector,
    obj: Mapping[str, Any],
    key: str,
    where: str,
    *,
    lo: int | None = None,
    hi: int | None = None,
    default: int | None = None,
    required: bool = True,
) -> int | None:
    if key not in obj:
        if required:
            c.add(where, f"missing required key '{key}'")
        return default
    value = obj[key]
    if not _is_int(value):
        c.add(where, f"'{key}' must be an integer, got {value!r}")
        return default
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        bounds = f"{lo if lo is not None else '-inf'}–{hi if hi is not None else 'inf'}"
        c.add(where, f"'{key}' is {value}, outside {bounds}")
        return default
    return int(value)


def _str(
    c: _Collector, obj: Mapping[str, Any], key: str, where: str, *, required: bool = True, default: str = ""
) -> str:
    if key not in obj:
        if required:
            c.add(where, f"missing required key '{key}'")
        return default
    value = obj[key]
    if not isinstance(value, str) or (required and not value):
        c.add(where, f"'{key}' must be a non-empty string, got {value!r}")
        return default
    return value


def _identified(
    c: _Collector, items: list[Any], plural: str, singular: str, seen: set[str]
) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """Each object of a list of skills, people or venues, with where it is (for messages) and its id.

    Reports items that are not objects (and skips them) and ids seen before; ``seen`` collects the ids.
    """
    for i, raw in enumerate(items):
        where = f"{plural}[{i}]"
        if not isinstance(raw, dict):
            c.add(where, "must be an object")
            continue
        oid = _str(c, raw, "id", where)
        if oid:
            where = f"{singular} '{oid}'"
            if oid in seen:
                c.add(where, "duplicate id")
            seen.add(oid)
        yield where, raw, oid


def _bool(c: _Collector, obj: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        c.add(where, f"'{key}' must be true or false, got {value!r}")
        return default
    return value


def _list(c: _Collector, obj: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> list[Any]:
    if key not in obj:
        if required:
            c.add(where, f"missing required key '{key}'")
        return []
    value = obj[key]
    if not isinstance(value, list):
        c.add(where, f"'{key}' must be a list, got {type(value).__name__}")
        return []
    return value


def _latlon(c: _Collector, obj: Mapping[str, Any], key: str, where: str) -> tuple[float, float] | None:
    if key not in obj:
        c.add(where, f"missing required key '{key}'")
        return None
    value = obj[key]
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(_is_number(v) for v in value)
        or not -90.0 <= float(value[0]) <= 90.0
        or not -180.0 <= float(value[1]) <= 180.0
    ):
        c.add(where, f"'{key}' must be [latitude, longitude] in degrees, got {value!r}")
        return None
    return (float(value[0]), float(value[1]))


def _ranges(c: _Collector, obj: Mapping[str, Any], key: str, where: str, n_slots: int | None) -> tuple[Range, ...]:
    raw = _list(c, obj, key, where)
    out: list[Range] = []
    for i, r in enumerate(raw):
        if not (isinstance(r, list) and len(r) == 2 and _is_int(r[0]) and _is_int(r[1])):
            c.add(where, f"{key}[{i}] must be a pair of integer slots [from, to), got {r!r}")
            continue
        a, b = int(r[0]), int(r[1])
        if a >= b:
            c.add(where, f"{key}[{i}] = [{a}, {b}) is empty or inverted")
            continue
        if a < 0 or (n_slots is not None and b > n_slots):
            c.add(where, f"{key}[{i}] = [{a}, {b}) leaves the horizon [0, {n_slots})")
            continue
        out.append((a, b))
    ordered = sorted(out)
    for (a1, b1), (a2, b2) in itertools.pairwise(ordered):
        if a2 < b1:
            c.add(where, f"{key} ranges [{a1}, {b1}) and [{a2}, {b2}) overlap")
    return tuple(ordered)


def _positive_number(c: _Collector, obj: Mapping[str, Any], key: str, where: str) -> float:
    if key not in obj:
        c.add(where, f"missing required key '{key}'")
        return 0.0
    value = obj[key]
    if not _is_number(value) or float(value) < 0:
        c.add(where, f"'{key}' must be a number ≥ 0, got {value!r}")
        return 0.0
    return float(value)


def _session(c: _Collector, raw: object, where: str, *, strict_learners: bool) -> Session | None:
    if not isinstance(raw, dict):
        c.add(where, "must be an object")
        return None
    skill = _str(c, raw, "skill", where)
    teacher = _str(c, raw, "teacher", where)
    venue = _str(c, raw, "venue", where)
    start = _int(c, raw, "start", where)
    learners_raw = raw.get("learners", [])
    if not isinstance(learners_raw, list) or not all(isinstance(x, str) for x in learners_raw):
        if strict_learners:
            c.add(where, f"'learners' must be a list of person ids, got {learners_raw!r}")
            return None
        learners_raw = []
    if start is None or not (skill and teacher and venue):
        return None
    why = raw.get("why", "")
    return Session(skill, teacher, tuple(learners_raw), venue, start, why if isinstance(why, str) else "")


def instance_from_dict(data: object, *, check_pins: bool = True) -> Instance:
    """Build an :class:`Instance` from parsed JSON, or raise :class:`InstanceError` listing every problem.

    With ``check_pins`` (the default) pinned sessions must themselves obey every hard rule, since
    otherwise no valid plan can exist; the ``check`` command turns it off so that a plan is judged
    exactly as the reference checker judges it.
    """
    c = _Collector()
    if not isinstance(data, dict):
        raise InstanceError(["instance: the top level must be a JSON object"])
    fmt = data.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        c.add("instance", f"'format' is {fmt!r}, expected {INSTANCE_FORMAT!r}")

    hz_raw = data.get("horizon")
    horizon: Horizon | None = None
    if not isinstance(hz_raw, dict):
        c.add("horizon", "missing required object 'horizon'" if hz_raw is None else "must be an object")
    else:
        days = _int(c, hz_raw, "days", "horizon", lo=1)
        spd = _int(c, hz_raw, "slots_per_day", "horizon", lo=1)
        minutes = _int(c, hz_raw, "slot_minutes", "horizon", lo=1)
        start_date = _str(c, hz_raw, "start_date", "horizon")
        day_start = _str(c, hz_raw, "day_start", "horizon")
        tz = _str(c, hz_raw, "timezone", "horizon")
        if days is not None and spd is not None and minutes is not None:
            horizon = Horizon(start_date, days, spd, minutes, day_start, tz)
    n_slots = horizon.n_slots if horizon else None
    spd_or_none = horizon.slots_per_day if horizon else None

    skills: list[Skill] = []
    skill_ids: set[str] = set()
    for where, raw, sid in _identified(
        c, _list(c, data, "skills", "instance", required=True), "skills", "skill", skill_ids
    ):
        duration = _int(c, raw, "duration", where, lo=1, hi=spd_or_none)
        # A session needs at least one learner: a group of zero would reward a teacher for teaching nobody.
        min_group = _int(c, raw, "min_group", where, lo=1)
        max_group = _int(c, raw, "max_group", where, lo=1)
        if min_group is not None and max_group is not None and min_group > max_group:
            c.add(where, f"min_group {min_group} is above max_group {max_group}")
        name = raw.get("name", "")
        if sid and duration is not None and min_group is not None and max_group is not None:
            skills.append(Skill(sid, duration, min_group, max_group, name if isinstance(name, str) else ""))

    raw_people = _list(c, data, "people", "instance", required=True)
    person_ids: set[str] = set()
    for raw in raw_people:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            person_ids.add(raw["id"])
    people: list[Person] = []
    seen_people: set[str] = set()
    for where, raw, pid in _identified(c, raw_people, "people", "person", seen_people):
        home = _latlon(c, raw, "home", where)
        travel = _positive_number(c, raw, "max_travel_km", where)
        minor = _bool(c, raw, "minor", where, False)
        guardians: list[str] = []
        for g in _list(c, raw, "guardians", where):
            if not isinstance(g, str) or g not in person_ids:
                c.add(where, f"guardian {g!r} is not a known person")
            elif g == pid:
                c.add(where, "is listed as their own guardian")
            else:
                guardians.append(g)
        available = _ranges(c, raw, "available", where, n_slots)
        max_sessions = _int(c, raw, "max_sessions", where, lo=0, required=False)
        max_teach = _int(c, raw, "max_teach", where, lo=0, required=False)
        teach: list[TeachEntry] = []
        for j, t in enumerate(_list(c, raw, "teach", where)):
            w = f"{where} teach[{j}]"
            if not isinstance(t, dict):
                c.add(w, "must be an object")
                continue
            sk = _str(c, t, "skill", w)
            if sk and sk not in skill_ids:
                c.add(w, f"unknown skill '{sk}'")
            elif sk and any(e.skill == sk for e in teach):
                c.add(w, f"skill '{sk}' is listed twice")
            level = _int(c, t, "level", w, lo=1, hi=5)
            if sk in skill_ids and level is not None:
                teach.append(TeachEntry(sk, level))
        learn: list[LearnEntry] = []
        for j, t in enumerate(_list(c, raw, "learn", where)):
            w = f"{where} learn[{j}]"
            if not isinstance(t, dict):
                c.add(w, "must be an object")
                continue
            sk = _str(c, t, "skill", w)
            if sk and sk not in skill_ids:
                c.add(w, f"unknown skill '{sk}'")
            elif sk and any(e.skill == sk for e in learn):
                c.add(w, f"skill '{sk}' is listed twice")
            level = _int(c, t, "level", w, lo=1, hi=5)
            priority = _int(c, t, "priority", w, lo=1, hi=3)
            if sk in skill_ids and level is not None and priority is not None:
                learn.append(LearnEntry(sk, level, priority))
        name = raw.get("name", "")
        if pid and home is not None:
            people.append(
                Person(
                    pid,
                    home,
                    travel,
                    name if isinstance(name, str) else "",
                    minor,
                    tuple(guardians),
                    available,
                    max_sessions,
                    max_teach,
                    tuple(teach),
                    tuple(learn),
                )
            )

    venues: list[Venue] = []
    seen_venues: set[str] = set()
    for where, raw, vid in _identified(
        c, _list(c, data, "venues", "instance", required=True), "venues", "venue", seen_venues
    ):
        kind = _str(c, raw, "kind", where)
        if kind and kind not in VENUE_KINDS:
            c.add(where, f"'kind' is {kind!r}, expected one of {', '.join(VENUE_KINDS)}")
        capacity = _int(c, raw, "capacity", where, lo=1)
        location = None if kind == "online" else _latlon(c, raw, "location", where)
        rooms = _int(c, raw, "rooms", where, lo=1, default=1, required=False)
        open_ = _ranges(c, raw, "open", where, n_slots)
        minors_ok = _bool(c, raw, "minors_ok", where, False)
        name = raw.get("name", "")
        if vid and kind in VENUE_KINDS and capacity is not None and (kind == "online" or location is not None):
            venues.append(
                Venue(
                    vid,
                    kind,
                    capacity,
                    location,
                    name if isinstance(name, str) else "",
                    rooms if rooms is not None else 1,
                    open_,
                    minors_ok,
                )
            )

    pinned: list[Session] = []
    for i, raw in enumerate(_list(c, data, "pinned", "instance")):
        s = _session(c, raw, f"pinned[{i}]", strict_learners=True)
        if s is not None:
            pinned.append(s)
    previous: list[Session] = []
    for i, raw in enumerate(_list(c, data, "previous", "instance")):
        # Previous sessions may name people or venues that have since left; they simply cannot be kept.
        s = _session(c, raw, f"previous[{i}]", strict_learners=False)
        if s is not None:
            previous.append(s)

    if c.problems or horizon is None:
        raise InstanceError(c.problems or ["horizon: missing or malformed"])
    instance = Instance(horizon, tuple(skills), tuple(people), tuple(venues), tuple(pinned), tuple(previous))
    if check_pins and pinned:
        # Imported here because the checker needs a complete Instance, which only exists from this point.
        from planner.check import check

        report = check(instance, Plan(tuple(pinned)))
        if report.errors:
            raise InstanceError(f"pinned sessions break a hard rule: {e}" for e in report.errors)
    return instance


def load_json(path: str | Path) -> object:
    """Parse a JSON file, raising :class:`InstanceError` with a readable message when impossible."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InstanceError([f"{path}: cannot read: {e.strerror or e}"]) from e
    except ValueError as e:
        raise InstanceError([f"{path}: not valid JSON: {e}"]) from e


def read_instance(path: str | Path, *, check_pins: bool = True) -> Instance:
    """Read and validate an instance file; raises :class:`InstanceError` listing every problem."""
    return instance_from_dict(load_json(path), check_pins=check_pins)


def session_to_dict(s: Session) -> dict[str, object]:
    """The JSON object of one session, including ``why`` and ``reasons`` when present."""
    out: dict[str, object] = {
        "skill": s.skill,
        "teacher": s.teacher,
        "learners": list(s.learners),
        "venue": s.venue,
        "start": s.start,
    }
    if s.why:
        out["why"] = s.why
    if s.reasons:
        out["reasons"] = [r.as_dict() for r in s.reasons]
    return out


def stats_to_dict(st: Stats) -> dict[str, object]:
    """The JSON object of a plan's statistics."""
    return {
        "seconds": round(st.seconds, 3),
        "solver": st.solver,
        "proved_optimal": st.proved_optimal,
        "method": st.method,
        "seed": st.seed,
        "bounds": {name: round(value, 6) for name, value in st.bounds},
        "unserved_demand_count": len(st.unserved),
        "unserved_demand": [{"learner": u.learner, "skill": u.skill, "cause": u.cause} for u in st.unserved],
        "notes": list(st.notes),
    }


def plan_to_dict(plan: Plan) -> dict[str, object]:
    """The ``sebaya-plan/1`` JSON object of a plan."""
    out: dict[str, object] = {"format": PLAN_FORMAT, "sessions": [session_to_dict(s) for s in plan.sessions]}
    if plan.score is not None:
        out["score"] = plan.score
    if plan.upper_bound is not None:
        out["upper_bound"] = plan.upper_bound
    if plan.stats is not None:
        out["stats"] = stats_to_dict(plan.stats)
    return out


def write_plan(plan: Plan, path: str | Path) -> None:
    """Write a plan as pretty-printed UTF-8 JSON."""
    Path(path).write_text(json.dumps(plan_to_dict(plan), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _reason(raw: object) -> Reason | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
        return None
    params = tuple((k, v) for k, v in raw.items() if k != "code" and isinstance(v, str | int | float | bool))
    return Reason(raw["code"], params)


def plan_from_dict(data: object) -> Plan:
    """Build a :class:`Plan` from a well-formed ``sebaya-plan/1`` object (raises InstanceError otherwise).

    Use :func:`planner.check.check_document` to judge a plan document that may be malformed.
    """
    c = _Collector()
    if not isinstance(data, dict):
        raise InstanceError(["plan: the top level must be a JSON object"])
    sessions: list[Session] = []
    for i, raw in enumerate(_list(c, data, "sessions", "plan")):
        s = _session(c, raw, f"sessions[{i}]", strict_learners=True)
        if s is not None and isinstance(raw, dict):
            reasons = tuple(r for r in (_reason(x) for x in raw.get("reasons", []) or []) if r is not None)
            sessions.append(Session(s.skill, s.teacher, s.learners, s.venue, s.start, s.why, reasons))
    if c.problems:
        raise InstanceError(c.problems)
    score = data.get("score")
    bound = data.get("upper_bound")
    return Plan(
        tuple(sessions),
        float(score) if isinstance(score, int | float) and _is_number(score) else None,
        float(bound) if isinstance(bound, int | float) and _is_number(bound) else None,
    )

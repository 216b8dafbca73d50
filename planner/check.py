"""The plan validator: hard rules 1–9 and the score of SPEC.md, agreeing with check_plan.py.

The rules are checked in the same order and the score is summed in the same order as the
reference checker, so that both agree on the verdict and, after rounding to 1e-6, on the score.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.geo import km
from planner.io import plan_to_dict
from planner.model import FIT, KEEP_BONUS, TEACH_BONUS, TRAVEL_COST, Instance, Plan, Range

# Claimed scores and bounds are accepted within this distance of the recomputed score.
CLAIM_TOLERANCE = 1e-5


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The verdict on a plan: every broken rule (empty when valid) and the recomputed score."""

    errors: tuple[str, ...]
    score: float

    @property
    def valid(self) -> bool:
        """True when the plan breaks no rule and makes no false claim."""
        return not self.errors


def covers(ranges: Sequence[Range] | Sequence[Sequence[int]], lo: int, hi: int) -> bool:
    """True when the half-open slot range [lo, hi) lies inside the union of ``ranges``."""
    need = set(range(lo, hi))
    for a, b in ranges:
        need -= set(range(a, b))
    return not need


def _key(s: Mapping[str, Any]) -> tuple[Any, Any, Any, Any]:
    return (s.get("skill"), s.get("teacher"), s.get("venue"), s.get("start"))


def check(instance: Instance, plan: Plan) -> CheckReport:
    """Check a :class:`Plan` against an instance: every broken hard rule, false claims and the score."""
    return check_document(instance, plan_to_dict(plan))


def check_document(instance: Instance, plan: Mapping[str, Any]) -> CheckReport:
    """Check a plan given as its parsed JSON object, which may be malformed in any way.

    Raises ``TypeError`` when the document is too malformed to judge (for example a session
    that is not an object); the command line turns that into "unreadable input".
    """
    errors: list[str] = []
    hz = instance.horizon
    spd, days = hz.slots_per_day, hz.days
    skills = {s.id: s for s in instance.skills}
    people = {p.id: p for p in instance.people}
    venues = {v.id: v for v in instance.venues}
    teach = {p.id: {t.skill: t.level for t in p.teach} for p in instance.people}
    learn = {p.id: {t.skill: t for t in p.learn} for p in instance.people}

    busy: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    venue_use: dict[str, list[int]] = defaultdict(list)
    n_sessions: dict[str, int] = defaultdict(int)
    n_teach: dict[str, int] = defaultdict(int)
    learned: set[tuple[str, str]] = set()
    score = 0.0
    prev = {s.key for s in instance.previous}

    sessions = plan.get("sessions", [])
    if not isinstance(sessions, list) or not all(isinstance(s, dict) for s in sessions):
        raise TypeError("'sessions' must be a list of objects")
    for i, s in enumerate(sessions):
        tag = f"session {i} ({s.get('skill')}, {s.get('teacher')}, {s.get('venue')}, {s.get('start')})"
        sk, t, v, start = s.get("skill"), s.get("teacher"), s.get("venue"), s.get("start")
        learners = s.get("learners", [])
        if (
            not isinstance(sk, str)
            or sk not in skills
            or not isinstance(t, str)
            or t not in people
            or not isinstance(v, str)
            or v not in venues
            or not isinstance(start, int)
            or isinstance(start, bool)
        ):
            errors.append(f"{tag}: rule 1: unknown skill, teacher or venue, or start is not an integer")
            continue
        if not isinstance(learners, list):
            errors.append(f"{tag}: rule 1: learners is not a list")
            continue
        unknown = [x for x in learners if not isinstance(x, str) or x not in people]
        if unknown:
            errors.append(f"{tag}: rule 1: unknown learners {unknown}")
            continue
        if t in learners or len(set(learners)) != len(learners):
            errors.append(f"{tag}: rule 1: teacher among learners or a learner listed twice")
        skill, venue = skills[sk], venues[v]
        dur = skill.duration
        end = start + dur
        # Rule 2: the teacher teaches the skill, each learner wants it, and the teacher is ahead.
        if sk not in teach[t]:
            errors.append(f"{tag}: rule 2: {t} does not teach {sk}")
        for x in learners:
            if sk not in learn[x]:
                errors.append(f"{tag}: rule 2: {x} does not want to learn {sk}")
            elif sk in teach[t] and teach[t][sk] - learn[x][sk].level < 1:
                errors.append(
                    f"{tag}: rule 2: {t} (level {teach[t][sk]}) cannot teach {x} (level {learn[x][sk].level})"
                )
        # Rule 3: group size and venue capacity.
        if not (skill.min_group <= len(learners) <= skill.max_group):
            errors.append(f"{tag}: rule 3: {len(learners)} learners outside [{skill.min_group}, {skill.max_group}]")
        if len(learners) + 1 > venue.capacity:
            errors.append(f"{tag}: rule 3: {len(learners) + 1} people exceed capacity {venue.capacity}")
        # Rule 4: one day, inside the horizon, everyone available, venue open.
        if start < 0 or end > spd * days or start // spd != (end - 1) // spd:
            errors.append(f"{tag}: rule 4: slots [{start}, {end}) leave the horizon or cross midnight")
        everyone = [t, *learners]
        for x in everyone:
            if not covers(people[x].available, start, end):
                errors.append(f"{tag}: rule 4: {x} is not available for slots [{start}, {end})")
        if not covers(venue.open, start, end):
            errors.append(f"{tag}: rule 4: venue {v} is not open for slots [{start}, {end})")
        # Rule 5 is collected here and checked once every session has been seen.
        for x in everyone:
            busy[x].append((start, end, i))
        for slot in range(start, end):
            venue_use[v].append(slot)
        # Rule 6: travel limits; travel also costs score.
        for x in everyone:
            if venue.location is None:
                continue
            d = km(people[x].home, venue.location)
            if d > people[x].max_travel_km + 1e-9:
                errors.append(f"{tag}: rule 6: {x} would travel {d:.2f} km > {people[x].max_travel_km}")
            score -= TRAVEL_COST * d
        # Rule 7 is counted here and checked below.
        for x in everyone:
            n_sessions[x] += 1
        n_teach[t] += 1
        for x in learners:
            if (x, sk) in learned:
                errors.append(f"{tag}: rule 7: {x} attends {sk} more than once")
            learned.add((x, sk))
        # Rule 8: safeguarding.
        minors = [x for x in everyone if people[x].minor]
        if minors and not venue.minors_ok:
            errors.append(f"{tag}: rule 8: minors {minors} at venue {v} which is not minors_ok")
        if len(everyone) == 2 and len(minors) == 1:
            minor = minors[0]
            adult = everyone[0] if everyone[1] == minor else everyone[1]
            if adult not in people[minor].guardians:
                errors.append(f"{tag}: rule 8: one-to-one between minor {minor} and adult {adult}")
        for x in learners:
            if sk in learn[x] and sk in teach[t]:
                gap = teach[t][sk] - learn[x][sk].level
                score += learn[x][sk].priority * FIT.get(gap, 0.0)
        if (sk, t, v, start) in prev:
            score += KEEP_BONUS

    for x, spans in busy.items():
        spans.sort()
        for (_a1, b1, i1), (a2, _b2, i2) in itertools.pairwise(spans):
            if a2 < b1:
                errors.append(f"rule 5: {x} is in sessions {i1} and {i2} at once")
    for v, slots in venue_use.items():
        rooms = venues[v].rooms
        counts: dict[int, int] = defaultdict(int)
        for slot in slots:
            counts[slot] += 1
        over = sorted(s for s, c in counts.items() if c > rooms)
        if over:
            errors.append(f"rule 5: venue {v} holds more than {rooms} sessions at slots {over[:5]}")
    for x, n in n_sessions.items():
        p = people[x]
        if p.max_sessions is not None and n > p.max_sessions:
            errors.append(f"rule 7: {x} is in {n} sessions > max_sessions {p.max_sessions}")
        if p.max_teach is not None and n_teach.get(x, 0) > p.max_teach:
            errors.append(f"rule 7: {x} teaches {n_teach[x]} > max_teach {p.max_teach}")
    score += TEACH_BONUS * sum(1 for n in n_teach.values() if n > 0)
    planned = {_key(s): s for s in sessions}
    for pin in instance.pinned:
        got = planned.get(pin.key)
        got_learners = got.get("learners", []) if got is not None else None
        if got is None or not isinstance(got_learners, list) or sorted(got_learners) != sorted(pin.learners):
            errors.append(f"rule 9: pinned session {pin.key} missing or changed")
    score = round(score, 6)
    claimed, bound = plan.get("score"), plan.get("upper_bound")
    if isinstance(claimed, int | float) and abs(claimed - score) > CLAIM_TOLERANCE:
        errors.append(f"claim: the plan says score {claimed}, the rules give {score}")
    if isinstance(bound, int | float) and bound < score - CLAIM_TOLERANCE:
        errors.append(f"claim: upper_bound {bound} is below the plan's own score {score}")
    return CheckReport(tuple(errors), score)

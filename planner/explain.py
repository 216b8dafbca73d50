"""Why each session is in the plan: a short English sentence and structured reasons for translation."""

from __future__ import annotations

from planner.compiled import Compiled
from planner.model import FIT, Reason, ReasonValue, Session
from planner.state import Chosen


def _r(code: str, **params: ReasonValue) -> Reason:
    return Reason(code, tuple(params.items()))


def explain(cp: Compiled, c: Chosen, teaching_before: set[int]) -> Session:
    """Turn an index-form session into a :class:`Session` with ``why`` and ``reasons``.

    ``teaching_before`` holds the teachers already explained as teaching, so that only their
    first session carries the ``first_time_teaching`` reason.
    """
    skill = cp.skill_ids[c.skill]
    teacher = cp.person_ids[c.teacher]
    venue = cp.venue_ids[c.venue]
    learners = tuple(cp.person_ids[p] for p in c.learners)
    lvl_t = cp.teach[c.teacher][c.skill]
    reasons: list[Reason] = []
    if c.pinned:
        reasons.append(_r("pinned"))
    if (c.skill, c.teacher, c.venue, c.start) in cp.prev_keys:
        reasons.append(_r("kept_from_previous"))
    for p in c.learners:
        lvl, prio = cp.learn[p][c.skill]
        reasons.append(_r("priority", learner=cp.person_ids[p], value=prio))
        gap = lvl_t - lvl
        reasons.append(
            _r(
                "level_gap",
                learner=cp.person_ids[p],
                teacher_level=lvl_t,
                learner_level=lvl,
                gap=gap,
                fit=FIT.get(gap, 0.0),
            )
        )
    d = cp.dur[c.skill]
    reasons.append(_r("shared_free_time", start=c.start, slots=d, people=1 + len(c.learners)))
    online = cp.online[c.venue]
    if online:
        reasons.append(_r("online"))
    else:
        for p in (c.teacher, *c.learners):
            reasons.append(_r("travel_km", person=cp.person_ids[p], km=round(cp.reach[p][c.venue], 2)))
    if c.teacher not in teaching_before:
        reasons.append(_r("first_time_teaching", teacher=teacher))
        teaching_before.add(c.teacher)
    if any(cp.minor[p] for p in (c.teacher, *c.learners)):
        reasons.append(_r("minors_safe_venue", venue=venue))

    top = max(c.learners, key=lambda p: (cp.learn[p][c.skill][1], -cp.learn[p][c.skill][0]))
    wanted = sum(1 for p in c.learners if cp.learn[p][c.skill][1] == 3)
    parts = []
    if c.pinned:
        parts.append("Pinned by the organisers.")
    who = "everyone" if len(c.learners) > 1 else cp.person_ids[top]
    parts.append(
        f"{teacher} (level {lvl_t}) teaches {skill} to {len(c.learners)} learner"
        f"{'s' if len(c.learners) != 1 else ''} a step or more behind"
        + (f"; {wanted} of them want{'s' if wanted == 1 else ''} it most" if wanted else "")
        + "."
    )
    if online:
        parts.append(f"Online, at a time {who} is free.")
    else:
        far = max(cp.reach[p][c.venue] for p in (c.teacher, *c.learners))
        parts.append(f"At {venue}, at most {far:.1f} km from home, at a time {who} is free.")
    if (c.skill, c.teacher, c.venue, c.start) in cp.prev_keys:
        parts.append("Same as last plan.")
    return Session(skill, teacher, learners, venue, c.start, " ".join(parts), tuple(reasons))

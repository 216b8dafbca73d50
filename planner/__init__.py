"""Sebaya's weekly planner: who teaches whom, where and when.

A pure-Python engine with no Django dependency. It reads an instance (``sebaya-instance/1``),
returns a plan (``sebaya-plan/1``) and checks plans exactly as SPEC.md defines.

Public API::

    from planner import read_instance, instance_from_dict, solve, check, plan_to_dict, InstanceError

    instance = instance_from_dict(data)          # raises InstanceError(problems=[...])
    plan = solve(instance, time_limit=30, seed=0, progress=lambda done, best: ...)
    report = check(instance, plan)               # report.valid, report.errors, report.score

``plan.upper_bound`` is always proven: the tightest of a cheap relaxation and, for instances up
to a few thousand people, a time-indexed linear relaxation solved with HiGHS (bound recomputed
from its duals by weak duality). ``plan.stats.bounds`` lists each bound found.

Every session carries ``why`` (a short English sentence) and ``reasons``, a list of
structured reasons that the app can translate. Each reason is a ``code`` plus parameters:

``pinned``
    The organisers pinned this session; it is kept exactly.
``kept_from_previous``
    Same skill, teacher, venue and start as in the previous plan (stability bonus).
``priority`` (``learner``, ``value``)
    How much the learner wants this skill: 1 nice to have, 2, 3 most wanted.
``level_gap`` (``learner``, ``teacher_level``, ``learner_level``, ``gap``, ``fit``)
    The teacher is ``gap`` levels ahead; a gap of 1–2 fits best (near-peer teaching).
``shared_free_time`` (``start``, ``slots``, ``people``)
    Every participant is free for these slots.
``travel_km`` (``person``, ``km``)
    Distance from the person's home to the venue.
``online``
    The session is online: nobody travels.
``first_time_teaching`` (``teacher``)
    This is the teacher's first (or only) session this week; everyone gets a turn to teach.
``minors_safe_venue`` (``venue``)
    A minor takes part, so the venue accepts minors (and no minor is alone with an adult
    who is not their guardian).
"""

from planner.check import CheckReport, check, check_document
from planner.io import (
    InstanceError,
    instance_from_dict,
    plan_from_dict,
    plan_to_dict,
    read_instance,
    write_plan,
)
from planner.model import (
    Horizon,
    Instance,
    LearnEntry,
    Person,
    Plan,
    Reason,
    Session,
    Skill,
    Stats,
    TeachEntry,
    UnservedWish,
    Venue,
)
from planner.solve import default_time_limit, solve

__all__ = [
    "CheckReport",
    "Horizon",
    "Instance",
    "InstanceError",
    "LearnEntry",
    "Person",
    "Plan",
    "Reason",
    "Session",
    "Skill",
    "Stats",
    "TeachEntry",
    "UnservedWish",
    "Venue",
    "check",
    "check_document",
    "default_time_limit",
    "instance_from_dict",
    "plan_from_dict",
    "plan_to_dict",
    "read_instance",
    "solve",
    "write_plan",
]

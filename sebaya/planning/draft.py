"""Pure helpers on a draft (a ``sebaya-plan/1`` document and its instance): keys, moves, checks.

The spec's checker (``planner.check``) is the authority on what a valid plan is; here its
findings about a moved session become sentences an organiser can act on, in their language.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

import planner

SESSION_KEYS = ("skill", "teacher", "learners", "venue", "start")
# Reasons that stay true wherever and whenever a session takes place.
PORTABLE_REASONS = {"priority", "level_gap", "first_time_teaching"}
EARTH_KM = 6371.0088


def session_key(s: Mapping[str, Any]) -> str:
    """A session's name within its draft: skill, teacher, venue and start (unique in a valid plan)."""
    return f"{s['skill']}~{s['teacher']}~{s['venue']}~{s['start']}"


def bare(s: Mapping[str, Any]) -> dict[str, Any]:
    """The session as the instance format lists pinned and previous sessions."""
    return {k: (list(s[k]) if k == "learners" else s[k]) for k in SESSION_KEYS}


def excluded_match(s: Mapping[str, Any], excluded: Sequence[Sequence[Any]]) -> bool:
    """True when a removed teacher/skill/start combination would come back with this session."""
    return [s["skill"], s["teacher"], s["start"]] in [list(x) for x in excluded]


def find(plan: Mapping[str, Any], key: str) -> int | None:
    for i, s in enumerate(plan.get("sessions", [])):
        if session_key(s) == key:
            return i
    return None


def unpinned(instance: Mapping[str, Any]) -> planner.Instance:
    """The instance without its pins, to judge a draft the organiser is editing."""
    parsed = planner.instance_from_dict(dict(instance), check_pins=False)
    return dataclasses.replace(parsed, pinned=())


def km(a: Sequence[float], b: Sequence[float]) -> float:
    """Haversine distance, as SPEC.md defines it."""
    la1, lo1, la2, lo2 = (math.radians(x) for x in (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def placed_reasons(instance: Mapping[str, Any], s: Mapping[str, Any], code: str) -> list[dict[str, Any]]:
    """The reasons of a session placed by hand: what holds anywhere, plus where it now is."""
    people = {p["id"]: p for p in instance["people"]}
    venue = next(v for v in instance["venues"] if v["id"] == s["venue"])
    reasons = [r for r in s.get("reasons", []) if r.get("code") in PORTABLE_REASONS]
    reasons.insert(0, {"code": code})
    everyone = [s["teacher"], *s["learners"]]
    if venue["kind"] == "online":
        reasons.append({"code": "online"})
    else:
        for pid in everyone:
            reasons.append(
                {"code": "travel_km", "person": pid, "km": round(km(people[pid]["home"], venue["location"]), 2)}
            )
    if any(people[pid].get("minor") for pid in everyone):
        reasons.append({"code": "minors_safe_venue", "venue": s["venue"]})
    return reasons


_PERSON = re.compile(r"rule \d: (\S+) (?:is not available|is in sessions|would travel)")
_VENUE = re.compile(r"venue (\S+)")


def explain_problems(errors: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """The checker's findings as translated sentences, one per kind of problem and person."""
    out: list[str] = []
    for e in errors:
        person = _PERSON.search(e)
        name = names.get(person.group(1), person.group(1)) if person else ""
        venue_m = _VENUE.search(e)
        venue = names.get(venue_m.group(1), venue_m.group(1)) if venue_m else _("the venue")
        if "rule 4" in e and "not open" in e:
            line = _("%(venue)s is not open at that time.") % {"venue": venue}
        elif "rule 4" in e and "not available" in e:
            line = _("%(person)s is not free at that time.") % {"person": name}
        elif "rule 4" in e:
            line = _("The session would run past the end of the day or the week.")
        elif "rule 5" in e and "venue" in e:
            line = _("%(venue)s has no room free at that time.") % {"venue": venue}
        elif "rule 5" in e:
            line = _("%(person)s already has another session at that time.") % {"person": name}
        elif "rule 6" in e:
            line = _("That venue is farther than %(person)s travels.") % {"person": name}
        elif "rule 3" in e:
            line = _("That venue has too few places for this group.")
        elif "rule 8" in e:
            line = _("A child takes part, and that venue is not suitable for minors.")
        else:
            line = _("The session would break one of the planner's rules (%(rule)s).") % {"rule": e}
        if line not in out:
            out.append(line)
    return out

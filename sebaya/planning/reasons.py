"""The planner explains each session with structured reasons; here they become sentences in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _


def render(reason: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """One reason as a sentence, or None for reasons not worth a line of their own."""
    code = reason.get("code")

    def name(key: str) -> str:
        value = str(reason.get(key))
        return names.get(value, value)

    if code == "pinned":
        return _("Pinned by the organisers.")
    if code == "moved":
        return _("Moved here by the organisers.")
    if code == "kept_from_previous":
        return _("The same as in the last plan, so people can keep their routine.")
    if code == "priority":
        return _("%(learner)s wants to learn this (priority %(value)s of 3).") % {
            "learner": name("learner"),
            "value": reason.get("value"),
        }
    if code == "level_gap":
        return _("%(learner)s is at level %(mine)s and the teacher at %(theirs)s: a near-peer step.") % {
            "learner": name("learner"), "mine": reason.get("learner_level"), "theirs": reason.get("teacher_level"),
        }  # fmt: skip
    if code == "shared_free_time":
        return _("Everyone taking part is free at this time.")
    if code == "online":
        return _("Online: nobody has to travel.")
    if code == "first_time_teaching":
        return _("%(teacher)s gets a turn to teach this week.") % {"teacher": name("teacher")}
    if code == "minors_safe_venue":
        return _("A child takes part, so the venue is one suitable for minors.")
    return None


def travel_line(reasons: list[Mapping[str, Any]], names: Mapping[str, str]) -> str | None:
    """The travel reasons in one line: the farthest anyone goes."""
    trips = [(float(r["km"]), str(r["person"])) for r in reasons if r.get("code") == "travel_km"]
    if not trips:
        return None
    km, person = max(trips)
    return _("The longest trip is %(km)s km (%(person)s).") % {"km": f"{km:.1f}", "person": names.get(person, person)}

"""From the database to the planner's input (``sebaya-instance/1``, see the planner's SPEC.md).

The weekly grid of availability and opening hours is numbered exactly like a horizon that starts
on Monday at 08:00 with 60-minute slots, so the grid's slots are the planner's slots.
"""

from __future__ import annotations

import datetime
from typing import Any

from sebaya.communities.models import Community, Membership
from sebaya.communities.queries import members_with_skills
from sebaya.core.weekgrid import DAYS, FIRST_HOUR, HOURS_PER_DAY, to_ranges
from sebaya.meetups.services import community_zone
from sebaya.skills.models import Skill

from .busy import busy_slots


def person_id(membership_id: int) -> str:
    return f"m{membership_id}"


def venue_id(venue_pk: int) -> str:
    return f"v{venue_pk}"


def next_monday(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=(7 - today.weekday()) or 7)


def build_instance(community: Community, week_start: datetime.date) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The planner input for ``community``'s week starting on Monday ``week_start``.

    Returns the instance and the members left out with the reason (no home point yet, or nothing
    to teach or learn), so the organiser can ask them to complete their profile. Hours a member
    already spends in a scheduled session, in this community or another, are not available.
    """
    members = members_with_skills(community).prefetch_related("user__guarded_by").order_by("pk")
    by_user = {m.user_id: m for m in members}
    busy = busy_slots(by_user, week_start, community_zone(community))
    people: list[dict[str, Any]] = []
    left_out: list[dict[str, str]] = []
    skill_ids: set[int] = set()
    for m in members:
        teach = [{"skill": t.skill.slug, "level": t.level} for t in m.teach_skills.all()]
        learn = [{"skill": x.skill.slug, "level": x.level, "priority": x.priority} for x in m.learn_skills.all()]
        if not m.has_home_point:
            left_out.append({"member": m.user.display_name, "why": "no_home_point"})
            continue
        if not teach and not learn:
            left_out.append({"member": m.user.display_name, "why": "no_skills"})
            continue
        skill_ids |= {t.skill_id for t in m.teach_skills.all()} | {x.skill_id for x in m.learn_skills.all()}
        guardians = [person_id(by_user[g.guardian_id].pk) for g in m.user.guarded_by.all() if g.guardian_id in by_user]
        people.append(
            {
                "id": person_id(m.pk),
                "minor": m.user.is_minor,
                "guardians": guardians,
                "home": [m.home_lat, m.home_lng],
                "max_travel_km": m.max_travel_km,
                "available": to_ranges(set(m.availability) - busy.get(m.user_id, set())),
                "max_sessions": m.max_sessions,
                "max_teach": m.max_teach,
                "teach": teach,
                "learn": learn,
            }
        )
    # A guardian who is not in the plan (say, with nothing to teach or learn) cannot meet their
    # child in a session of it, so only the guardians who are in it are named.
    included = {p["id"] for p in people}
    for p in people:
        p["guardians"] = [g for g in p["guardians"] if g in included]
    skills = [
        {"id": s.slug, "name": s.name, "duration": s.duration_hours, "min_group": s.min_group, "max_group": s.max_group}
        for s in Skill.objects.filter(pk__in=skill_ids).order_by("slug")
    ]
    venues = []
    for v in community.venues.filter(is_active=True).order_by("pk"):
        venue: dict[str, Any] = {
            "id": venue_id(v.pk),
            "kind": v.kind,
            "capacity": v.capacity,
            "rooms": v.rooms,
            "open": to_ranges(v.opening),
            "minors_ok": v.minors_ok,
        }
        if not v.is_online:
            venue["location"] = [v.lat, v.lng]
        venues.append(venue)
    instance = {
        "format": "sebaya-instance/1",
        "horizon": {
            "start_date": week_start.isoformat(),
            "days": DAYS,
            "slots_per_day": HOURS_PER_DAY,
            "slot_minutes": 60,
            "day_start": f"{FIRST_HOUR:02d}:00",
            "timezone": community.timezone,
        },
        "skills": skills,
        "people": people,
        "venues": venues,
        "pinned": [],
        "previous": [],
    }
    return instance, left_out


def membership_for(community: Community, pid: str) -> Membership:
    return community.memberships.select_related("user").get(pk=int(pid.removeprefix("m")))

"""Plan a community's week: build the planner's input, run it in the background, publish the draft."""

from __future__ import annotations

import datetime
import threading
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import planner
from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.core.errors import Conflict, ServiceError
from sebaya.meetups.models import Meetup
from sebaya.meetups.services import community_zone, meetup_create, meetup_rsvp
from sebaya.skills.models import Skill
from sebaya.venues.models import Venue

from .instance import build_instance, membership_for, next_monday
from .models import PlanRun, PlanStatus

DEFAULT_SECONDS = 20.0
PROGRESS_EVERY = 0.5  # seconds between progress writes, so the database is not flooded


def plan_start(
    *, community: Community, by: User, week_start: datetime.date | None = None, time_limit: float | None = None
) -> PlanRun:
    """Snapshot the community's profiles and venues and queue the planner for that week."""
    week_start = week_start or next_monday(timezone.localdate())
    if week_start.weekday() != 0:
        raise ServiceError(_("A plan starts on a Monday."), code="not_monday")
    if PlanRun.objects.filter(community=community, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING]).exists():
        raise Conflict(_("A plan for this community is already being made."), code="already_running")
    instance, left_out = build_instance(community, week_start)
    previous = PlanRun.objects.filter(community=community, status=PlanStatus.PUBLISHED).first()
    if previous is not None and previous.plan:
        keys = ("skill", "teacher", "learners", "venue", "start")
        instance["previous"] = [{k: s[k] for k in keys} for s in previous.plan.get("sessions", [])]
    with transaction.atomic():
        run = PlanRun.objects.create(
            community=community,
            week_start=week_start,
            instance=instance,
            left_out=left_out,
            created_by=by,
            time_limit=time_limit or DEFAULT_SECONDS,
        )
        from .tasks import run_plan

        transaction.on_commit(lambda: run_plan.enqueue(run_id=run.pk))
    return run


def plan_execute(run_id: int) -> PlanRun:
    """Run the planner for a queued run (the task worker calls this), reporting progress as it goes."""
    run = PlanRun.objects.get(pk=run_id)
    if run.status != PlanStatus.QUEUED:
        return run
    PlanRun.objects.filter(pk=run.pk).update(status=PlanStatus.RUNNING)
    try:
        instance = planner.instance_from_dict(run.instance)
    except planner.InstanceError as e:
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanStatus.FAILED, error="\n".join(e.problems), finished_at=timezone.now()
        )
        return PlanRun.objects.get(pk=run.pk)
    # The solver reports progress from its own threads; only this thread touches the database,
    # so the solve runs beside it and this loop copies the latest progress into the run's row.
    latest: dict[str, float] = {}
    outcome: dict[str, Any] = {}

    def progress(done: float, best: float) -> None:
        latest.update(done=min(max(done, 0.0), 1.0), best=best)

    def work() -> None:
        try:
            outcome["plan"] = planner.solve(instance, time_limit=run.time_limit, seed=run.seed, progress=progress)
        except Exception as e:
            outcome["error"] = repr(e)

    solver = threading.Thread(target=work, name=f"plan-{run.pk}")
    solver.start()
    written: dict[str, float] = {}
    while solver.is_alive():
        solver.join(PROGRESS_EVERY)
        snapshot = dict(latest)
        if snapshot and snapshot != written:
            PlanRun.objects.filter(pk=run.pk).update(progress=snapshot["done"], best_score=snapshot["best"])
            written = snapshot
    if "error" in outcome:
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanStatus.FAILED, error=outcome["error"], finished_at=timezone.now()
        )
        return PlanRun.objects.get(pk=run.pk)
    plan = outcome["plan"]
    report = planner.check(instance, plan)
    if not report.valid:  # The planner promises valid plans; never store one that is not.
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanStatus.FAILED, error="\n".join(report.errors), finished_at=timezone.now()
        )
    else:
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanStatus.DONE,
            plan=planner.plan_to_dict(plan),
            progress=1.0,
            best_score=plan.score,
            finished_at=timezone.now(),
        )
    return PlanRun.objects.get(pk=run.pk)


def slot_start(run: PlanRun, slot: int) -> datetime.datetime:
    horizon = run.instance["horizon"]
    per_day = horizon["slots_per_day"]
    day = run.week_start + datetime.timedelta(days=slot // per_day)
    hour, minute = (int(x) for x in horizon["day_start"].split(":"))
    start = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=community_zone(run.community))
    return start + datetime.timedelta(minutes=horizon["slot_minutes"] * (slot % per_day))


def plan_publish(*, run: PlanRun, by: Membership) -> list[Meetup]:
    """Turn the draft into published sessions, with every learner answered "going" (a minor's
    answer waits for a guardian, as always). Everyone is told through the sessions' notifications."""
    if not by.is_organiser:
        raise ServiceError(_("Only organisers publish a plan."), code="not_allowed")
    created: list[Meetup] = []
    with transaction.atomic():
        locked = PlanRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != PlanStatus.DONE or not locked.plan:
            raise Conflict(_("Only a finished draft can be published, once."), code="not_a_draft")
        community = locked.community
        skills = {s["id"]: s for s in locked.instance["skills"]}
        with translation.override("id"):
            for s in locked.plan.get("sessions", []):
                skill = Skill.objects.available_to(community.pk).get(slug=s["skill"])
                venue = Venue.objects.get(community=community, pk=int(s["venue"].removeprefix("v")))
                start = slot_start(locked, s["start"])
                hours = skills[s["skill"]]["duration"] * locked.instance["horizon"]["slot_minutes"] / 60
                meetup = meetup_create(
                    by=by, host=membership_for(community, s["teacher"]), skill=skill, title=skill.name_id,
                    starts_at=start, ends_at=start + datetime.timedelta(hours=hours), venue=venue,
                    capacity=max(len(s["learners"]), 1) if venue.is_online else None, publish=True,
                )[0]  # fmt: skip
                for learner in s["learners"]:
                    meetup_rsvp(meetup=meetup, membership=membership_for(community, learner), going=True)
                created.append(meetup)
        locked.status = PlanStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
    return created


def fairness(run: PlanRun) -> dict[str, Any]:
    """The figures an organiser judges a plan by."""
    sessions = (run.plan or {}).get("sessions", [])
    people = run.instance["people"]
    wishes = sum(len(p["learn"]) for p in people)
    met = sum(len(s["learners"]) for s in sessions)
    teachers = {s["teacher"] for s in sessions}
    willing = [p for p in people if p["teach"] and p.get("max_teach", 1)]
    km: dict[str, float] = {}
    for s in sessions:
        for r in s.get("reasons", []):
            if r.get("code") == "travel_km":
                km[r["person"]] = km.get(r["person"], 0.0) + float(r["km"])
    participants = {s["teacher"] for s in sessions} | {x for s in sessions for x in s["learners"]}
    unserved = (run.plan or {}).get("stats", {}).get("unserved_demand", [])
    return {
        "sessions": len(sessions),
        "teachers": len(teachers),
        "willing": len(willing),
        "wishes": wishes,
        "wishes_met": met,
        "wishes_share": round(100 * met / wishes) if wishes else 0,
        "travel_avg": round(sum(km.values()) / len(participants), 1) if participants else 0.0,
        "unserved": unserved,
    }

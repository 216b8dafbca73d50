"""Plan a community's week: build the planner's input, run it in the background, publish the draft."""

from __future__ import annotations

import datetime
import threading
import time
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import planner
from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.core.errors import Conflict, ServiceError
from sebaya.meetups.models import Meetup, MeetupStatus, Rsvp, RsvpStatus
from sebaya.meetups.services import (
    attendees,
    community_zone,
    meetup_cancel,
    meetup_create,
    meetup_host_change,
    meetup_rsvp,
)
from sebaya.notifications.models import Kind
from sebaya.notifications.services import notify
from sebaya.skills.models import Skill
from sebaya.venues.models import Venue

from . import draft
from .busy import busy_slots
from .instance import build_instance, membership_for, next_monday, person_id
from .models import Decline, DeclineOutcome, DeclineRole, PlanKind, PlannedSession, PlanRun, PlanStatus

DEFAULT_SECONDS = 20.0
PROGRESS_EVERY = 0.5  # seconds between progress writes, so the database is not flooded
# The bar follows the time spent up to this share; the last step is the plan itself.
SPENT_AT_MOST = 0.99


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
    began = time.monotonic()
    solver.start()
    written: dict[str, float] = {}
    while solver.is_alive():
        solver.join(PROGRESS_EVERY)
        snapshot = dict(latest)
        if snapshot:
            # The solver reports when a step ends, and one step (a linear relaxation) may take half
            # the time limit: the bar also moves with the time spent, as the limit ends the solve.
            spent = (time.monotonic() - began) / run.time_limit if run.time_limit > 0 else 0.0
            snapshot["done"] = max(snapshot["done"], min(spent, SPENT_AT_MOST))
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
        return PlanRun.objects.get(pk=run.pk)
    document: dict[str, Any] = planner.plan_to_dict(plan)
    if run.excluded:
        # Sessions the organiser removed from the draft this one re-plans do not come back. Leaving
        # a session out never breaks a hard rule, so the plan stays valid; only its score drops.
        document["sessions"] = [x for x in document["sessions"] if not draft.excluded_match(x, run.excluded)]
        document["score"] = planner.check_document(instance, document).score
    with transaction.atomic():
        PlanRun.objects.filter(pk=run.pk).update(
            status=PlanStatus.DONE,
            plan=document,
            progress=1.0,
            best_score=document["score"],
            finished_at=timezone.now(),
        )
        if run.parent_id is not None:
            PlanRun.objects.filter(pk=run.parent_id, status=PlanStatus.DONE).update(status=PlanStatus.SUPERSEDED)
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
    answer waits for a guardian, as always). Each teacher and learner is told what they teach or
    learn and when (and may decline from there); the other members hear that the plan is out."""
    if not by.is_organiser:
        raise ServiceError(_("Only organisers publish a plan."), code="not_allowed")
    created: list[Meetup] = []
    with transaction.atomic():
        locked = PlanRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != PlanStatus.DONE or not locked.plan:
            raise Conflict(_("Only a finished draft can be published, once."), code="not_a_draft")
        community = locked.community
        skills = {s["id"]: s for s in locked.instance["skills"]}
        assigned: list[tuple[Membership, str, Meetup]] = []
        with translation.override("id"):
            for index, s in enumerate(locked.plan.get("sessions", [])):
                skill = Skill.objects.available_to(community.pk).get(slug=s["skill"])
                venue = Venue.objects.get(community=community, pk=int(s["venue"].removeprefix("v")))
                start = slot_start(locked, s["start"])
                hours = skills[s["skill"]]["duration"] * locked.instance["horizon"]["slot_minutes"] / 60
                host = membership_for(community, s["teacher"])
                meetup = meetup_create(
                    by=by, host=host, skill=skill, title=skill.name_id,
                    starts_at=start, ends_at=start + datetime.timedelta(hours=hours), venue=venue,
                    capacity=max(len(s["learners"]), 1) if venue.is_online else None, publish=True, announce=False,
                )[0]  # fmt: skip
                PlannedSession.objects.create(run=locked, meetup=meetup, index=index)
                assigned.append((host, "teach", meetup))
                for learner in s["learners"]:
                    membership = membership_for(community, learner)
                    meetup_rsvp(meetup=meetup, membership=membership, going=True)
                    assigned.append((membership, "learn", meetup))
                created.append(meetup)
        locked.status = PlanStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        for membership, role, meetup in assigned:
            notify(
                [membership.user],
                kind=Kind.PLAN,
                template=f"planning/email/{role}",
                context={"meetup": meetup, "member": membership},
                url=decline_url(meetup),
            )
        told = {m.user_id for m, _role, _meetup in assigned} | {by.user_id}
        others = User.objects.filter(memberships__community=community, is_active=True).exclude(pk__in=told)
        notify(
            others,
            kind=Kind.PUBLISHED,
            template="planning/email/published",
            context={"community": community, "run": locked, "count": len(created)},
            url=reverse("meetups:calendar", args=[community.slug]),
        )
    return created


def decline_url(meetup: Meetup) -> str:
    return reverse("planning:decline", args=[meetup.community.slug, meetup.pk])


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


def names_of(run: PlanRun) -> dict[str, str]:
    """Display names of the plan's people, venues and skills, by their ids in the instance."""
    community = run.community
    ids = [int(p["id"].removeprefix("m")) for p in run.instance.get("people", [])]
    members = community.memberships.filter(pk__in=ids).select_related("user")
    # The plan names a minor "Ayu P.", as every page does for those who are not her guardians.
    names = {f"m{m.pk}": m.user.public_name for m in members}
    names |= {f"v{v.pk}": v.name for v in community.venues.all()}
    names |= {s["id"]: s["name"] for s in run.instance.get("skills", [])}
    return names


def _editable(run: PlanRun, by: Membership) -> PlanRun:
    """The run's row, locked, if it is a draft the organiser may still change."""
    if not by.is_organiser or by.community_id != run.community_id:
        raise ServiceError(_("Only organisers change a plan."), code="not_allowed")
    locked = PlanRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != PlanStatus.DONE or not locked.plan:
        raise Conflict(_("Only a finished draft that is not yet published can be changed."), code="not_a_draft")
    return locked


def _session_index(run: PlanRun, key: str) -> int:
    index = draft.find(run.plan or {}, key)
    if index is None:
        raise Conflict(_("That session is no longer in this draft; reload the page."), code="unknown_session")
    return index


def _rescore(run: PlanRun) -> None:
    """Recompute the draft's score by the spec's rules after an edit (the bound stays proven)."""
    assert run.plan is not None
    run.plan["score"] = planner.check_document(draft.unpinned(run.instance), run.plan).score


def draft_session_pin(*, run: PlanRun, by: Membership, key: str, pinned: bool = True) -> PlanRun:
    """Pin a draft session (a re-plan keeps it exactly) or unpin it."""
    with transaction.atomic():
        locked = _editable(run, by)
        _session_index(locked, key)
        pins = [k for k in locked.pinned if k != key]
        locked.pinned = [*pins, key] if pinned else pins
        locked.save(update_fields=["pinned"])
    return locked


def draft_session_remove(*, run: PlanRun, by: Membership, key: str) -> PlanRun:
    """Take a session out of the draft. Its teacher, skill and start are remembered, so that no
    re-plan of this draft proposes the same session again (at another venue or with other learners)."""
    with transaction.atomic():
        locked = _editable(run, by)
        assert locked.plan is not None
        session = locked.plan["sessions"].pop(_session_index(locked, key))
        combo = [session["skill"], session["teacher"], session["start"]]
        if combo not in locked.excluded:
            locked.excluded = [*locked.excluded, combo]
        locked.pinned = [k for k in locked.pinned if k != key]
        _rescore(locked)
        locked.save(update_fields=["plan", "pinned", "excluded"])
    return locked


def draft_slot(run: PlanRun, day: int, hour: int) -> int:
    """The slot of ``hour`` o'clock on day ``day`` (0 is Monday) of the run's week."""
    horizon = run.instance["horizon"]
    first = int(horizon["day_start"].split(":")[0])
    if not (0 <= day < horizon["days"] and first <= hour < first + horizon["slots_per_day"]):
        raise ServiceError(_("Choose a day of the week and an hour of the planning grid."), code="invalid_time")
    return int(day * horizon["slots_per_day"] + hour - first)


def draft_session_move(*, run: PlanRun, by: Membership, key: str, start: int, venue: str) -> PlanRun:
    """Move a draft session to another start and/or venue, if everyone in it can be there then
    and the draft still keeps every hard rule of the spec; the moved session is pinned."""
    with transaction.atomic():
        locked = _editable(run, by)
        assert locked.plan is not None
        index = _session_index(locked, key)
        if venue not in {v["id"] for v in locked.instance["venues"]}:
            raise ServiceError(_("Choose one of the venues this plan knows."), code="invalid_venue")
        session = dict(locked.plan["sessions"][index], start=start, venue=venue)
        if draft.session_key(session) == key:
            raise ServiceError(_("Choose another time or venue than the present one."), code="unchanged")
        session["reasons"] = draft.placed_reasons(locked.instance, session, "moved")
        session["why"] = "Moved by the organisers."
        candidate = dict(locked.plan)
        candidate["sessions"] = [*locked.plan["sessions"][:index], session, *locked.plan["sessions"][index + 1 :]]
        candidate.pop("score", None)
        report = planner.check_document(draft.unpinned(locked.instance), candidate)
        if report.errors:
            problems = draft.explain_problems(report.errors, names_of(locked))
            raise ServiceError(" ".join([_("This session cannot move there:"), *problems]), code="move_breaks_rules")
        candidate["score"] = report.score
        locked.plan = candidate
        locked.pinned = [*(k for k in locked.pinned if k != key), draft.session_key(session)]
        locked.save(update_fields=["plan", "pinned"])
    return locked


def plan_replan(*, run: PlanRun, by: Membership) -> PlanRun:
    """Plan the draft's week again around the organiser's edits: pinned sessions are kept exactly,
    the other sessions are the "previous" plan (keeping them earns the stability bonus) and removed
    sessions stay out. The same snapshot of profiles and venues is used, so the pins stay valid."""
    with transaction.atomic():
        locked = _editable(run, by)
        assert locked.plan is not None
        if PlanRun.objects.filter(
            community=locked.community, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING]
        ).exists():
            raise Conflict(_("A plan for this community is already being made."), code="already_running")
        sessions = locked.plan.get("sessions", [])
        pins = [draft.bare(s) for s in sessions if draft.session_key(s) in locked.pinned]
        instance = dict(locked.instance)
        instance["pinned"] = pins
        instance["previous"] = [draft.bare(s) for s in sessions if draft.session_key(s) not in locked.pinned]
        child = PlanRun.objects.create(
            community=locked.community, week_start=locked.week_start, instance=instance, left_out=locked.left_out,
            created_by=by.user, time_limit=locked.time_limit, seed=locked.seed, kind=PlanKind.REPLAN,
            parent=locked, pinned=[draft.session_key(s) for s in pins], excluded=locked.excluded,
        )  # fmt: skip
        from .tasks import run_plan

        transaction.on_commit(lambda: run_plan.enqueue(run_id=child.pk))
    return child


def plan_recheck(run: PlanRun) -> planner.CheckReport:
    """Judge a stored plan again against its own stored input, exactly as the spec's checker does,
    and check that no session the organiser removed came back."""
    if not run.plan:
        raise Conflict(_("This run has no plan to check."), code="no_plan")
    try:
        instance = planner.instance_from_dict(run.instance, check_pins=False)
    except planner.InstanceError as e:
        return planner.CheckReport(tuple(e.problems), 0.0)
    report = planner.check_document(instance, run.plan)
    back = [s for s in run.plan.get("sessions", []) if draft.excluded_match(s, run.excluded)]
    if back:
        extra = tuple(f"removed session came back: {draft.session_key(s)}" for s in back)
        return planner.CheckReport(report.errors + extra, report.score)
    return report


# A learner still takes part while their answer is one of these.
TAKING_PART = (RsvpStatus.GOING, RsvpStatus.PENDING_GUARDIAN, RsvpStatus.WAITLISTED)


def assignment_role(meetup: Meetup, membership: Membership) -> DeclineRole | None:
    """Whether ``membership`` teaches or learns in ``meetup`` (None: neither, or not any more)."""
    if membership.pk == meetup.host_id:
        return DeclineRole.TEACHER
    if meetup.rsvps.filter(membership=membership, status__in=TAKING_PART).exists():
        return DeclineRole.LEARNER
    return None


def may_decline_for(user: User, membership: Membership) -> bool:
    """A member declines for themselves; a guardian for their child."""
    return membership.user_id == user.pk or membership.user.guardians().filter(pk=user.pk).exists()


def replacement_for(planned: PlannedSession, meetup: Meetup, decliner: Membership) -> Membership | None:
    """The best teacher to take over a planned session whose teacher declined, or None.

    Every other session of the plan stays as it is now (pinned); only the teacher of this one
    changes, and the decliner is not considered for it. A candidate must be free then (also of
    sessions scheduled since the plan was made) and the whole plan must still keep every hard
    rule of the spec against the stored snapshot; among those, the plan's score decides.
    """
    run = planned.run
    if not run.plan or not run.instance.get("people"):
        return None
    try:
        instance = draft.unpinned(run.instance)
    except planner.InstanceError:
        return None
    going_by_meetup: dict[int, set[str]] = {}
    for meetup_id, membership_id in Rsvp.objects.filter(meetup__planned__run=run, status__in=TAKING_PART).values_list(
        "meetup_id", "membership_id"
    ):
        going_by_meetup.setdefault(meetup_id, set()).add(person_id(membership_id))
    current: list[dict[str, Any]] = []
    for other in run.planned.exclude(pk=planned.pk).select_related("meetup"):
        host_id = other.meetup.host_id
        # A session whose host left the community was cancelled as they left.
        if other.meetup.status == MeetupStatus.CANCELLED or host_id is None:
            continue
        s = draft.bare(other.session)
        s["teacher"] = person_id(host_id)
        s["learners"] = [x for x in s["learners"] if x in going_by_meetup.get(other.meetup_id, set())]
        current.append(s)
    target = draft.bare(planned.session)
    target["learners"] = [x for x in target["learners"] if x in going_by_meetup.get(meetup.pk, set())]
    skill = target["skill"]
    candidates = [
        p["id"]
        for p in run.instance["people"]
        if any(t["skill"] == skill for t in p.get("teach", []))
        and p["id"] not in {person_id(decliner.pk), *target["learners"]}
    ]
    if not candidates:
        return None
    members = {
        person_id(m.pk): m
        for m in run.community.memberships.filter(pk__in=[int(c[1:]) for c in candidates]).select_related("user")
    }
    duration = next(s["duration"] for s in run.instance["skills"] if s["id"] == skill)
    hours = set(range(target["start"], target["start"] + duration))
    busy = busy_slots(
        [m.user_id for m in members.values()], run.week_start, community_zone(run.community), exclude_meetup=meetup.pk
    )
    baseline = set(planner.check_document(instance, {"sessions": current}).errors)
    best: tuple[float, str] | None = None
    for pid in candidates:
        member = members.get(pid)
        if member is None or hours & busy.get(member.user_id, set()):
            continue
        report = planner.check_document(instance, {"sessions": [*current, dict(target, teacher=pid)]})
        if set(report.errors) - baseline:
            continue
        if best is None or report.score > best[0]:
            best = (report.score, pid)
    return members[best[1]] if best else None


def assignment_decline(*, planned: PlannedSession, membership: Membership, by: User) -> Decline:
    """``membership`` (or ``by``, their guardian) declines a published planned session.

    The plan is repaired around them and everything else is kept. A learner who declines gives
    up their seat (the waitlist moves up, as for any session); if nobody is left to learn, the
    session is cancelled. A teacher who declines is replaced by the best other teacher who is
    free and allowed there (see :func:`replacement_for`); if there is none, the session is
    cancelled. The organisers and the session's teacher are told; so are the learners.
    """
    if not may_decline_for(by, membership):
        raise ServiceError(_("You may decline only your own sessions or your child's."), code="not_allowed")
    with transaction.atomic():
        meetup = (
            Meetup.objects.select_for_update(of=("self",))
            .select_related("community", "venue", "skill", "host__user")
            .get(pk=planned.meetup_id)
        )
        if meetup.status != MeetupStatus.PUBLISHED or meetup.is_past:
            raise Conflict(_("This session is over or cancelled: there is nothing to decline."), code="not_open")
        role = assignment_role(meetup, membership)
        if role is None:
            raise Conflict(_("%(name)s has no part in this session.") % {"name": membership.user.display_name},
                           code="not_assigned")  # fmt: skip
        replacement: Membership | None = None
        if role == DeclineRole.LEARNER:
            meetup_rsvp(meetup=meetup, membership=membership, going=False)
            if meetup.rsvps.filter(status__in=TAKING_PART).exists():
                outcome = DeclineOutcome.LEFT
            else:
                meetup_cancel(meetup=meetup)
                outcome = DeclineOutcome.CANCELLED
        else:
            replacement = replacement_for(planned, meetup, membership)
            if replacement is not None:
                meetup = meetup_host_change(meetup=meetup, host=replacement)
                outcome = DeclineOutcome.REPLACED
            else:
                meetup_cancel(meetup=meetup)
                outcome = DeclineOutcome.CANCELLED
        decline = Decline.objects.create(
            planned=planned, membership=membership, role=role, outcome=outcome, replacement=replacement, by=by
        )
        context = {"meetup": meetup, "decline": decline, "member": membership}
        url = reverse("meetups:detail", args=[meetup.community.slug, meetup.pk])
        organisers = User.objects.filter(
            memberships__community=meetup.community, memberships__role=Membership.Role.ORGANISER
        )
        host = meetup.host_user
        told = [*organisers, *([] if role == DeclineRole.TEACHER or host is None else [host])]
        notify(told, kind=Kind.DECLINED, template="planning/email/declined", context=context, url=url)
        if replacement is not None:
            notify(
                [replacement.user],
                kind=Kind.PLAN,
                template="planning/email/teach",
                context={"meetup": meetup, "member": replacement},
                url=decline_url(meetup),
            )
            notify(
                attendees(meetup, TAKING_PART),
                kind=Kind.CHANGED,
                template="planning/email/new_teacher",
                context=context,
                url=url,
            )
    return decline

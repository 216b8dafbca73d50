from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from sebaya.accounts.permissions import request_user
from sebaya.communities.permissions import get_organised_community
from sebaya.core.api import WRITE, Body, Count, Flag
from sebaya.core.errors import Conflict

from . import draft, reasons, services
from .models import DeclineOutcome, DeclineRole, PlanRun, PlanStatus
from .permissions import get_declinable, get_plan_run

router = Router(tags=["planning"])


class PlanIn(Body):
    time_limit: Count = Field(20, ge=1, le=600, description="Seconds the planner may take.")


class PlanOut(Schema):
    id: int
    week_start: datetime.date
    status: PlanStatus
    progress: float
    best_score: float | None
    plan: dict[str, Any] | None = Field(description="The sebaya-plan/1 document once the draft is ready.")
    fairness: dict[str, Any] | None
    left_out: list[dict[str, str]]
    error: str


class PublishedOut(Schema):
    sessions: list[int]


def _out(run: PlanRun) -> dict[str, Any]:
    return {
        "id": run.pk, "week_start": run.week_start, "status": run.status, "progress": run.progress,
        "best_score": run.best_score, "plan": run.plan, "fairness": services.fairness(run) if run.plan else None,
        "left_out": run.left_out, "error": run.error,
    }  # fmt: skip


@router.post("/communities/{slug}/plans", response={201: PlanOut, **WRITE}, summary="Plan next week (organisers)")
def plan_start(request: HttpRequest, slug: str, payload: PlanIn) -> Status[dict[str, Any]]:
    community, organiser = get_organised_community(request.user, slug)
    run = services.plan_start(community=community, by=organiser.user, time_limit=payload.time_limit)
    run.refresh_from_db()
    return Status(201, _out(run))


@router.get(
    "/communities/{slug}/plans/{run_id}", response={200: PlanOut, **WRITE}, summary="A plan: progress, then the draft"
)
def plan_get(request: HttpRequest, slug: str, run_id: int) -> dict[str, Any]:
    community, _organiser = get_organised_community(request.user, slug)
    return _out(get_object_or_404(PlanRun, pk=run_id, community=community))


@router.post(
    "/communities/{slug}/plans/{run_id}/publish",
    response={200: PublishedOut, **WRITE},
    summary="Publish the draft as sessions",
)
def plan_publish(request: HttpRequest, slug: str, run_id: int) -> dict[str, Any]:
    community, organiser = get_organised_community(request.user, slug)
    run = get_object_or_404(PlanRun, pk=run_id, community=community)
    return {"sessions": [m.pk for m in services.plan_publish(run=run, by=organiser)]}


class SessionRef(Body):
    session: str = Field(description="The session's key in the draft, as the draft lists it.", max_length=200)


class PinIn(SessionRef):
    pinned: Flag = Field(True, description="True to pin (a re-plan keeps the session exactly), false to unpin.")


class MoveIn(SessionRef):
    day: Count = Field(ge=0, le=6, description="Day of the planned week, 0 for Monday.")
    hour: Count = Field(ge=0, le=23, description="Starting hour, local time of the community.")
    venue: Count = Field(description="Id of one of the community's venues.")


class DraftSessionOut(Schema):
    key: str
    pinned: bool
    skill: str
    skill_name: str
    teacher: int = Field(description="Membership id of the teacher.")
    teacher_name: str
    learners: list[int] = Field(description="Membership ids of the learners.")
    learner_names: list[str]
    venue: int
    venue_name: str
    starts_at: datetime.datetime
    reasons: list[str] = Field(description="Why the planner chose this session, in the reader's language.")


class RemovedOut(Schema):
    skill: str
    teacher: int
    starts_at: datetime.datetime


class DraftOut(Schema):
    id: int
    week_start: datetime.date
    status: PlanStatus
    score: float | None
    upper_bound: float | None
    sessions: list[DraftSessionOut]
    fairness: dict[str, Any]
    removed: list[RemovedOut] = Field(description="Sessions taken out of the draft; re-plans do not propose them.")


class CheckOut(Schema):
    valid: bool
    score: float
    errors: list[str] = Field(description="Every broken rule, as the spec's checker words it.")


class DeclineIn(Body):
    member: Count | None = Field(
        None, description="Membership id of whom to decline for (a guardian names their child); default: yourself."
    )


class DeclineOut(Schema):
    outcome: DeclineOutcome
    role: DeclineRole
    replacement: int | None = Field(description="Membership id of the teacher who takes over, if any.")
    session_status: str


def _mid(pid: str) -> int:
    return int(pid[1:])


def _draft(run: PlanRun) -> dict[str, Any]:
    if not run.plan:
        raise Conflict(_("The draft is not ready yet."), code="not_ready")
    names = services.names_of(run)
    sessions = []
    for s in sorted(run.plan.get("sessions", []), key=lambda s: s["start"]):
        key = draft.session_key(s)
        lines = [r for r in (reasons.render(x, names) for x in s.get("reasons", [])) if r]
        travel = reasons.travel_line(s.get("reasons", []), names)
        sessions.append(
            {
                "key": key, "pinned": key in run.pinned, "skill": s["skill"], "skill_name": names.get(s["skill"], ""),
                "teacher": _mid(s["teacher"]), "teacher_name": names.get(s["teacher"], ""),
                "learners": [_mid(x) for x in s["learners"]], "learner_names": [names.get(x, "") for x in s["learners"]],
                "venue": _mid(s["venue"]), "venue_name": names.get(s["venue"], ""),
                "starts_at": services.slot_start(run, s["start"]),
                "reasons": list(dict.fromkeys(lines)) + ([travel] if travel else []),
            }
        )  # fmt: skip
    return {
        "id": run.pk, "week_start": run.week_start, "status": run.status, "score": run.plan.get("score"),
        "upper_bound": run.plan.get("upper_bound"), "sessions": sessions, "fairness": services.fairness(run),
        "removed": [
            {"skill": sk, "teacher": _mid(t), "starts_at": services.slot_start(run, start)} for sk, t, start in run.excluded
        ],
    }  # fmt: skip


@router.get(
    "/communities/{slug}/plans/{run_id}/draft",
    response={200: DraftOut, **WRITE},
    summary="The draft: sessions by time with their reasons, pins, removals and fairness figures",
)
def plan_draft(request: HttpRequest, slug: str, run_id: int) -> dict[str, Any]:
    _community, _organiser, run = get_plan_run(request.user, slug, run_id)
    return _draft(run)


@router.put(
    "/communities/{slug}/plans/{run_id}/pins",
    response={200: DraftOut, **WRITE},
    summary="Pin or unpin a draft session",
)
def plan_pin(request: HttpRequest, slug: str, run_id: int, payload: PinIn) -> dict[str, Any]:
    _community, organiser, run = get_plan_run(request.user, slug, run_id)
    return _draft(services.draft_session_pin(run=run, by=organiser, key=payload.session, pinned=payload.pinned))


@router.post(
    "/communities/{slug}/plans/{run_id}/remove",
    response={200: DraftOut, **WRITE},
    summary="Remove a session from the draft (re-plans do not propose it again)",
)
def plan_remove(request: HttpRequest, slug: str, run_id: int, payload: SessionRef) -> dict[str, Any]:
    _community, organiser, run = get_plan_run(request.user, slug, run_id)
    return _draft(services.draft_session_remove(run=run, by=organiser, key=payload.session))


@router.post(
    "/communities/{slug}/plans/{run_id}/move",
    response={200: DraftOut, **WRITE},
    summary="Move a draft session to another time and/or venue (400 with the reasons when it cannot go there)",
)
def plan_move(request: HttpRequest, slug: str, run_id: int, payload: MoveIn) -> dict[str, Any]:
    _community, organiser, run = get_plan_run(request.user, slug, run_id)
    if not run.plan:
        raise Conflict(_("Only a finished draft that is not yet published can be changed."), code="not_a_draft")
    start = services.draft_slot(run, payload.day, payload.hour)
    moved = services.draft_session_move(
        run=run, by=organiser, key=payload.session, start=start, venue=f"v{payload.venue}"
    )
    return _draft(moved)


@router.post(
    "/communities/{slug}/plans/{run_id}/replan",
    response={201: PlanOut, **WRITE},
    summary="Re-plan the draft: pinned sessions stay, the rest adapts; poll the new plan",
)
def plan_replan(request: HttpRequest, slug: str, run_id: int) -> Status[dict[str, Any]]:
    _community, organiser, run = get_plan_run(request.user, slug, run_id)
    child = services.plan_replan(run=run, by=organiser)
    child.refresh_from_db()
    return Status(201, _out(child))


@router.get(
    "/communities/{slug}/plans/{run_id}/check",
    response={200: CheckOut, **WRITE},
    summary="Re-check a stored plan against its stored input with the spec's checker",
)
def plan_check(request: HttpRequest, slug: str, run_id: int) -> dict[str, Any]:
    _community, _organiser, run = get_plan_run(request.user, slug, run_id)
    report = services.plan_recheck(run)
    return {"valid": report.valid, "score": report.score, "errors": list(report.errors)}


@router.post(
    "/communities/{slug}/sessions/{meetup_id}/decline",
    response={200: DeclineOut, **WRITE},
    summary="Decline a planned session you (or your child) teach or learn in; the plan is repaired",
)
def session_decline(request: HttpRequest, slug: str, meetup_id: int, payload: DeclineIn) -> dict[str, Any]:
    user = request_user(request)
    member_id = payload.member
    if member_id is None:
        own = user.memberships.filter(community__slug=slug).first()
        member_id = own.pk if own else -1
    _community, _meetup, planned, choices = get_declinable(user, slug, meetup_id, member_id)
    decline = services.assignment_decline(planned=planned, membership=choices[0], by=user)
    planned.meetup.refresh_from_db(fields=["status"])
    return {
        "outcome": decline.outcome,
        "role": decline.role,
        "replacement": decline.replacement_id,
        "session_status": planned.meetup.status,
    }

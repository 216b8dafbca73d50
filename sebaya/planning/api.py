from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from sebaya.communities.permissions import get_organised_community
from sebaya.core.api import WRITE, Body, Count

from . import services
from .models import PlanRun, PlanStatus

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

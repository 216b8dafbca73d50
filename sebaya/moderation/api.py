"""Reports and moderation in the JSON API: the same helpers and services as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sebaya.accounts.permissions import request_user
from sebaya.core.api import AUTHED, READ, WRITE, Body, Instant

from . import services
from .models import Reason, Report
from .models import Status as ReportStatus
from .permissions import get_moderated_community, get_report_for_moderator, get_reportable, instance_reports, my_reports
from .registry import kinds, target_for

router = Router(tags=["moderation"])
LIMIT = 100


class ReportIn(Body):
    kind: str = Field(description="What is reported: " + ", ".join(kinds()) + ".", max_length=30)
    object_id: int = Field(ge=1, description="The id of the member (membership), session, … reported.")
    reason: Reason
    details: str = Field("", max_length=2000, description="What happened, in the reporter's words.")


class MyReportOut(Schema):
    id: int
    community: str
    kind: str
    object_id: int
    target: str
    reason: str
    status: str
    outcome: str
    outcome_note: str
    created_at: datetime.datetime


class QueueReportOut(MyReportOut):
    details: str
    involves_minor: bool
    handled_at: datetime.datetime | None


class ActionIn(Body):
    action: str = Field(description="One of: " + ", ".join(services.ModAction.ALL) + ".")
    message: str = Field("", max_length=2000, description="Read by the person warned or suspended and by reporters.")
    until: Instant | None = Field(None, description="When a suspension ends (ISO 8601).")


class QueueFilter(Schema):
    status: ReportStatus | None = Field(ReportStatus.OPEN, description="open (default), resolved or dismissed.")


def _mine(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "community": r.community.slug,
        "kind": r.kind,
        "object_id": r.object_id,
        "target": r.target_label,
        "reason": r.reason,
        "status": r.status,
        "outcome": r.outcome,
        "outcome_note": r.outcome_note,
        "created_at": r.created_at,
    }


def _queued(r: Report) -> dict[str, Any]:
    return {**_mine(r), "details": r.details, "involves_minor": r.involves_minor, "handled_at": r.handled_at}


@router.post(
    "/communities/{slug}/reports",
    response={201: MyReportOut, **WRITE, 429: WRITE[400]},
    summary="Report a member, a session or other content to the community's moderators",
)
def report_create(request: HttpRequest, slug: str, payload: ReportIn) -> Status[dict[str, Any]]:
    community, obj = get_reportable(request.user, slug, target_for(payload.kind), payload.object_id)
    target = target_for(payload.kind)
    report = services.report_create(
        reporter=request_user(request),
        community=community,
        target=target,
        obj=obj,
        reason=payload.reason,
        details=payload.details,
    )
    return Status(201, _mine(report))


@router.get("/me/reports", response={200: list[MyReportOut], **AUTHED}, summary="My reports and their outcome")
def reports_mine(request: HttpRequest) -> list[dict[str, Any]]:
    return [_mine(r) for r in my_reports(request.user)[:LIMIT]]


@router.get(
    "/communities/{slug}/reports",
    response={200: list[QueueReportOut], **READ},
    summary="The community's reports (organisers and facilitators)",
)
def community_queue(request: HttpRequest, slug: str, filters: Query[QueueFilter]) -> list[dict[str, Any]]:
    _community, reports = get_moderated_community(request.user, slug)
    if filters.status:
        reports = reports.filter(status=filters.status)
    return [_queued(r) for r in reports[:LIMIT]]


@router.get(
    "/moderation/reports", response={200: list[QueueReportOut], **READ}, summary="Every report (instance operators)"
)
def instance_queue(request: HttpRequest, filters: Query[QueueFilter]) -> list[dict[str, Any]]:
    reports = instance_reports(request.user)
    if filters.status:
        reports = reports.filter(status=filters.status)
    return [_queued(r) for r in reports[:LIMIT]]


@router.post(
    "/moderation/reports/{report_id}/actions",
    response={200: QueueReportOut, **WRITE},
    summary="Act on a report: dismiss, hide, warn, suspend, remove or ban (operators)",
)
def report_act(request: HttpRequest, report_id: int, payload: ActionIn) -> dict[str, Any]:
    report = get_report_for_moderator(request.user, report_id)
    done = services.report_act(
        report=report, by=request_user(request), action=payload.action, message=payload.message, until=payload.until
    )
    return _queued(done)

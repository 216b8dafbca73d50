from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sebaya.communities.models import Membership
from sebaya.communities.permissions import get_community, get_member_community, membership_of, shown_name
from sebaya.core.api import OPEN, OPTIONAL_AUTH, READ, WRITE, Body, Error, Flag, Instant
from sebaya.core.api import Count as CountInt
from sebaya.skills.models import Skill
from sebaya.venues.models import Venue

from . import services
from .models import Meetup, MeetupStatus, Pace, RsvpStatus
from .permissions import can_see_address, get_meetup, get_member_meetup, get_rw_meetup
from .views import visible_meetups

router = Router(tags=["sessions"])


class MeetupOut(Schema):
    id: int
    title: str
    skill: str
    host: str
    status: MeetupStatus
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str | None
    address: str | None = Field(description="Null when hidden: a home's address is for confirmed participants only.")
    online_url: str = Field(description="Empty for callers who are not members of the community.")
    capacity: int
    going: int
    waiting: int
    level_min: int
    level_max: int
    agenda: str


class MeetupFilter(Schema):
    skill: str | None = Field(None, max_length=60)
    after: Instant | None = Field(None, description="Only sessions ending after this instant (default: now).")


class MeetupIn(Body):
    title: str = Field(min_length=1, max_length=140)
    skill: str = Field(min_length=1, max_length=60)
    host: CountInt | None = Field(None, description="The hosting membership's id (default: you).")
    starts_at: Instant
    ends_at: Instant
    venue: CountInt | None = None
    online_url: str = Field("", max_length=200)
    capacity: CountInt | None = Field(None, ge=1, le=500)
    level_min: CountInt = Field(1, ge=1, le=5)
    level_max: CountInt = Field(5, ge=1, le=5)
    agenda: str = Field("", max_length=20000)
    weeks: CountInt = Field(1, ge=1, le=52)
    publish: Flag = False


class MeetupPatch(Body):
    title: str | None = Field(None, min_length=1, max_length=140)
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    venue: CountInt | None = None
    online_url: str | None = Field(None, max_length=200)
    capacity: CountInt | None = Field(None, ge=1, le=500)
    agenda: str | None = Field(None, max_length=20000)
    rest_of_series: Flag = False


class RsvpIn(Body):
    going: Flag


class RsvpOut(Schema):
    status: RsvpStatus
    waitlist_position: int | None


class AttendanceIn(Body):
    present: list[CountInt] = Field(max_length=500, description="Membership ids of the people who came.")


class CheckInIn(Body):
    code: str = Field(min_length=6, max_length=6)


class FeedbackIn(Body):
    usefulness: CountInt = Field(ge=1, le=5)
    pace: Pace
    comment: str = Field("", max_length=2000)


class FeedbackSummary(Schema):
    count: int
    usefulness: float | None
    pace: dict[str, int]
    comments: list[str]


class AttendeeOut(Schema):
    membership: int
    name: str
    status: RsvpStatus
    attended: bool | None


def _out(m: Meetup, viewer: Membership | None, counts: dict[str, int] | None = None) -> dict[str, Any]:
    """A session as the API shows it; a list passes the seat counts it annotated in its one query."""
    if counts is None:
        counts = m.rsvps.aggregate(
            going=Count("id", filter=Q(status=RsvpStatus.GOING)),
            waiting=Count("id", filter=Q(status=RsvpStatus.WAITLISTED)),
        )
    return {
        "id": m.pk, "title": m.title, "skill": m.skill.slug, "host": shown_name(m.host_user, viewer.user if viewer else AnonymousUser()), "status": m.status,
        "starts_at": m.starts_at, "ends_at": m.ends_at, "venue": m.venue.name if m.venue else None,
        "address": (m.venue.address if m.venue else None) if can_see_address(viewer, m) else None,
        "online_url": m.online_url if viewer is not None else "", "capacity": m.capacity, "level_min": m.level_min, "level_max": m.level_max,
        "agenda": m.agenda, **counts,
    }  # fmt: skip


@router.get(
    "/communities/{slug}/sessions", response={200: list[MeetupOut], 404: Error, 422: Error}, auth=OPTIONAL_AUTH,
    openapi_extra=OPEN, summary="Coming sessions of a community",
)  # fmt: skip
def meetup_list(request: HttpRequest, slug: str, filters: Query[MeetupFilter]) -> list[dict[str, Any]]:
    community = get_community(slug)
    viewer = membership_of(request.user, community)
    qs = visible_meetups(community, viewer).filter(ends_at__gte=filters.after or datetime.datetime.now(datetime.UTC))
    if filters.skill:
        qs = qs.filter(skill__slug=filters.skill)
    qs = qs.annotate(
        n_going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
        n_waiting=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED)),
    )
    return [_out(m, viewer, {"going": m.n_going, "waiting": m.n_waiting}) for m in qs.order_by("starts_at")[:200]]


@router.post(
    "/communities/{slug}/sessions",
    response={201: list[MeetupOut], **WRITE},
    summary="Schedule a session or a weekly series",
)
def meetup_create(request: HttpRequest, slug: str, payload: MeetupIn) -> Status[list[dict[str, Any]]]:
    community, viewer = get_member_community(request.user, slug)
    skill = get_object_or_404(Skill.objects.available_to(community.pk), slug=payload.skill)
    host = viewer if payload.host is None else get_object_or_404(Membership, pk=payload.host, community=community)
    venue = None if payload.venue is None else get_object_or_404(Venue, pk=payload.venue, community=community)
    created = services.meetup_create(
        by=viewer, host=host, skill=skill, title=payload.title, starts_at=payload.starts_at, ends_at=payload.ends_at,
        venue=venue, online_url=payload.online_url, capacity=payload.capacity, agenda=payload.agenda,
        level_min=payload.level_min, level_max=payload.level_max, weeks=payload.weeks, publish=payload.publish,
    )  # fmt: skip
    return Status(201, [_out(m, viewer) for m in created])


@router.get(
    "/communities/{slug}/sessions/{meetup_id}", response={200: MeetupOut, 404: Error, 422: Error}, auth=OPTIONAL_AUTH,
    openapi_extra=OPEN, summary="A session",
)  # fmt: skip
def meetup_get(request: HttpRequest, slug: str, meetup_id: int) -> dict[str, Any]:
    _community, meetup, viewer = get_meetup(request.user, slug, meetup_id)
    return _out(meetup, viewer)


@router.patch(
    "/communities/{slug}/sessions/{meetup_id}",
    response={200: MeetupOut, **WRITE},
    summary="Change a session (host, organisers, facilitators)",
)
def meetup_update(request: HttpRequest, slug: str, meetup_id: int, payload: MeetupPatch) -> dict[str, Any]:
    community, meetup, viewer = get_rw_meetup(request.user, slug, meetup_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"rest_of_series"})
    if "venue" in changes and changes["venue"] is not None:
        changes["venue"] = get_object_or_404(Venue, pk=changes["venue"], community=community)
    changes = {k: v for k, v in changes.items() if v is not None or k == "venue"}
    services.meetup_update(meetup=meetup, occurrences="rest" if payload.rest_of_series else "this", **changes)
    meetup.refresh_from_db()
    return _out(meetup, viewer)


@router.post(
    "/communities/{slug}/sessions/{meetup_id}/publish", response={200: MeetupOut, **WRITE}, summary="Publish a draft"
)
def meetup_publish(request: HttpRequest, slug: str, meetup_id: int) -> dict[str, Any]:
    _community, meetup, viewer = get_rw_meetup(request.user, slug, meetup_id)
    return _out(services.meetup_publish(meetup=meetup), viewer)


@router.post(
    "/communities/{slug}/sessions/{meetup_id}/cancel", response={200: MeetupOut, **WRITE}, summary="Cancel a session"
)
def meetup_cancel(request: HttpRequest, slug: str, meetup_id: int) -> dict[str, Any]:
    _community, meetup, viewer = get_rw_meetup(request.user, slug, meetup_id)
    return _out(services.meetup_cancel(meetup=meetup), viewer)


@router.put(
    "/communities/{slug}/sessions/{meetup_id}/rsvp", response={200: RsvpOut, **WRITE}, summary="Say whether I am going"
)
def rsvp(request: HttpRequest, slug: str, meetup_id: int, payload: RsvpIn) -> dict[str, Any]:
    _community, meetup, viewer = get_member_meetup(request.user, slug, meetup_id)
    answer = services.meetup_rsvp(meetup=meetup, membership=viewer, going=payload.going)
    return {"status": answer.status, "waitlist_position": services.waitlist_position(answer)}


@router.get(
    "/communities/{slug}/sessions/{meetup_id}/attendees",
    response={200: list[AttendeeOut], **READ},
    summary="Who is coming (members)",
)
def attendee_list(request: HttpRequest, slug: str, meetup_id: int) -> list[dict[str, Any]]:
    _community, meetup, _viewer = get_member_meetup(request.user, slug, meetup_id)
    rows = meetup.rsvps.filter(status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED]).select_related("membership__user")
    return [
        {
            "membership": r.membership_id,
            "name": shown_name(r.membership.user, request.user),
            "status": r.status,
            "attended": r.attended,
        }
        for r in rows.order_by("created_at")
    ]


@router.put(
    "/communities/{slug}/sessions/{meetup_id}/attendance",
    response={204: None, **WRITE},
    summary="Record who came (host)",
)
def attendance(request: HttpRequest, slug: str, meetup_id: int, payload: AttendanceIn) -> Status[None]:
    _community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    services.attendance_mark(meetup=meetup, present=payload.present)
    return Status(204, None)


@router.post(
    "/communities/{slug}/sessions/{meetup_id}/check-in",
    response={200: RsvpOut, **WRITE},
    summary="Check myself in with the host's code",
)
def check_in(request: HttpRequest, slug: str, meetup_id: int, payload: CheckInIn) -> dict[str, Any]:
    _community, meetup, viewer = get_member_meetup(request.user, slug, meetup_id)
    answer = services.check_in(meetup=meetup, membership=viewer, code=payload.code)
    return {"status": answer.status, "waitlist_position": None}


@router.post(
    "/communities/{slug}/sessions/{meetup_id}/feedback",
    response={201: None, **WRITE},
    summary="Give feedback after a session",
)
def feedback_give(request: HttpRequest, slug: str, meetup_id: int, payload: FeedbackIn) -> Status[None]:
    _community, meetup, viewer = get_member_meetup(request.user, slug, meetup_id)
    services.feedback_give(meetup=meetup, membership=viewer, **payload.model_dump())
    return Status(201, None)


@router.get(
    "/communities/{slug}/sessions/{meetup_id}/feedback",
    response={200: FeedbackSummary, **READ},
    summary="Feedback in aggregate (host)",
)
def feedback_summary(request: HttpRequest, slug: str, meetup_id: int) -> dict[str, Any]:
    _community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    return services.feedback_summary(meetup)

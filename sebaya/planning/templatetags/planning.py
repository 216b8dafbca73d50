"""On a session's page: a way to decline it, for whoever the plan asked to teach or learn in it."""

from __future__ import annotations

from typing import Any

from django import template

from sebaya.meetups.models import Meetup, MeetupStatus
from sebaya.planning.models import PlannedSession
from sebaya.planning.permissions import involved
from sebaya.planning.services import assignment_role

register = template.Library()


@register.inclusion_tag("planning/_decline_link.html", takes_context=True)
def decline_link(context: dict[str, Any], meetup: Meetup) -> dict[str, Any]:
    request = context.get("request")
    show = False
    if (
        request is not None
        and meetup.status == MeetupStatus.PUBLISHED
        and not meetup.is_past
        and PlannedSession.objects.filter(meetup=meetup).exists()
    ):
        show = any(assignment_role(meetup, m) for m in involved(request.user, meetup))
    return {"show": show, "meetup": meetup}

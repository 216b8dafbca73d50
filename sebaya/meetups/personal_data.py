"""What sessions hold about a person: what they hosted, answered, attended and the feedback they gave."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from sebaya.accounts.models import User
from sebaya.core.personal_data import Activity

from .models import Feedback, Meetup, Rsvp


def export(user: User) -> dict[str, Any]:
    return {
        "hosted": [
            {
                "community": m.community.name,
                "title": m.title,
                "starts_at": m.starts_at,
                "status": m.status,
                "notes": m.notes,
            }
            for m in Meetup.objects.filter(host__user=user).select_related("community")
        ],
        "answers": [
            {
                "session": r.meetup.title,
                "starts_at": r.meetup.starts_at,
                "status": r.status,
                "attended": r.attended,
                "checked_in_at": r.checked_in_at,
            }
            for r in Rsvp.objects.filter(membership__user=user).select_related("meetup")
        ],
        "feedback_given": [
            {
                "session": f.meetup.title,
                "usefulness": f.usefulness,
                "pace": f.pace,
                "comment": f.comment,
                "created_at": f.created_at,
            }
            for f in Feedback.objects.filter(membership__user=user).select_related("meetup")
        ],
    }


def erase(user: User) -> None:
    """Upcoming sessions they host are cancelled (attendees are told) and their upcoming answers
    withdrawn (freeing seats for the waitlist). Past sessions, attendance and feedback stay, by a
    former member, so that the community's counts and the hosts' summaries do not change."""
    from .services import leave_coming_sessions

    leave_coming_sessions(user)
    Meetup.cohosts.through.objects.filter(membership__user=user).delete()
    Meetup.objects.filter(created_by=user).update(created_by=None)


def child_activity(child: User) -> list[Activity]:
    """The feedback a child wrote (the guardian reads what their child posts)."""
    return [
        Activity(
            section=_("Feedback given"),
            text=f"{f.meetup.title}: {f.usefulness}/5{' — ' + f.comment if f.comment else ''}",
            when=f.created_at,
            url=reverse("meetups:detail", args=[f.meetup.community.slug, f.meetup_id]),
        )
        for f in Feedback.objects.filter(membership__user=child).select_related("meetup__community")
    ]

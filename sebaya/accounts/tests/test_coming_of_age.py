"""The daily job: a member who turns 18 answers for themselves."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from sebaya.accounts.models import Guardianship, User
from sebaya.accounts.services import guardianships_end_for_adults
from sebaya.accounts.tasks import daily_account_jobs
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import Community, JoinRequest
from sebaya.communities.tests.factories import CommunityFactory
from sebaya.meetups.models import RsvpStatus
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification
from sebaya.venues.models import Venue

pytestmark = pytest.mark.django_db


def _turns_18_today(user: User) -> None:
    today = datetime.date.today()
    user.birth_date = (
        today.replace(year=today.year - 18)
        if (today.month, today.day) != (2, 29)
        else today.replace(year=today.year - 18, day=28)
    )
    user.save()


def test_guardianship_ends_on_the_18th_birthday(guardian: User, minor: User) -> None:
    _turns_18_today(minor)
    assert guardianships_end_for_adults() == 1
    assert not Guardianship.objects.filter(minor=minor).exists()
    assert AuditEvent.objects.filter(action=Action.GUARDIAN_UNLINKED, subject=minor, data__reason="adult").exists()
    assert Notification.objects.filter(user=minor, kind=Kind.ACCOUNT).exists()
    assert Notification.objects.filter(user=guardian, kind=Kind.ACCOUNT).exists()
    assert guardianships_end_for_adults() == 0  # once only


def test_a_child_of_17_keeps_her_guardian(guardian: User, minor: User) -> None:
    minor.birth_date = datetime.date.today().replace(year=datetime.date.today().year - 17)
    minor.save()
    assert guardianships_end_for_adults() == 0
    assert Guardianship.objects.filter(minor=minor).exists()


def test_waiting_answers_and_requests_become_her_own(
    guardian: User, minor: User, member: User, organiser: User, venue: Venue
) -> None:
    meetup = make_meetup(organiser.memberships.get(), venue=venue)
    meetup_rsvp(meetup=meetup, membership=member.memberships.get(), going=True)
    rsvp = meetup_rsvp(meetup=meetup, membership=minor.memberships.get(), going=True)
    other: Community = CommunityFactory(slug="lain")
    req = JoinRequest.objects.create(community=other, user=minor, status=JoinRequest.Status.PENDING_GUARDIAN)
    _turns_18_today(minor)
    guardianships_end_for_adults()
    rsvp.refresh_from_db()
    req.refresh_from_db()
    assert rsvp.status == RsvpStatus.GOING
    assert req.status == JoinRequest.Status.PENDING


def test_the_command_and_the_task_run_the_job(guardian: User, minor: User) -> None:
    out = StringIO()
    call_command("daily_accounts", stdout=out)
    assert "Came of age: 0" in out.getvalue()
    _turns_18_today(minor)
    daily_account_jobs.enqueue()
    assert not Guardianship.objects.filter(minor=minor).exists()

"""Many members taking the last seats at the same moment: exactly the seats are given, never more.

On PostgreSQL (``make test-postgres``) the threads really run in parallel and the session row lock
is what keeps the count right; on SQLite, immediate transactions queue the writers.
"""

from __future__ import annotations

import pytest

from sebaya.communities.models import Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.core.testing import run_together
from sebaya.meetups import services
from sebaya.meetups.models import RsvpStatus
from sebaya.meetups.tests.factories import make_meetup

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]

SEATS = 3
PEOPLE = 12


def test_concurrent_rsvps_never_oversell_and_the_rest_queue_in_order() -> None:
    community = CommunityFactory()
    host = MembershipFactory(community=community, role=Membership.Role.ORGANISER)
    meetup = make_meetup(host, capacity=SEATS)
    people = [MembershipFactory(community=community) for _ in range(PEOPLE)]
    results = run_together(*[lambda p=p: services.meetup_rsvp(meetup=meetup, membership=p, going=True) for p in people])
    assert results == ["ok"] * PEOPLE
    rsvps = list(meetup.rsvps.all())
    assert sum(r.status == RsvpStatus.GOING for r in rsvps) == SEATS
    waiting = [r for r in rsvps if r.status == RsvpStatus.WAITLISTED]
    assert len(waiting) == PEOPLE - SEATS
    assert sorted(services.waitlist_position(r) or 0 for r in waiting) == list(range(1, PEOPLE - SEATS + 1))

    # Everyone going leaves at once: the first three in line get the seats, nobody else.
    going = [r.membership for r in rsvps if r.status == RsvpStatus.GOING]
    first_in_line = sorted(waiting, key=lambda r: (r.waitlisted_at, r.pk))[:SEATS]
    run_together(*[lambda p=p: services.meetup_rsvp(meetup=meetup, membership=p, going=False) for p in going])
    now_going = set(meetup.rsvps.filter(status=RsvpStatus.GOING).values_list("pk", flat=True))
    assert now_going == {r.pk for r in first_in_line}


def test_a_double_click_makes_one_answer() -> None:
    community = CommunityFactory()
    host = MembershipFactory(community=community, role=Membership.Role.ORGANISER)
    meetup = make_meetup(host, capacity=5)
    person = MembershipFactory(community=community)
    run_together(*[lambda: services.meetup_rsvp(meetup=meetup, membership=person, going=True)] * 5)
    assert meetup.rsvps.count() == 1 and meetup.rsvps.get().status == RsvpStatus.GOING

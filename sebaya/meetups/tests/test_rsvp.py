from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sebaya.communities.tests.factories import MembershipFactory
from sebaya.core.errors import ServiceError
from sebaya.meetups import services
from sebaya.meetups.models import Meetup, RsvpStatus
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Notification

pytestmark = pytest.mark.django_db


def mem(user, community):
    return user.memberships.get(community=community)


def test_a_full_session_puts_the_next_member_on_the_waitlist_and_promotes_on_leave(
    community, organiser, member, facilitator, guardian, django_capture_on_commit_callbacks
) -> None:
    m = make_meetup(mem(organiser, community), capacity=2)
    a = services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    b = services.meetup_rsvp(meetup=m, membership=mem(facilitator, community), going=True)
    c = services.meetup_rsvp(meetup=m, membership=mem(guardian, community), going=True)
    assert [a.status, b.status, c.status] == ["going", "going", "waitlisted"]
    assert services.waitlist_position(c) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.meetup_rsvp(meetup=m, membership=mem(member, community), going=False)
    c.refresh_from_db()
    assert c.status == RsvpStatus.GOING
    assert Notification.objects.filter(user=guardian, kind="promoted").exists()
    assert any(guardian.email in msg.to for msg in mail.outbox)


def test_the_waitlist_is_first_come_first_served(community, organiser) -> None:
    m = make_meetup(mem(organiser, community), capacity=1)
    people = [MembershipFactory(community=community) for _ in range(4)]
    for p in people:
        services.meetup_rsvp(meetup=m, membership=p, going=True)
    services.meetup_rsvp(meetup=m, membership=people[0], going=False)
    statuses = [m.rsvps.get(membership=p).status for p in people]
    assert statuses == ["not_going", "going", "waitlisted", "waitlisted"]
    assert services.waitlist_position(m.rsvps.get(membership=people[3])) == 2


def test_answering_twice_changes_nothing(community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community), capacity=1)
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    assert m.rsvps.filter(status="going").count() == 1


def test_seats_cannot_shrink_below_the_people_going(community, organiser, member, facilitator) -> None:
    m = make_meetup(mem(organiser, community), capacity=3)
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    services.meetup_rsvp(meetup=m, membership=mem(facilitator, community), going=True)
    with pytest.raises(ServiceError) as err:
        services.meetup_update(meetup=m, capacity=1)
    assert err.value.code == "capacity_below_going"
    assert Meetup.objects.get(pk=m.pk).capacity == 3
    services.meetup_update(meetup=m, capacity=2)
    assert Meetup.objects.get(pk=m.pk).capacity == 2


def test_capacity_defaults_from_the_venue_and_never_exceeds_it(community, organiser, venue) -> None:
    m = make_meetup(mem(organiser, community), venue=venue)
    assert m.capacity == venue.capacity - 1
    with pytest.raises(ServiceError) as err:
        make_meetup(mem(organiser, community), venue=venue, capacity=venue.capacity)
    assert err.value.code == "over_venue_capacity"


def test_a_minors_rsvp_waits_for_her_guardian(community, organiser, minor, guardian, venue) -> None:
    m = make_meetup(mem(organiser, community), venue=venue)
    r = services.meetup_rsvp(meetup=m, membership=mem(minor, community), going=True)
    assert r.status == RsvpStatus.PENDING_GUARDIAN
    assert Notification.objects.filter(user=guardian, kind="rsvp_consent").exists()
    services.rsvp_guardian_decide(rsvp=r, guardian=guardian, approve=True)
    r.refresh_from_db()
    assert r.status == RsvpStatus.GOING


def test_someone_else_cannot_consent_for_a_child(community, organiser, minor, member, venue) -> None:
    m = make_meetup(mem(organiser, community), venue=venue)
    r = services.meetup_rsvp(meetup=m, membership=mem(minor, community), going=True)
    with pytest.raises(ServiceError):
        services.rsvp_guardian_decide(rsvp=r, guardian=member, approve=True)


def test_a_minor_cannot_go_to_a_venue_not_suitable_for_minors(community, organiser, minor, venue) -> None:
    venue.minors_ok = False
    venue.save()
    m = make_meetup(mem(organiser, community), venue=venue)
    with pytest.raises(ServiceError) as err:
        services.meetup_rsvp(meetup=m, membership=mem(minor, community), going=True)
    assert err.value.code == "venue_not_for_minors"


def test_an_outsider_cannot_rsvp(community, organiser, outsider) -> None:
    m = make_meetup(mem(organiser, community))
    other = MembershipFactory(user=outsider)
    with pytest.raises(ServiceError):
        services.meetup_rsvp(meetup=m, membership=other, going=True)


def test_rsvp_page_flow_with_htmx(as_user, community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community), capacity=1)
    client = as_user(member)
    url = reverse("meetups:rsvp", args=[community.slug, m.pk])
    r = client.post(url, {"going": "yes"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    page = r.content.decode()
    # htmx swaps the whole main part, so the seat count changes with the answer.
    assert r.status_code == 200 and "You are going." in page and "1 of 1 taken" in page
    client.post(url, {"going": "no"})
    assert m.rsvps.get().status == RsvpStatus.NOT_GOING


def test_check_in_needs_the_code_and_the_window(community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community))
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    with pytest.raises(ServiceError) as err:
        services.check_in(meetup=m, membership=mem(member, community), code=m.checkin_code)
    assert err.value.code == "checkin_closed"
    Meetup.objects.filter(pk=m.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    m.refresh_from_db()
    with pytest.raises(ServiceError):
        services.check_in(
            meetup=m, membership=mem(member, community), code="000000" if m.checkin_code != "000000" else "111111"
        )
    r = services.check_in(meetup=m, membership=mem(member, community), code=m.checkin_code)
    assert r.attended is True


def test_feedback_is_once_per_attendee_and_shown_only_in_aggregate(
    as_user, community, organiser, member, facilitator
) -> None:
    m = make_meetup(mem(organiser, community))
    for u in (member, facilitator):
        services.meetup_rsvp(meetup=m, membership=mem(u, community), going=True)
    Meetup.objects.filter(pk=m.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1), ends_at=timezone.now()
    )
    m.refresh_from_db()
    services.feedback_give(meetup=m, membership=mem(member, community), usefulness=5, pace="right", comment="Seru!")
    services.feedback_give(meetup=m, membership=mem(facilitator, community), usefulness=3, pace="too_fast")
    with pytest.raises(ServiceError):
        services.feedback_give(meetup=m, membership=mem(member, community), usefulness=1, pace="right")
    summary = services.feedback_summary(m)
    assert summary["count"] == 2 and summary["usefulness"] == 4 and summary["pace"] == {"right": 1, "too_fast": 1}
    page = (
        as_user(organiser)
        .get(reverse("meetups:detail", args=[community.slug, m.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Seru!" in page and "4.0 of 5" in page
    assert member.display_name not in page.split("Feedback")[-1]


def test_reminders_go_out_once_each(community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community), hours=20)
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    assert services.reminders_send_due() == 1
    assert services.reminders_send_due() == 0
    assert Notification.objects.filter(user=member, kind="reminder").count() == 1
    later = m.starts_at - datetime.timedelta(hours=1)
    assert services.reminders_send_due(later) == 1
    assert Notification.objects.filter(user=member, kind="reminder").count() == 2


def test_a_muted_kind_sends_no_email_but_still_notifies(
    as_user, community, organiser, member, django_capture_on_commit_callbacks
) -> None:
    as_user(member).post(
        reverse("notifications:settings"), {"email": ["published", "changed", "cancelled", "promoted", "rsvp_consent"]}
    )
    with django_capture_on_commit_callbacks(execute=True):
        m = make_meetup(mem(organiser, community), hours=20)
        services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
        services.reminders_send_due()
    assert Notification.objects.filter(user=member, kind="reminder").exists()
    assert not [msg for msg in mail.outbox if member.email in msg.to and "Reminder" in msg.subject]


def test_cancelling_tells_everyone_and_bumps_the_sequence(community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community))
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    seq = m.sequence
    services.meetup_cancel(meetup=m)
    m.refresh_from_db()
    assert m.status == "cancelled" and m.sequence == seq + 1
    assert Notification.objects.filter(user=member, kind="cancelled").exists()


def test_moving_a_session_bumps_the_sequence_and_tells_those_going(community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community))
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    before = m.sequence
    services.meetup_update(
        meetup=m, starts_at=m.starts_at + datetime.timedelta(hours=1), ends_at=m.ends_at + datetime.timedelta(hours=1)
    )
    m.refresh_from_db()
    assert m.sequence == before + 1
    assert Notification.objects.filter(user=member, kind="changed").exists()
    services.meetup_update(meetup=m, title="Gitar lanjutan")
    m.refresh_from_db()
    assert m.sequence == before + 1  # a new title is not a change of time or place


def test_a_past_session_is_read_only_but_for_notes(community, organiser) -> None:
    m = make_meetup(mem(organiser, community))
    Meetup.objects.filter(pk=m.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    m.refresh_from_db()
    with pytest.raises(ServiceError):
        services.meetup_update(meetup=m, title="x")
    services.meetup_notes(meetup=m, notes="Kita belajar kunci C.")
    assert Meetup.objects.get(pk=m.pk).notes == "Kita belajar kunci C."


def test_the_reminder_command_sends_what_is_due(community, organiser, member) -> None:
    from io import StringIO

    from django.core.management import call_command

    m = make_meetup(mem(organiser, community), hours=1)
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    # Within two hours of the start one reminder goes out, not a 24-hour one as well.
    assert "Reminders sent: 1." in out.getvalue()
    assert Notification.objects.filter(user=member, kind="reminder").count() == 1
    call_command("send_reminders", stdout=out)
    assert Notification.objects.filter(user=member, kind="reminder").count() == 1


def test_the_last_other_attendee_leaving_a_child_with_an_adult_flags_the_session(
    community, organiser, member, minor, facilitator, venue
) -> None:
    host = mem(member, community)
    m = make_meetup(host, venue=venue)
    child = services.meetup_rsvp(meetup=m, membership=mem(minor, community), going=True)
    services.rsvp_guardian_decide(rsvp=child, guardian=minor.guardians().get(), approve=True)
    services.meetup_rsvp(meetup=m, membership=mem(facilitator, community), going=True)
    assert not services.one_to_one_with_a_child(m)
    services.meetup_rsvp(meetup=m, membership=mem(facilitator, community), going=False)
    m.refresh_from_db()
    assert m.flagged
    assert Notification.objects.filter(user=organiser, kind="safeguarding").exists()


def test_a_child_alone_with_her_guardian_is_not_flagged(community, organiser, minor, guardian, venue) -> None:
    m = make_meetup(mem(guardian, community), venue=venue, by=mem(organiser, community))
    child = services.meetup_rsvp(meetup=m, membership=mem(minor, community), going=True)
    services.rsvp_guardian_decide(rsvp=child, guardian=guardian, approve=True)
    other = services.meetup_rsvp(meetup=m, membership=mem(organiser, community), going=False)
    assert other.status == "not_going"
    assert not services.one_to_one_with_a_child(m)


def test_a_suspended_member_cannot_check_in(community, organiser, member) -> None:
    m = make_meetup(mem(organiser, community))
    services.meetup_rsvp(meetup=m, membership=mem(member, community), going=True)
    Meetup.objects.filter(pk=m.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    m.refresh_from_db()
    membership = mem(member, community)
    membership.suspended_until = timezone.now() + datetime.timedelta(days=3)
    membership.save(update_fields=["suspended_until"])
    with pytest.raises(ServiceError) as err:
        services.check_in(meetup=m, membership=membership, code=m.checkin_code)
    assert err.value.code == "suspended"
    assert m.rsvps.get().attended is not True
    # Once the suspension is over, the same code works.
    membership.suspended_until = timezone.now() - datetime.timedelta(minutes=1)
    membership.save(update_fields=["suspended_until"])
    assert services.check_in(meetup=m, membership=membership, code=m.checkin_code).attended is True

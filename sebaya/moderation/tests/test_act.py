"""Moderators act on reports: dismiss, warn, suspend, remove, ban — once, on the record, told."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from sebaya.accounts.services import api_token_create
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import Membership
from sebaya.core.errors import Conflict, Forbidden, ServiceError
from sebaya.meetups.models import Meetup, MeetupStatus, RsvpStatus
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.moderation.models import Ban, Report
from sebaya.moderation.registry import target_for
from sebaya.moderation.services import report_act, report_create
from sebaya.notifications.models import Kind, Notification

NEXT_WEEK = timezone.now() + datetime.timedelta(days=7)


def _moderation_notices(user):
    return Notification.objects.filter(user=user, kind=Kind.MODERATION)


def test_a_warning_reaches_the_person_and_the_outcome_the_reporter(report_about_member, facilitator, member, guardian):
    report_act(report=report_about_member, by=facilitator, action="warn", message="Speak kindly to the children.")
    assert "Speak kindly to the children." in _moderation_notices(member).get().body
    assert _moderation_notices(guardian).count() == 1
    report_about_member.refresh_from_db()
    assert (report_about_member.status, report_about_member.outcome) == ("resolved", "warned")
    event = AuditEvent.objects.get(action=Action.MODERATION)
    assert (event.actor, event.subject, event.data["decision"]) == (facilitator, member, "warn")


def test_a_warning_needs_a_message(report_about_member, facilitator):
    with pytest.raises(ServiceError):
        report_act(report=report_about_member, by=facilitator, action="warn")
    report_about_member.refresh_from_db()
    assert report_about_member.is_open


def test_a_suspended_member_cannot_answer_or_host_until_the_date(
    report_about_member, organiser, member, community, settings
):
    m = member.memberships.get(community=community)
    meetup = make_meetup(organiser.memberships.get(community=community))
    report_act(report=report_about_member, by=organiser, action="suspend", until=NEXT_WEEK)
    m.refresh_from_db()
    assert m.is_suspended
    with pytest.raises(Forbidden) as refused:
        meetup_rsvp(meetup=meetup, membership=m, going=True)
    assert refused.value.code == "suspended"
    with pytest.raises(Forbidden):
        make_meetup(m)
    # Leaving a session stays possible; when the suspension ends, answering works again.
    meetup_rsvp(meetup=meetup, membership=m, going=False)
    Membership.objects.filter(pk=m.pk).update(suspended_until=timezone.now() - datetime.timedelta(minutes=1))
    m.refresh_from_db()
    assert meetup_rsvp(meetup=meetup, membership=m, going=True).status == RsvpStatus.GOING


def test_the_api_refuses_a_suspended_member_with_a_json_error(
    report_about_member, organiser, member, community, client
):
    meetup = make_meetup(organiser.memberships.get(community=community))
    report_act(report=report_about_member, by=organiser, action="suspend", until=NEXT_WEEK)
    response = login(client, member).put(
        f"/api/communities/{community.slug}/sessions/{meetup.pk}/rsvp",
        data={"going": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "suspended"


def test_the_suspended_member_reads_why_on_the_community_page(
    as_user, report_about_member, organiser, member, community
):
    report_act(report=report_about_member, by=organiser, action="suspend", until=NEXT_WEEK)
    page = as_user(member).get(reverse("communities:detail", args=[community.slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert "suspended your membership" in page.content.decode()


def test_a_suspension_needs_a_future_date(report_about_member, organiser):
    with pytest.raises(ServiceError):
        report_act(report=report_about_member, by=organiser, action="suspend", until=None)


def test_remove_ends_the_membership(report_about_member, organiser, member, community):
    report_act(report=report_about_member, by=organiser, action="remove", message="Repeated harassment.")
    assert not Membership.objects.filter(user=member, community=community).exists()
    assert _moderation_notices(member).count() == 1


def test_a_facilitator_cannot_act_against_an_organiser(community, member, organiser, facilitator, operator):
    report = report_create(
        reporter=member,
        community=community,
        target=target_for("member"),
        obj=organiser.memberships.get(community=community),
        reason="other",
    )
    with pytest.raises(Forbidden):
        report_act(report=report, by=facilitator, action="suspend", until=NEXT_WEEK)
    with pytest.raises(Forbidden):
        report_act(report=report, by=facilitator, action="dismiss")
    # The operators hear of it and may decide; the organiser reported does not even see it.
    assert Notification.objects.filter(user=operator, kind=Kind.REPORT).exists()
    report_act(report=report, by=operator, action="dismiss")
    assert login(Client(), organiser).get(reverse("moderation:report_detail", args=[report.pk])).status_code == 404


def test_only_operators_ban_and_a_banned_account_is_shut(report_about_member, organiser, operator, member, client):
    _token, raw = api_token_create(user=member, name="script")
    with pytest.raises(Forbidden):
        report_act(report=report_about_member, by=organiser, action="ban")
    logged_in = login(Client(), member)
    assert logged_in.get(reverse("accounts:profile")).status_code == 200
    report_act(report=report_about_member, by=operator, action="ban", message="Grooming attempt.")
    member.refresh_from_db()
    assert not member.is_active and Ban.objects.get(user=member).by == operator
    # The open browser session and the API token stop working; logging in again fails.
    assert logged_in.get(reverse("accounts:profile")).status_code == 302
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    response = client.post(reverse("accounts:login"), {"username": "maya@example.org", "password": "x"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_two_moderators_cannot_both_apply_a_decision(report_about_member, organiser, facilitator, member):
    stale = Report.objects.get(pk=report_about_member.pk)  # the second moderator's page was loaded before
    report_act(report=report_about_member, by=facilitator, action="warn", message="First warning.")
    with pytest.raises(Conflict):
        report_act(report=stale, by=organiser, action="suspend", until=NEXT_WEEK)
    assert not member.memberships.get().is_suspended
    assert AuditEvent.objects.filter(action=Action.MODERATION).count() == 1


def test_one_decision_closes_every_open_report_about_the_same_target(
    report_about_member, community, facilitator, minor, organiser
):
    second = report_create(
        reporter=minor,
        community=community,
        target=target_for("member"),
        obj=report_about_member.community.memberships.get(pk=report_about_member.object_id),
        reason="harassment",
    )
    report_act(report=report_about_member, by=organiser, action="dismiss")
    second.refresh_from_db()
    assert (second.status, second.outcome) == ("dismissed", "dismissed")
    assert _moderation_notices(minor).count() == 1


def test_hiding_a_kind_without_a_hide_service_is_refused(report_about_member, organiser):
    with pytest.raises(ServiceError):
        report_act(report=report_about_member, by=organiser, action="hide")


def test_the_decision_page_applies_a_decision(as_user, report_about_member, organiser):
    url = reverse("moderation:report_detail", args=[report_about_member.pk])
    assert as_user(organiser).get(url).status_code == 200
    response = as_user(organiser).post(url, {"action": "suspend", "until": NEXT_WEEK.date().isoformat()})
    assert response.status_code == 302
    report_about_member.refresh_from_db()
    assert report_about_member.outcome == "suspended"


def test_the_queues_stay_within_a_few_queries(
    as_user, community, organiser, operator, member, guardian, minor, django_assert_max_num_queries
):
    target = target_for("member")
    for reporter in (guardian, minor, organiser):
        for _ in range(3):
            report_create(
                reporter=reporter,
                community=community,
                target=target,
                obj=member.memberships.get(),
                reason="spam",
            )
    c = as_user(organiser)
    with django_assert_max_num_queries(8):
        page = c.get(reverse("moderation:queue", args=[community.slug]))
    assert page.content.decode().count("Maya Member") == 9
    c = as_user(operator)
    with django_assert_max_num_queries(8):
        assert c.get(reverse("moderation:instance_queue")).status_code == 200
    c = as_user(guardian)
    with django_assert_max_num_queries(8):
        assert c.get(reverse("moderation:mine")).status_code == 200


def test_removing_a_host_cancels_their_coming_sessions_and_keeps_the_past_ones(
    report_about_member, community, organiser, member
) -> None:
    host = member.memberships.get(community=community)
    coming = make_meetup(host)
    past = make_meetup(host, hours=72)
    Meetup.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=timezone.now() - datetime.timedelta(days=1)
    )
    report_act(report=report_about_member, by=organiser, action="remove", message="Repeated harassment.")
    assert not member.memberships.filter(community=community).exists()
    assert Meetup.objects.get(pk=coming.pk).status == MeetupStatus.CANCELLED
    assert Meetup.objects.filter(pk=past.pk, host=None).exists()


def test_a_ban_cancels_the_sessions_the_account_would_host_and_frees_its_seats(
    report_about_member, community, operator, organiser, member, facilitator, guardian
):
    hosted = make_meetup(member.memberships.get(community=community))
    meetup_rsvp(meetup=hosted, membership=facilitator.memberships.get(community=community), going=True)
    elsewhere = make_meetup(organiser.memberships.get(community=community), capacity=1, hours=96)
    meetup_rsvp(meetup=elsewhere, membership=member.memberships.get(community=community), going=True)
    waiting = meetup_rsvp(meetup=elsewhere, membership=guardian.memberships.get(community=community), going=True)
    assert waiting.status == RsvpStatus.WAITLISTED
    report_act(report=report_about_member, by=operator, action="ban", message="Grooming attempt.")
    assert Meetup.objects.get(pk=hosted.pk).status == MeetupStatus.CANCELLED
    assert Notification.objects.filter(user=facilitator, kind=Kind.CANCELLED).exists()
    assert elsewhere.rsvps.get(membership__user=member).status == RsvpStatus.NOT_GOING
    assert elsewhere.rsvps.get(membership__user=guardian).status == RsvpStatus.GOING

"""Members report people and sessions; the right people are told; the reporter follows the outcome."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sebaya.communities.models import Membership
from sebaya.meetups.tests.factories import make_meetup
from sebaya.moderation.models import Report
from sebaya.notifications.models import Kind, Notification


def _kinds(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_it_reports_a_member_to_the_moderators_but_not_to_the_person(
    as_user, community, organiser, facilitator, member, guardian, operator
):
    m = member.memberships.get(community=community)
    url = reverse("moderation:report", args=[community.slug, "member", m.pk])
    response = as_user(guardian).post(url, {"reason": "harassment", "details": "Shouting."})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.subject, report.kind, report.object_id) == (guardian, member, "member", m.pk)
    assert report.target_label == "Maya Member" and not report.involves_minor
    assert Kind.REPORT in _kinds(organiser) and Kind.REPORT in _kinds(facilitator)
    assert _kinds(member) == []  # never told, and never told who
    assert _kinds(operator) == []  # no minor involved: the community handles it


def test_a_report_involving_a_minor_also_reaches_the_operators(as_user, community, organiser, member, minor, operator):
    m = minor.memberships.get(community=community)
    as_user(member).post(
        reverse("moderation:report", args=[community.slug, "member", m.pk]), {"reason": "child_safety"}
    )
    report = Report.objects.get()
    assert report.involves_minor
    assert report.target_label == "Ayu P."  # a minor is named by first name and initial, in reports too
    assert Kind.REPORT in _kinds(operator) and Kind.REPORT in _kinds(organiser)


def test_a_report_by_a_minor_reaches_the_operators(as_user, community, organiser, member, minor, operator):
    meetup = make_meetup(member.memberships.get(community=community))
    as_user(minor).post(reverse("moderation:report", args=[community.slug, "session", meetup.pk]), {"reason": "other"})
    assert Report.objects.get().involves_minor
    assert Kind.REPORT in _kinds(operator)


def test_it_refuses_reporting_yourself(as_user, community, member):
    m = member.memberships.get(community=community)
    response = as_user(member).post(
        reverse("moderation:report", args=[community.slug, "member", m.pk]), {"reason": "spam"}
    )
    assert response.status_code == 200
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_it_refuses_those_outside_the_community(client, as_user, community, member, outsider, who):
    m = member.memberships.get(community=community)
    c = as_user(outsider) if who == "outsider" else client
    response = c.post(reverse("moderation:report", args=[community.slug, "member", m.pk]), {"reason": "spam"})
    assert response.status_code in (302, 403)
    assert not Report.objects.exists()


def test_a_draft_session_cannot_be_reported_by_who_cannot_see_it(as_user, community, organiser, member):
    draft = make_meetup(organiser.memberships.get(community=community), publish=False)
    url = reverse("moderation:report", args=[community.slug, "session", draft.pk])
    assert as_user(member).get(url).status_code == 404
    assert as_user(member).get(reverse("moderation:report", args=[community.slug, "planet", 1])).status_code == 404


def test_the_report_links_are_on_member_and_session_pages(as_user, community, organiser, member):
    m = member.memberships.get(community=community)
    meetup = make_meetup(organiser.memberships.get(community=community))
    page = as_user(organiser).get(reverse("communities:member_detail", args=[community.slug, m.pk]))
    assert reverse("moderation:report", args=[community.slug, "member", m.pk]) in page.content.decode()
    page = as_user(member).get(reverse("meetups:detail", args=[community.slug, meetup.pk]))
    assert reverse("moderation:report", args=[community.slug, "session", meetup.pk]) in page.content.decode()


def test_the_reporter_sees_their_reports_and_the_outcome(as_user, guardian, member, report_about_member, facilitator):
    from sebaya.moderation.services import report_act

    page = as_user(guardian).get(reverse("moderation:mine")).content.decode()
    assert "Maya Member" in page
    report_act(report=report_about_member, by=facilitator, action="warn", message="Please stay calm with children.")
    page = as_user(guardian).get(reverse("moderation:mine")).content.decode()
    assert "Please stay calm with children." in page
    assert Kind.MODERATION in _kinds(guardian)
    # Another member sees nothing of it.
    assert "Maya Member" not in as_user(member).get(reverse("moderation:mine")).content.decode()


def test_a_membership_report_survives_the_member_leaving(community, report_about_member, member):
    Membership.objects.filter(user=member).delete()
    report_about_member.refresh_from_db()
    assert report_about_member.target_label == "Maya Member"

"""Moderators deciding the same report at the same moment: exactly one decision is applied.

On PostgreSQL (``make test-postgres``) the threads really run in parallel and the report rows'
lock is what lets one decision through; on SQLite, immediate transactions queue the writers.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sebaya.accounts.tests.factories import UserFactory
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.core.testing import run_together
from sebaya.moderation.models import Report
from sebaya.moderation.registry import target_for
from sebaya.moderation.services import report_act, report_create
from sebaya.notifications.models import Kind, Notification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("catalogue")]


def test_concurrent_decisions_on_one_report_apply_once() -> None:
    community = CommunityFactory()
    moderators = [
        MembershipFactory(community=community, role=Membership.Role.ORGANISER, user=UserFactory()) for _ in range(4)
    ]
    reported = MembershipFactory(community=community)
    reporter = MembershipFactory(community=community)
    report = report_create(
        reporter=reporter.user, community=community, target=target_for("member"), obj=reported, reason="harassment"
    )
    until = timezone.now() + datetime.timedelta(days=3)
    results = run_together(
        *[
            lambda m=m: report_act(report=report, by=m.user, action="suspend", until=until, message="Cool down.")
            for m in moderators
        ]
    )
    assert sorted(results) == ["already_handled"] * 3 + ["ok"]
    assert AuditEvent.objects.filter(action=Action.MODERATION).count() == 1
    assert Notification.objects.filter(user=reported.user, kind=Kind.MODERATION).count() == 1
    assert Notification.objects.filter(user=reporter.user, kind=Kind.MODERATION).count() == 1
    assert Report.objects.get().outcome == "suspended"

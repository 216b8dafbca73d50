"""Plan the demo community's week: the input is valid, the run is checked, the draft publishes."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import planner
from sebaya.communities.models import Community
from sebaya.meetups.models import Meetup, RsvpStatus
from sebaya.planning import services
from sebaya.planning.instance import build_instance, next_monday
from sebaya.planning.models import PlannedSession, PlanRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def cilandak() -> Community:
    call_command("seed_demo", verbosity=0)
    return Community.objects.get(slug="lingkar-belajar-cilandak")


def organiser_of(community: Community):
    return community.memberships.get(role="organiser")


def test_the_instance_of_the_demo_community_is_valid_planner_input(cilandak) -> None:
    data, left_out = build_instance(cilandak, next_monday(timezone.localdate()))
    instance = planner.instance_from_dict(data)
    assert len(instance.people) == cilandak.memberships.count() - len(left_out) > 10
    minors = [p for p in data["people"] if p["minor"]]
    assert minors and all(p["guardians"] for p in minors)
    assert {v["kind"] for v in data["venues"]} >= {"home", "public"}


def test_members_without_a_home_point_are_left_out_and_named(cilandak) -> None:
    m = cilandak.memberships.exclude(role="organiser").first()
    m.home_lat = m.home_lng = None
    m.save()
    data, left_out = build_instance(cilandak, next_monday(timezone.localdate()))
    assert {"member": m.user.display_name, "why": "no_home_point"} in left_out
    assert f"m{m.pk}" not in {p["id"] for p in data["people"]}


def test_plan_run_publish(as_user, cilandak, django_capture_on_commit_callbacks) -> None:
    organiser = organiser_of(cilandak)
    organiser.user.language = "en"  # the demo speaks Indonesian; read the draft in English
    organiser.user.save()
    client = as_user(organiser.user)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("planning:start", args=[cilandak.slug]))
    run = PlanRun.objects.get(community=cilandak)
    assert r["Location"] == reverse("planning:detail", args=[cilandak.slug, run.pk])
    # The immediate task backend of the tests ran the planner inside the commit hook.
    run.refresh_from_db()
    assert run.status == "done", run.error
    report = planner.check(planner.instance_from_dict(run.instance), planner.plan_from_dict(run.plan))
    assert report.valid and abs(report.score - run.plan["score"]) < 1e-5
    sessions = run.plan["sessions"]
    assert sessions

    page = client.get(
        reverse("planning:detail", args=[cilandak.slug, run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "How fair is it?" in page and "Why this session" in page
    progress = client.get(reverse("planning:progress", args=[cilandak.slug, run.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"

    before = Meetup.objects.filter(community=cilandak).count()
    r = client.post(reverse("planning:publish", args=[cilandak.slug, run.pk]))
    assert r.status_code == 302
    created = Meetup.objects.filter(community=cilandak).count() - before
    assert created == len(sessions)
    run.refresh_from_db()
    assert run.status == "published"
    first = sessions[0]
    # The meetup published for that very session: its teacher may teach more than one.
    meetup = PlannedSession.objects.get(run=run, index=0).meetup
    assert meetup.host_id == int(first["teacher"][1:])
    answered = {f"m{r.membership_id}": r.status for r in meetup.rsvps.all()}
    for learner in first["learners"]:
        assert answered[learner] in {RsvpStatus.GOING, RsvpStatus.PENDING_GUARDIAN}
    # Publishing twice is refused.
    client.post(reverse("planning:publish", args=[cilandak.slug, run.pk]))
    assert Meetup.objects.filter(community=cilandak).count() - before == created


def test_the_next_plan_rewards_keeping_the_published_one(cilandak, django_capture_on_commit_callbacks) -> None:
    organiser = organiser_of(cilandak)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.plan_start(community=cilandak, by=organiser.user, time_limit=5)
    first.refresh_from_db()
    PlanRun.objects.filter(pk=first.pk).update(status="published")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.plan_start(community=cilandak, by=organiser.user, time_limit=5)
    assert len(second.instance["previous"]) == len(first.plan["sessions"])


def test_a_second_run_while_one_is_queued_is_refused(cilandak) -> None:
    organiser = organiser_of(cilandak)
    services.plan_start(community=cilandak, by=organiser.user)  # not executed: no commit in this test
    with pytest.raises(services.Conflict):
        services.plan_start(community=cilandak, by=organiser.user)


def test_slots_become_local_times_in_the_communitys_zone(cilandak) -> None:
    run = PlanRun(
        community=cilandak,
        week_start=datetime.date(2026, 12, 7),
        instance=build_instance(cilandak, datetime.date(2026, 12, 7))[0],
    )
    start = services.slot_start(run, 14 * 2 + 3)  # Wednesday, 11:00
    assert (start.date(), start.hour, start.tzinfo.key) == (datetime.date(2026, 12, 9), 11, "Asia/Jakarta")


def test_the_progress_bar_moves_while_one_long_step_reports_nothing(cilandak, monkeypatch) -> None:
    # A linear relaxation may take half the time limit without a word from the solver: the run's
    # progress still follows the time spent, never goes back, and ends at 1.
    organiser = organiser_of(cilandak)
    run = services.plan_start(community=cilandak, by=organiser.user, time_limit=2)  # not executed yet
    solve = planner.solve

    def one_long_step(instance, *, time_limit, seed, progress):
        progress(0.1, 5.0)
        time.sleep(1.2)  # a step that reports nothing
        return solve(instance, time_limit=0.5, seed=seed)

    monkeypatch.setattr(planner, "solve", one_long_step)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0.1)
    written: list[float] = []

    def watch(execute, sql, params, many, context):
        if sql.startswith('UPDATE "planning_planrun" SET "progress" = %s, "best_score"'):
            written.append(params[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        done = services.plan_execute(run.pk)
    assert done.status == "done", done.error
    assert done.progress == 1.0
    assert written == sorted(written)
    assert written[0] >= 0.1
    # Without a report after 0.1, only the time spent moved the bar: half of the 2 s limit.
    assert 0.4 <= written[-1] < 1.0

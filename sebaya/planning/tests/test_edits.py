"""Editing a draft (pin, remove, move, re-plan), publishing it, declining, busy time, re-checking.

A small world: Maya teaches guitar (level 4), Budi could too (level 3), and two learners at
level 1 want it. Everyone is free on Saturday 08:00–12:00, when the library is open.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from sebaya.accounts.models import User
from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities.models import Community, Membership
from sebaya.communities.tests.factories import MembershipFactory
from sebaya.core.errors import Conflict, ServiceError
from sebaya.meetups.models import Meetup, MeetupStatus, Rsvp, RsvpStatus
from sebaya.meetups.services import community_zone
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification
from sebaya.planning import draft, services
from sebaya.planning.instance import build_instance, next_monday, person_id
from sebaya.planning.models import Decline, PlannedSession, PlanRun, PlanStatus
from sebaya.skills.models import LearnSkill, Skill, TeachSkill
from sebaya.venues.models import Venue
from sebaya.venues.tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

SATURDAY_8 = 70  # slot of Saturday 08:00 in the weekly grid


class World:
    def __init__(self, community: Community, organiser: Membership, venue: Venue) -> None:
        guitar = Skill.objects.get(slug="guitar")
        self.community, self.organiser, self.venue = community, organiser, venue
        self.maya = community.memberships.get(user__email="maya@example.org")
        self.budi = MembershipFactory(community=community, user=UserFactory(display_name="Budi Backup"))
        TeachSkill.objects.create(membership=self.budi, skill=guitar, level=3)
        self.learners: list[Membership] = [
            MembershipFactory(community=community, user=UserFactory(display_name=f"Learner {i}")) for i in range(2)
        ]
        for m in self.learners:
            LearnSkill.objects.create(membership=m, skill=guitar, level=1, priority=3)
        # Two more learners, for a second guitar group.
        self.others: list[Membership] = [
            MembershipFactory(community=community, user=UserFactory(display_name=f"Other {i}")) for i in range(2)
        ]
        for m in self.others:
            LearnSkill.objects.create(membership=m, skill=guitar, level=1, priority=2)
        self.week = next_monday(timezone.localdate())

    def session(
        self, start: int = SATURDAY_8, teacher: Membership | None = None, learners: list[Membership] | None = None
    ) -> dict[str, Any]:
        return {
            "skill": "guitar",
            "teacher": person_id((teacher or self.maya).pk),
            "learners": [person_id(m.pk) for m in (learners or self.learners)],
            "venue": f"v{self.venue.pk}",
            "start": start,
        }

    def draft(self, sessions: list[dict[str, Any]] | None = None) -> PlanRun:
        """A finished draft with the given sessions (by default: Maya teaches both learners)."""
        instance, left_out = build_instance(self.community, self.week)
        document = {"format": "sebaya-plan/1", "sessions": sessions if sessions is not None else [self.session()]}
        report = planner.check_document(planner.instance_from_dict(instance), document)
        assert report.valid, report.errors
        document["score"] = report.score
        return PlanRun.objects.create(
            community=self.community, week_start=self.week, instance=instance, left_out=left_out,
            plan=document, status=PlanStatus.DONE, time_limit=2,
        )  # fmt: skip

    def replan(self, run: PlanRun, capture: Any) -> PlanRun:
        with capture(execute=True):
            child = services.plan_replan(run=run, by=self.organiser)
        child.refresh_from_db()
        assert child.status == PlanStatus.DONE, child.error
        return child


@pytest.fixture
def world(community: Community, organiser: User, member: User, venue: Venue) -> World:
    return World(community, organiser.memberships.get(community=community), venue)


def keys(run: PlanRun) -> set[tuple[str, str, int]]:
    return {(s["skill"], s["teacher"], s["start"]) for s in (run.plan or {}).get("sessions", [])}


def test_a_pinned_session_survives_the_replan_and_the_others_count_as_previous(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    run = world.draft([world.session(), world.session(start=SATURDAY_8 + 2, teacher=world.budi, learners=world.others)])
    pinned = draft.session_key(run.plan["sessions"][0])
    services.draft_session_pin(run=run, by=world.organiser, key=pinned)
    child = world.replan(run, django_capture_on_commit_callbacks)
    assert child.instance["pinned"] == [world.session()]
    assert child.instance["previous"] == [
        world.session(start=SATURDAY_8 + 2, teacher=world.budi, learners=world.others)
    ]
    assert child.pinned == [pinned] and child.parent_id == run.pk
    kept = [s for s in child.plan["sessions"] if draft.session_key(s) == pinned]
    assert kept and sorted(kept[0]["learners"]) == sorted(world.session()["learners"])
    assert services.plan_recheck(child).valid
    run.refresh_from_db()
    assert run.status == PlanStatus.SUPERSEDED
    with pytest.raises(Conflict):
        services.draft_session_pin(run=run, by=world.organiser, key=pinned)


def test_a_removed_session_does_not_come_back(world: World, django_capture_on_commit_callbacks: Any) -> None:
    run = world.draft()
    removed = world.session()
    services.draft_session_remove(run=run, by=world.organiser, key=draft.session_key(removed))
    run.refresh_from_db()
    assert run.plan["sessions"] == [] and run.excluded == [["guitar", removed["teacher"], SATURDAY_8]]
    child = world.replan(run, django_capture_on_commit_callbacks)
    assert ("guitar", removed["teacher"], SATURDAY_8) not in keys(child)
    assert child.excluded == run.excluded
    assert services.plan_recheck(child).valid


def test_a_move_is_checked_against_the_rules_and_pins_the_session(world: World) -> None:
    run = world.draft()
    key = draft.session_key(world.session())
    with translation.override("en"):
        with pytest.raises(ServiceError) as refused:
            services.draft_session_move(
                run=run, by=world.organiser, key=key, start=SATURDAY_8 + 10, venue=world.session()["venue"]
            )
        assert refused.value.code == "move_breaks_rules"
        assert "Maya Member is not free at that time." in refused.value.message
        assert "is not open at that time." in refused.value.message
    with pytest.raises(ServiceError):
        services.draft_session_move(run=run, by=world.organiser, key=key, start=SATURDAY_8, venue="v999")
    moved = services.draft_session_move(
        run=run, by=world.organiser, key=key, start=SATURDAY_8 + 2, venue=world.session()["venue"]
    )
    session = moved.plan["sessions"][0]
    assert session["start"] == SATURDAY_8 + 2 and moved.pinned == [draft.session_key(session)]
    assert session["reasons"][0] == {"code": "moved"}
    assert services.plan_recheck(moved).valid


def test_only_a_finished_draft_and_only_organisers_edit(world: World) -> None:
    run = world.draft()
    key = draft.session_key(world.session())
    with pytest.raises(ServiceError):
        services.draft_session_pin(run=run, by=world.maya, key=key)
    with pytest.raises(Conflict):
        services.draft_session_remove(run=run, by=world.organiser, key="nothing~m1~v1~0")
    PlanRun.objects.filter(pk=run.pk).update(status=PlanStatus.PUBLISHED)
    with pytest.raises(Conflict):
        services.draft_session_remove(run=run, by=world.organiser, key=key)


def test_hand_scheduled_sessions_are_busy_time(world: World) -> None:
    saturday = datetime.datetime.combine(
        world.week + datetime.timedelta(days=5), datetime.time(8), tzinfo=community_zone(world.community)
    )
    # The same person hosts in another community.
    other = MembershipFactory(user=world.learners[0].user, role=Membership.Role.ORGANISER)
    make_meetup(world.maya, venue=world.venue, starts_at=saturday, ends_at=saturday + datetime.timedelta(hours=1))
    elsewhere = make_meetup(
        other, starts_at=saturday + datetime.timedelta(hours=2), ends_at=saturday + datetime.timedelta(hours=3)
    )
    assert elsewhere.community_id != world.community.pk
    instance, _left_out = build_instance(world.community, world.week)
    people = {p["id"]: p for p in instance["people"]}
    assert people[person_id(world.maya.pk)]["available"] == [[71, 74]]
    assert people[person_id(world.learners[0].pk)]["available"] == [[70, 72], [73, 74]]
    assert people[person_id(world.budi.pk)]["available"] == [[70, 74]]


def publish(world: World, run: PlanRun | None = None) -> Meetup:
    run = run or world.draft()
    [meetup] = services.plan_publish(run=run, by=world.organiser)
    return meetup


def test_publishing_tells_each_teacher_and_learner_and_the_rest_once(world: World) -> None:
    meetup = publish(world)
    assert PlannedSession.objects.get(meetup=meetup).index == 0
    plan = Notification.objects.filter(kind=Kind.PLAN)
    assert set(plan.values_list("user_id", flat=True)) == {world.maya.user_id, *(m.user_id for m in world.learners)}
    teach = plan.get(user=world.maya.user)
    assert teach.title.startswith(("You teach", "Kamu mengajar", "Anda mengajar")) or "Gitar" in teach.title
    assert teach.url == reverse("planning:decline", args=[world.community.slug, meetup.pk])
    others = Notification.objects.filter(kind=Kind.PUBLISHED)
    assert others.filter(user=world.budi.user).count() == 1
    assert not others.filter(user=world.maya.user).exists()


def test_a_learner_who_declines_frees_the_seat_and_keeps_everything_else(world: World) -> None:
    meetup = publish(world)
    first, second = world.learners
    decline = services.assignment_decline(
        planned=meetup.planned,
        membership=first,
        by=first.user,
    )
    assert (decline.role, decline.outcome) == ("learner", "left")
    meetup.refresh_from_db()
    assert meetup.status == MeetupStatus.PUBLISHED and meetup.host_id == world.maya.pk
    assert Rsvp.objects.get(meetup=meetup, membership=first).status == RsvpStatus.NOT_GOING
    assert Rsvp.objects.get(meetup=meetup, membership=second).status == RsvpStatus.GOING
    assert Notification.objects.filter(kind=Kind.DECLINED, user=world.maya.user).exists()
    # The last learner leaving empties the session: it is cancelled.
    last = services.assignment_decline(planned=meetup.planned, membership=second, by=second.user)
    assert last.outcome == "cancelled"
    meetup.refresh_from_db()
    assert meetup.status == MeetupStatus.CANCELLED


def test_a_teacher_who_declines_is_replaced_by_a_free_teacher(world: World) -> None:
    meetup = publish(world)
    decline = services.assignment_decline(planned=meetup.planned, membership=world.maya, by=world.maya.user)
    assert (decline.role, decline.outcome, decline.replacement_id) == ("teacher", "replaced", world.budi.pk)
    meetup.refresh_from_db()
    assert meetup.status == MeetupStatus.PUBLISHED and meetup.host_id == world.budi.pk
    assert meetup.rsvps.filter(status=RsvpStatus.GOING).count() == 2
    assert Notification.objects.filter(kind=Kind.DECLINED, user=world.organiser.user).exists()
    assert Notification.objects.filter(kind=Kind.PLAN, user=world.budi.user).exists()
    assert Notification.objects.filter(kind=Kind.CHANGED, user=world.learners[0].user).exists()


def test_the_published_plan_lists_the_declines(world: World, organiser: User, as_user: Any) -> None:
    run = world.draft()
    meetup = publish(world, run)
    services.assignment_decline(planned=meetup.planned, membership=world.maya, by=world.maya.user)
    page = as_user(organiser).get(
        reverse("planning:detail", args=[world.community.slug, run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "Declined since publishing" in text and "Budi Backup teaches instead" in text


def test_a_replacement_keeps_every_other_session_and_must_be_free(world: World) -> None:
    # Budi teaches the learners' second skill at the same hour: he cannot replace Maya then.
    chess = Skill.objects.get(slug="chess")
    TeachSkill.objects.create(membership=world.budi, skill=chess, level=4)
    extra = MembershipFactory(community=world.community, user=UserFactory(display_name="Citra Chess"))
    LearnSkill.objects.create(membership=extra, skill=chess, level=1, priority=2)
    other = {"skill": "chess", "teacher": person_id(world.budi.pk), "learners": [person_id(extra.pk)],
             "venue": f"v{world.venue.pk}", "start": SATURDAY_8}  # fmt: skip
    world.venue.rooms = 2
    world.venue.save()
    run = world.draft([world.session(), other])
    meetups = services.plan_publish(run=run, by=world.organiser)
    guitar = next(m for m in meetups if m.host_id == world.maya.pk)
    decline = services.assignment_decline(planned=guitar.planned, membership=world.maya, by=world.maya.user)
    assert decline.outcome == "cancelled"
    guitar.refresh_from_db()
    assert guitar.status == MeetupStatus.CANCELLED
    chess_session = next(m for m in meetups if m.host_id == world.budi.pk)
    chess_session.refresh_from_db()
    assert chess_session.status == MeetupStatus.PUBLISHED and chess_session.host_id == world.budi.pk
    assert Notification.objects.filter(kind=Kind.CANCELLED, user=world.learners[0].user).exists()


def test_a_guardian_declines_for_their_child_and_nobody_else_may(world: World, minor: User, guardian: User) -> None:
    child = minor.memberships.get(community=world.community)
    world.learners[1] = child
    meetup = publish(world)
    with pytest.raises(ServiceError):
        services.assignment_decline(planned=meetup.planned, membership=child, by=world.maya.user)
    decline = services.assignment_decline(planned=meetup.planned, membership=child, by=guardian)
    assert decline.by == guardian and decline.role == "learner"
    with pytest.raises(Conflict):
        services.assignment_decline(planned=meetup.planned, membership=child, by=guardian)


def test_a_stored_plan_that_was_tampered_with_fails_the_recheck(world: World) -> None:
    run = world.draft()
    assert services.plan_recheck(run).valid
    run.plan["sessions"][0]["start"] = SATURDAY_8 + 5
    run.save()
    report = services.plan_recheck(run)
    assert not report.valid and any("rule 4" in e for e in report.errors)


# Pages


def test_pin_remove_and_move_on_the_draft_page(world: World, organiser: User, as_user: Any) -> None:
    run = world.draft()
    client = as_user(organiser)
    key = draft.session_key(world.session())
    url = reverse("planning:detail", args=[world.community.slug, run.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Move to another time or venue" in page and "Re-check this plan" in page
    # Nothing pinned yet: the re-plan button does not speak of pins.
    assert ">Re-plan</button>" in page and "Re-plan, keeping" not in page
    r = client.post(
        reverse("planning:pin", args=[world.community.slug, run.pk]), {"session": key}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and 'class="badge"' in r.content.decode()
    assert "Re-plan, keeping 1 pinned session<" in r.content.decode()
    r = client.post(
        reverse("planning:move", args=[world.community.slug, run.pk]),
        {"session": key, "day": 0, "hour": 8, "venue": f"v{world.venue.pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert "This session cannot move there:" in r.content.decode()
    r = client.post(reverse("planning:remove", args=[world.community.slug, run.pk]), {"session": key})
    assert r.status_code == 302
    run.refresh_from_db()
    assert run.plan["sessions"] == [] and run.pinned == []
    check = client.get(reverse("planning:check", args=[world.community.slug, run.pk]), HTTP_HX_REQUEST="true")
    assert "keeps every rule" in check.content.decode()


def test_decline_from_the_session_page(world: World, as_user: Any) -> None:
    meetup = publish(world)
    learner = world.learners[0]
    client = as_user(learner.user)
    session_page = client.get(reverse("meetups:detail", args=[world.community.slug, meetup.pk])).content.decode()
    decline = reverse("planning:decline", args=[world.community.slug, meetup.pk])
    assert decline in session_page
    assert client.get(decline).status_code == 200
    r = client.post(decline, {"member": learner.pk})
    assert r.status_code == 302
    assert Decline.objects.get().membership == learner
    # Someone who takes no part is refused.
    assert as_user(world.budi.user).get(decline).status_code == 403


# API


def test_the_api_edits_a_draft_and_replans(
    world: World, organiser: User, as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    run = world.draft([world.session(), world.session(start=SATURDAY_8 + 2, teacher=world.budi, learners=world.others)])
    client = as_user(organiser)
    base = f"/api/communities/{world.community.slug}/plans/{run.pk}"
    got = client.get(f"{base}/draft", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [s["teacher"] for s in got["sessions"]] == [world.maya.pk, world.budi.pk]
    assert got["sessions"][0]["reasons"] == [] and got["fairness"]["sessions"] == 2
    key = got["sessions"][0]["key"]
    r = client.put(f"{base}/pins", {"session": key, "pinned": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["sessions"][0]["pinned"] is True
    r = client.post(
        f"{base}/move", {"session": key, "day": 0, "hour": 8, "venue": world.venue.pk}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["code"] == "move_breaks_rules"
    r = client.post(f"{base}/remove", {"session": got["sessions"][1]["key"]}, content_type="application/json")
    assert r.status_code == 200 and len(r.json()["removed"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{base}/replan", {}, content_type="application/json")
    assert r.status_code == 201
    child = f"/api/communities/{world.community.slug}/plans/{r.json()['id']}"
    assert client.get(f"{child}/check").json()["valid"] is True
    assert client.get(f"{base}/draft").json()["status"] == "superseded"


def test_the_api_declines(world: World, as_user: Any) -> None:
    meetup = publish(world)
    url = f"/api/communities/{world.community.slug}/sessions/{meetup.pk}/decline"
    r = as_user(world.maya.user).post(url, {}, content_type="application/json")
    assert r.status_code == 200
    assert r.json() == {
        "outcome": "replaced",
        "role": "teacher",
        "replacement": world.budi.pk,
        "session_status": "published",
    }
    r = as_user(world.maya.user).post(url, {}, content_type="application/json")
    # Maya no longer takes part in the session: declining again is refused.
    assert r.status_code == 403 and set(r.json()) == {"code", "detail"}


def test_the_recheck_command(world: World) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    run = world.draft()
    out = StringIO()
    call_command("recheck_plan", str(run.pk), stdout=out)
    assert f"plan {run.pk} (" in out.getvalue() and "valid" in out.getvalue()
    run.plan["sessions"][0]["start"] = SATURDAY_8 + 5
    run.save()
    with pytest.raises(CommandError):
        call_command("recheck_plan", str(run.pk), stdout=StringIO())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.integers(0, 6), hour=st.integers(8, 21), other_venue=st.booleans())
def test_any_move_is_either_valid_or_refused_leaving_the_draft_as_it_was(
    world: World, day: int, hour: int, other_venue: bool
) -> None:
    far = Venue.objects.filter(name="Far away").first()
    if far is None:
        far = VenueFactory(community=world.community, name="Far away", lat=-6.9, lng=107.6)
    run = world.draft()
    before = dict(run.plan or {})
    venue = f"v{far.pk}" if other_venue else f"v{world.venue.pk}"
    try:
        moved = services.draft_session_move(
            run=run, by=world.organiser, key=draft.session_key(world.session()),
            start=services.draft_slot(run, day, hour), venue=venue,
        )  # fmt: skip
    except ServiceError:
        run.refresh_from_db()
        assert run.plan == before and run.pinned == []
    else:
        assert services.plan_recheck(moved).valid and len(moved.pinned) == 1

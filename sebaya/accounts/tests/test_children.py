"""A guardian's pages for their child: log-in link, password, co-guardians, pause, privacy settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import login
from sebaya.accounts.models import ChildLoginLink, GuardianRequest, Guardianship, User
from sebaya.accounts.services import (
    child_login_link_create,
    child_pause,
    coguardian_invite,
    guardian_request_confirm,
    guardian_request_for_token,
)
from sebaya.accounts.tests.factories import UserFactory
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import Community
from sebaya.core.errors import Conflict
from sebaya.meetups.models import RsvpStatus
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification
from sebaya.venues.models import Venue

pytestmark = pytest.mark.django_db


def _log_in_as_ayu() -> Any:
    return Client().post(reverse("accounts:login"), {"username": "ayu", "password": "a-long-test-password-42"})


def test_it_shows_the_child_to_her_guardian(as_user: Any, guardian: User, minor: User, community: Community) -> None:
    page = as_user(guardian).get(reverse("accounts:child_detail", args=[minor.pk]))
    assert page.status_code == 200
    assert "Ayu Pratama Putri" in page.text
    assert community.name in page.text


def test_it_hides_the_child_from_other_adults(as_user: Any, member: User, minor: User) -> None:
    assert as_user(member).get(reverse("accounts:child_detail", args=[minor.pk])).status_code == 404


def test_the_child_page_queries_do_not_grow(
    as_user: Any, guardian: User, minor: User, organiser: User, venue: Venue, django_assert_max_num_queries: Any
) -> None:
    host = organiser.memberships.get()
    for _i in range(6):
        meetup_rsvp(meetup=make_meetup(host, venue=venue), membership=minor.memberships.get(), going=True)
    client = as_user(guardian)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("accounts:child_detail", args=[minor.pk])).status_code == 200


def test_a_login_link_logs_the_child_in_once(as_user: Any, guardian: User, minor: User) -> None:
    page = as_user(guardian).post(reverse("accounts:child_login_link", args=[minor.pk]))
    url = page.context["login_url"]
    path = url[url.index("/accounts/") :]
    assert ChildLoginLink.objects.get().token_hash not in url  # only the hash is stored
    child_device = Client()
    assert child_device.get(path).status_code == 200  # a preview does not spend the link
    response = child_device.post(path)
    assert response.status_code == 302
    assert child_device.get(reverse("accounts:profile")).context["user"] == minor
    assert Client().post(path).status_code == 404  # used


def test_a_new_link_replaces_the_old_one(guardian: User, minor: User) -> None:
    _old, raw_old = child_login_link_create(guardian=guardian, child=minor)
    _new, raw_new = child_login_link_create(guardian=guardian, child=minor)
    assert Client().post(reverse("accounts:login_link", args=[raw_old])).status_code == 404
    assert Client().post(reverse("accounts:login_link", args=[raw_new])).status_code == 302


def test_an_expired_link_does_not_work(guardian: User, minor: User) -> None:
    link, raw = child_login_link_create(guardian=guardian, child=minor)
    ChildLoginLink.objects.filter(pk=link.pk).update(expires_at=link.created_at)
    assert Client().post(reverse("accounts:login_link", args=[raw])).status_code == 404


def test_the_guardian_sets_a_new_password(as_user: Any, guardian: User, minor: User) -> None:
    response = as_user(guardian).post(
        reverse("accounts:child_password", args=[minor.pk]),
        {"password1": "kucing-oranye-99", "password2": "kucing-oranye-99"},
    )
    assert response.status_code == 302
    minor.refresh_from_db()
    assert minor.check_password("kucing-oranye-99")


def test_a_second_guardian_is_invited_and_confirms(guardian: User, minor: User) -> None:
    dewi = UserFactory(email="dewi@example.org", display_name="Dewi Second")
    coguardian_invite(guardian=guardian, child=minor, email="Dewi@example.org")
    req = GuardianRequest.objects.get(minor=minor)
    raw = "known-token"
    from sebaya.accounts.models import hash_token

    GuardianRequest.objects.filter(pk=req.pk).update(token_hash=hash_token(raw))
    found = guardian_request_for_token(raw)
    assert found is not None
    guardian_request_confirm(request=found, guardian=dewi)
    assert set(minor.guardians()) == {guardian, dewi}
    assert AuditEvent.objects.filter(action=Action.GUARDIAN_LINKED, actor=dewi, subject=minor).exists()
    assert Notification.objects.filter(user=guardian, kind=Kind.ACCOUNT).exists()


def test_the_invitation_mail_names_who_invites(
    guardian: User, minor: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        coguardian_invite(guardian=guardian, child=minor, email="dewi@example.org")
    assert "Gita Guardian" in mail.outbox[-1].body


def test_the_last_guardian_cannot_be_removed(as_user: Any, guardian: User, minor: User) -> None:
    link = Guardianship.objects.get(minor=minor)
    as_user(guardian).post(reverse("accounts:child_guardian_remove", args=[minor.pk, link.pk]))
    assert Guardianship.objects.filter(minor=minor).count() == 1


def test_a_guardian_is_removed_while_another_remains(as_user: Any, guardian: User, minor: User) -> None:
    dewi = UserFactory(email="dewi@example.org")
    second = Guardianship.objects.create(guardian=dewi, minor=minor)
    response = as_user(guardian).post(reverse("accounts:child_guardian_remove", args=[minor.pk, second.pk]))
    assert response.status_code == 302
    assert list(minor.guardians()) == [guardian]
    assert AuditEvent.objects.filter(action=Action.GUARDIAN_UNLINKED, actor=guardian, subject=minor).exists()


def test_a_paused_child_cannot_log_in_or_answer(
    as_user: Any, guardian: User, minor: User, organiser: User, venue: Venue
) -> None:
    child_client = login(Client(), minor)
    assert (
        as_user(guardian).post(reverse("accounts:child_pause", args=[minor.pk]), {"pause": "pause"}).status_code == 302
    )
    minor.refresh_from_db()
    assert minor.is_paused
    assert AuditEvent.objects.filter(action=Action.ACCOUNT_PAUSED, subject=minor).exists()
    # The open session ends and a new log-in is refused.
    assert child_client.get(reverse("accounts:profile")).status_code == 302
    assert _log_in_as_ayu().status_code == 200  # the form again, refused
    meetup = make_meetup(organiser.memberships.get(), venue=venue)
    with pytest.raises(Conflict):
        meetup_rsvp(meetup=meetup, membership=minor.memberships.get(), going=True)
    with pytest.raises(Conflict):
        child_login_link_create(guardian=guardian, child=minor)


def test_pausing_declines_waiting_requests_and_keeps_seats(
    guardian: User, minor: User, organiser: User, venue: Venue
) -> None:
    host = organiser.memberships.get()
    waiting = meetup_rsvp(meetup=make_meetup(host, venue=venue), membership=minor.memberships.get(), going=True)
    child_pause(guardian=guardian, child=minor)
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.NOT_GOING


def test_resuming_opens_the_account_again(as_user: Any, guardian: User, minor: User) -> None:
    child_pause(guardian=guardian, child=minor)
    as_user(guardian).post(reverse("accounts:child_pause", args=[minor.pk]), {"pause": "resume"})
    minor.refresh_from_db()
    assert not minor.is_paused
    assert AuditEvent.objects.filter(action=Action.ACCOUNT_RESUMED, subject=minor).exists()
    assert _log_in_as_ayu().status_code == 302


def test_the_full_name_is_shown_only_when_a_guardian_allows_it(
    as_user: Any, client: Client, guardian: User, minor: User, member: User, community: Community
) -> None:
    members_page = reverse("communities:members", args=[community.slug])
    assert "Ayu Pratama Putri" not in as_user(member).get(members_page).text
    assert "Ayu P." in as_user(member).get(members_page).text
    as_user(guardian).post(reverse("accounts:child_settings", args=[minor.pk]), {"show_full_name": "on"})
    assert "Ayu Pratama Putri" in as_user(member).get(members_page).text


def test_an_outsider_never_sees_a_minor_hosts_full_name(
    client: Client, minor: User, community: Community, venue: Venue
) -> None:
    minor.show_full_name = True
    minor.save()
    host = minor.memberships.get()
    meetup = make_meetup(host, venue=venue)
    page = client.get(reverse("meetups:detail", args=[community.slug, meetup.pk]))
    api = client.get(f"/api/communities/{community.slug}/sessions/{meetup.pk}").json()
    assert "Pratama" not in page.text
    assert api["host"] == "Ayu P."


def test_the_minor_sees_what_waits_for_her_guardian(as_user: Any, minor: User, organiser: User, venue: Venue) -> None:
    meetup_rsvp(
        meetup=make_meetup(organiser.memberships.get(), venue=venue), membership=minor.memberships.get(), going=True
    )
    page = as_user(minor).get(reverse("meetups:consents"))
    assert "Gitar untuk pemula" in page.text
    assert "waiting for your guardian" in page.text

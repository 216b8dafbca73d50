"""Export and erasure of personal data (Indonesia's PDP Law, No. 27/2022)."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from sebaya.accounts.models import DataExport, Guardianship, User
from sebaya.accounts.privacy import data_export_build, data_export_request, data_exports_purge, user_erase
from sebaya.accounts.tests.factories import PASSWORD, UserFactory
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import Community, Membership
from sebaya.core.errors import Conflict
from sebaya.core.personal_data import modules
from sebaya.meetups.models import Feedback, MeetupStatus, Rsvp, RsvpStatus
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification
from sebaya.venues.models import Venue

pytestmark = pytest.mark.django_db


def _zip(response: Any) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_every_app_with_personal_data_is_discovered() -> None:
    labels = {label for label, _module in modules()}
    assert {"accounts", "communities", "skills", "venues", "meetups", "notifications", "calendars", "planning",
            "audit"} <= labels  # fmt: skip


def test_a_member_downloads_all_her_data(
    member: User, community: Community, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(Client(), member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:my_export"))
    export = DataExport.objects.get(subject=member)
    assert export.status == DataExport.Status.READY
    assert stat.S_IMODE(Path(export.path).stat().st_mode) == 0o600
    response = client.get(reverse("accounts:export_download", args=[export.pk]))
    assert response["Content-Type"] == "application/zip"
    data = json.loads(_zip(response).read("data.json"))
    assert data["apps"]["accounts"]["account"]["email"] == "maya@example.org"
    assert data["apps"]["skills"]["teach"][0]["skill"] == "guitar"
    assert data["apps"]["communities"]["memberships"][0]["community"] == community.name
    assert AuditEvent.objects.filter(action=Action.DATA_EXPORT, actor=member, subject=member).exists()


def test_only_who_asked_can_download(member: User, outsider: User) -> None:
    export = data_export_build(export=data_export_request(actor=member, subject=member))
    url = reverse("accounts:export_download", args=[export.pk])
    assert login(Client(), outsider).get(url).status_code == 404


def test_a_guardian_exports_her_childs_data(guardian: User, minor: User) -> None:
    export = data_export_build(export=data_export_request(actor=guardian, subject=minor))
    response = login(Client(), guardian).get(reverse("accounts:export_download", args=[export.pk]))
    data = json.loads(_zip(response).read("data.json"))
    assert data["apps"]["accounts"]["account"]["username"] == "ayu"
    assert data["apps"]["accounts"]["guardians"][0]["email"] == "gita@example.org"


def test_nobody_exports_someone_elses_data(member: User, minor: User) -> None:
    with pytest.raises(Exception, match="only your own"):
        data_export_request(actor=member, subject=minor)


def test_expired_exports_are_deleted(member: User) -> None:
    export = data_export_build(export=data_export_request(actor=member, subject=member))
    DataExport.objects.filter(pk=export.pk).update(expires_at=export.created_at)
    assert data_exports_purge() == 1
    assert not Path(export.path).exists()


def test_the_api_starts_an_export_and_serves_it(member: User) -> None:
    client = login(Client(), member)
    started = client.post("/api/me/export")
    assert started.status_code == 202
    DataExport.objects.filter(pk=started.json()["id"]).update()
    data_export_build(export=DataExport.objects.get(pk=started.json()["id"]))
    latest = client.get("/api/me/export").json()
    assert latest["status"] == "ready"
    assert client.get(latest["download"])["Content-Type"] == "application/zip"


def test_erasing_removes_personal_data_and_keeps_the_counts(
    member: User, organiser: User, minor: User, guardian: User, venue: Venue, home_venue: Venue, community: Community
) -> None:
    host = organiser.memberships.get()
    past = make_meetup(host, venue=venue)
    rsvp = meetup_rsvp(meetup=past, membership=member.memberships.get(), going=True)
    Rsvp.objects.filter(pk=rsvp.pk).update(attended=True)
    Feedback.objects.create(
        meetup=past, membership=member.memberships.get(), usefulness=5, pace="right", comment="Seru!"
    )
    hosted = make_meetup(member.memberships.get(), venue=home_venue)
    client = login(Client(), member)
    response = client.post(reverse("accounts:my_erase"), {"password": PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.erased_at is not None
    assert member.email is None and member.display_name == "" and not member.has_usable_password()
    assert member.community_name == "former member"
    m = Membership.objects.get(pk=rsvp.membership_id)
    assert m.home_area == "" and not m.teach_skills.exists()
    assert Rsvp.objects.filter(meetup=past, attended=True).count() == 1  # attendance still counts
    assert Feedback.objects.filter(meetup=past).count() == 1
    hosted.refresh_from_db()
    assert hosted.status == MeetupStatus.CANCELLED
    home_venue.refresh_from_db()
    assert home_venue.address == "" and not home_venue.is_active
    event = AuditEvent.objects.get(action=Action.ERASURE)
    assert "maya" not in json.dumps(event.data).lower() and event.ip is None
    assert client.get(reverse("accounts:profile")).status_code == 302  # logged out
    # Nobody sees her any more in the member list.
    assert "Maya" not in login(Client(), organiser).get(reverse("communities:members", args=[community.slug])).text


def test_the_wrong_password_erases_nothing(member: User) -> None:
    login(Client(), member).post(reverse("accounts:my_erase"), {"password": "nope"})
    member.refresh_from_db()
    assert member.erased_at is None


def test_the_last_organiser_must_hand_over_first(organiser: User) -> None:
    with pytest.raises(Conflict, match="last organiser"):
        user_erase(actor=organiser, subject=organiser)
    organiser.refresh_from_db()
    assert organiser.erased_at is None


def test_a_childs_only_guardian_cannot_erase_herself(guardian: User, minor: User) -> None:
    with pytest.raises(Conflict, match="only guardian"):
        user_erase(actor=guardian, subject=guardian)


def test_a_guardian_erases_her_child_and_the_other_guardian_is_told(guardian: User, minor: User) -> None:
    dewi = UserFactory(email="dewi@example.org")
    Guardianship.objects.create(guardian=dewi, minor=minor)
    response = login(Client(), guardian).post(reverse("accounts:child_erase", args=[minor.pk]), {"password": PASSWORD})
    assert response.status_code == 302
    minor.refresh_from_db()
    assert minor.erased_at is not None and minor.username == f"erased-{minor.pk}"
    assert Notification.objects.filter(user=dewi, kind=Kind.ACCOUNT, title__contains="Ayu").exists()
    assert not Guardianship.objects.filter(minor=minor).exists()


def test_the_api_erases_with_the_password(member: User) -> None:
    client = login(Client(), member)
    assert client.delete("/api/me", {"password": "nope"}, content_type="application/json").status_code == 400
    assert client.delete("/api/me", {"password": PASSWORD}, content_type="application/json").status_code == 204
    member.refresh_from_db()
    assert member.erased_at is not None


def test_an_erased_person_cannot_log_in(member: User) -> None:
    user_erase(actor=member, subject=member)
    response = Client().post(reverse("accounts:login"), {"username": "maya@example.org", "password": PASSWORD})
    assert response.status_code == 200


def test_pending_answers_are_withdrawn_and_seats_freed(
    member: User, organiser: User, facilitator: User, venue: Venue
) -> None:
    meetup = make_meetup(organiser.memberships.get(), venue=venue, capacity=1)
    meetup_rsvp(meetup=meetup, membership=member.memberships.get(), going=True)
    waiting = meetup_rsvp(meetup=meetup, membership=facilitator.memberships.get(), going=True)
    assert waiting.status == RsvpStatus.WAITLISTED
    user_erase(actor=member, subject=member)
    waiting.refresh_from_db()
    assert waiting.status == RsvpStatus.GOING

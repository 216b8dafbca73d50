from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import login
from sebaya.accounts.services import child_create
from sebaya.audit.models import Action, AuditEvent
from sebaya.communities.models import MembershipRole as Role
from sebaya.communities.services import membership_set_role


def test_role_change_is_recorded_for_both_people(community, organiser, member):
    membership = community.memberships.get(user=member)
    membership_set_role(membership=membership, role=Role.FACILITATOR, by=organiser)
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert (event.actor, event.subject, event.community) == (organiser, member, community)
    assert "→" in event.target


def test_setting_the_same_role_records_nothing(community, organiser, member):
    membership = community.memberships.get(user=member)
    membership_set_role(membership=membership, role=membership.role, by=organiser)
    assert not AuditEvent.objects.filter(action=Action.ROLE_CHANGED).exists()


def test_creating_a_child_records_the_guardian_link(guardian):
    import datetime

    child = child_create(
        guardian=guardian,
        display_name="Dewi Lestari",
        birth_date=datetime.date.today() - datetime.timedelta(days=365 * 10),
        username="dewi-kecil",
        password="rahasia-sekali-123",
    )
    assert AuditEvent.objects.filter(action=Action.GUARDIAN_LINKED, actor=guardian, subject=child).exists()


def test_a_person_sees_their_own_events_and_not_others(client: Client, community, organiser, member, outsider):
    membership_set_role(membership=community.memberships.get(user=member), role=Role.FACILITATOR, by=organiser)
    login(client, member)
    page = client.get(reverse("audit:mine")).content.decode()
    assert organiser.display_name in page and community.name in page
    login(client, outsider)
    page = client.get(reverse("audit:mine")).content.decode()
    assert community.name not in page


def test_only_operators_read_the_whole_log(client: Client, organiser, django_user_model):
    login(client, organiser)
    assert client.get(reverse("audit:log")).status_code == 403
    operator = django_user_model.objects.create_superuser("op@example.org", "op-password-123", display_name="Op")
    login(client, operator)
    assert client.get(reverse("audit:log")).status_code == 200


def test_a_log_in_from_a_new_browser_is_recorded_once(client: Client, member):
    password = "belajar-123-456"
    member.set_password(password)
    member.save()

    def log_in(agent: str) -> None:
        c = Client(HTTP_USER_AGENT=agent)
        response = c.post(reverse("accounts:login"), {"username": member.email, "password": password})
        assert response.status_code == 302

    log_in("Firefox/1")  # the first browser ever is not "new"
    log_in("Firefox/1")
    assert not AuditEvent.objects.filter(action=Action.NEW_DEVICE).exists()
    log_in("Chromium/2")
    log_in("Chromium/2")
    assert AuditEvent.objects.filter(action=Action.NEW_DEVICE, subject=member).count() == 1


def test_a_guardians_login_link_and_new_password_for_a_child_are_recorded(guardian, minor):
    from sebaya.accounts.services import child_login_link_create, child_password_set

    child_login_link_create(guardian=guardian, child=minor)
    child_password_set(guardian=guardian, child=minor, password="kata-sandi-baru-2026")
    actions = set(AuditEvent.objects.filter(actor=guardian, subject=minor).values_list("action", flat=True))
    assert {Action.LOGIN_LINK, Action.PASSWORD_SET} <= actions

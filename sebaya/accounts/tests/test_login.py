from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sebaya.accounts.tests.factories import PASSWORD, MinorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_logs_in_by_e_mail_in_any_case(client) -> None:
    UserFactory(email="rina@example.org")
    r = client.post(reverse("accounts:login"), {"username": "RINA@example.org", "password": PASSWORD})
    assert r.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_child_logs_in_by_username(client) -> None:
    MinorFactory(username="ayu")
    r = client.post(reverse("accounts:login"), {"username": "ayu", "password": PASSWORD})
    assert r.status_code == 302


def test_a_wrong_password_shows_a_translated_error(client) -> None:
    UserFactory(email="rina@example.org")
    r = client.post(
        reverse("accounts:login"), {"username": "rina@example.org", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 200
    assert "correct" in r.content.decode()
    assert 'value="rina@example.org"' in r.content.decode()


def test_repeated_failures_lock_the_account_out(client, settings) -> None:
    UserFactory(email="rina@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "rina@example.org", "password": "wrong"})
    r = client.post(reverse("accounts:login"), {"username": "rina@example.org", "password": PASSWORD})
    assert r.status_code == 429
    assert not client.session.get("_auth_user_id")


def test_password_reset_sends_a_working_link(client, django_capture_on_commit_callbacks) -> None:
    user = UserFactory(email="rina@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "rina@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password-reset/" in line).strip()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    r = client.get(path, follow=True)
    assert r.status_code == 200 and r.context["validlink"]
    new = "a-brand-new-password-77"
    r = client.post(r.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_language_switch_is_remembered_on_the_profile(client) -> None:
    user = UserFactory(language="en")
    client.force_login(user, backend="sebaya.accounts.backends.EmailOrUsernameBackend")
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    user.refresh_from_db()
    assert user.language == "id"
    # The member's own language wins over the browser's.
    r = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert r["Content-Language"] == "id"

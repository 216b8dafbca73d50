from __future__ import annotations

import pytest
from django.urls import reverse

from sebaya.accounts.models import ApiToken, Guardianship, User
from sebaya.accounts.tests.factories import PASSWORD, MinorFactory, UserFactory, years_ago

pytestmark = pytest.mark.django_db


def test_it_saves_name_language_and_time_zone(as_user) -> None:
    user = UserFactory(language="en")
    client = as_user(user)
    r = client.post(
        reverse("accounts:profile"), {"display_name": "Rina W.", "language": "id", "timezone": "Asia/Jayapura"}
    )
    assert r.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.language, user.timezone) == ("Rina W.", "id", "Asia/Jayapura")


def test_an_unknown_time_zone_is_refused(as_user) -> None:
    user = UserFactory()
    r = as_user(user).post(
        reverse("accounts:profile"), {"display_name": "X", "language": "en", "timezone": "Nowhere/City"}
    )
    assert r.status_code == 200 and "timezone" in r.context["form"].errors


def test_a_token_is_shown_once_then_authenticates_the_api_then_can_be_revoked(as_user, client) -> None:
    user = UserFactory()
    r = as_user(user).post(reverse("accounts:token_create"), {"name": "calendar script"})
    raw = r.context["new_token"]
    assert raw.startswith("sby_")
    token = ApiToken.objects.get(user=user)
    assert raw not in (token.key_hash, token.prefix)  # only a hash is stored
    client.logout()
    r = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200 and r.json()["id"] == user.pk
    as_user(user).post(reverse("accounts:token_revoke", args=[token.pk]))
    client.logout()
    r = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_a_guardian_creates_a_child_account_that_logs_in_by_username(as_user, client) -> None:
    parent = UserFactory()
    r = as_user(parent).post(
        reverse("accounts:child_new"),
        {
            "display_name": "Sari Santoso",
            "birth_date": years_ago(9).isoformat(),
            "username": "Sari.S",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert r.status_code == 302
    child = User.objects.get(username="sari.s")
    assert child.email is None and child.is_minor and child.is_active
    assert Guardianship.objects.filter(guardian=parent, minor=child).exists()
    client.logout()
    r = client.post(reverse("accounts:login"), {"username": "Sari.S", "password": PASSWORD})
    assert r.status_code == 302 and client.session["_auth_user_id"] == str(child.pk)


def test_an_adult_cannot_be_created_as_a_child(as_user) -> None:
    r = as_user(UserFactory()).post(
        reverse("accounts:child_new"),
        {
            "display_name": "X",
            "birth_date": years_ago(20).isoformat(),
            "username": "xx1",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200 and "birth_date" in r.context["form"].errors
    assert not User.objects.filter(username="xx1").exists()


def test_a_minor_cannot_create_a_child_account(as_user) -> None:
    kid = MinorFactory()
    r = as_user(kid).get(reverse("accounts:child_new"))
    assert r.status_code == 302
    assert not Guardianship.objects.exists()


def test_minor_status_is_computed_from_the_birth_date() -> None:
    assert UserFactory(birth_date=years_ago(17)).is_minor
    assert not UserFactory(birth_date=years_ago(18)).is_minor

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from sebaya.accounts.models import GuardianRequest, Guardianship, User
from sebaya.accounts.tests.factories import PASSWORD, UserFactory, years_ago

pytestmark = pytest.mark.django_db


def form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": "Dewi Lestari",
        "email": "Dewi@Example.org",
        "birth_date": years_ago(30).isoformat(),
        "language": "id",
        "timezone": "Asia/Makassar",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_it_creates_an_adult_and_logs_her_in(client) -> None:
    response = client.post(reverse("accounts:signup"), form())
    assert response.status_code == 302
    user = User.objects.get(email="dewi@example.org")
    assert user.is_active and not user.is_minor
    assert user.timezone == "Asia/Makassar" and user.language == "id"
    assert user.password.startswith("md5$") or user.check_password(PASSWORD)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_it_follows_a_safe_next_but_not_an_open_redirect(client) -> None:
    r = client.post(reverse("accounts:signup") + "?next=/c/somewhere/", form())
    assert r["Location"] == "/c/somewhere/"
    client.logout()
    r = client.post(reverse("accounts:signup") + "?next=https://evil.example/", form(email="other@example.org"))
    assert r["Location"] == reverse("home")


def test_a_minor_without_a_guardian_is_refused_and_keeps_what_she_typed(client) -> None:
    response = client.post(
        reverse("accounts:signup"), form(birth_date=years_ago(13).isoformat()), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "need a parent or guardian" in response.content.decode()
    assert 'value="Dewi Lestari"' in response.content.decode()
    assert not User.objects.exists()


def test_a_minor_signs_up_inactive_until_her_guardian_confirms(client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"), form(birth_date=years_ago(13).isoformat(), guardian_email="mum@example.org")
        )
    assert response.status_code == 200
    child = User.objects.get(email="dewi@example.org")
    assert not child.is_active and child.is_minor
    assert [m.to for m in mail.outbox] == [["mum@example.org"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/guardian/confirm/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]

    # The child cannot log in yet.
    r = client.post(reverse("accounts:login"), {"username": "dewi@example.org", "password": PASSWORD})
    assert r.status_code == 200 and "_auth_user_id" not in client.session
    # The guardian logs in and confirms.
    mum = UserFactory(email="mum@example.org")
    client.force_login(mum, backend="sebaya.accounts.backends.EmailOrUsernameBackend")
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 302
    child.refresh_from_db()
    assert child.is_active
    assert Guardianship.objects.filter(guardian=mum, minor=child).exists()
    # The link works once.
    assert client.get("/" + path).status_code == 404


def test_a_minor_cannot_confirm_another_minor(client) -> None:
    from sebaya.accounts.services import guardian_request_create
    from sebaya.accounts.tests.factories import MinorFactory
    from sebaya.core.errors import ServiceError

    child = MinorFactory(is_active=False)
    req = guardian_request_create(minor=child, guardian_email="kid@example.org")
    other_child = MinorFactory(email="kid@example.org")
    from sebaya.accounts.services import guardian_request_confirm

    with pytest.raises(ServiceError):
        guardian_request_confirm(request=req, guardian=other_child)
    assert not GuardianRequest.objects.get(pk=req.pk).confirmed_at


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "something-else-entirely"}, "password2", "The two passwords differ."),
        (
            {"birth_date": (datetime.date.today() + datetime.timedelta(days=3)).isoformat()},
            "birth_date",
            "cannot be in the future",
        ),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice"),
        ({"password1": "123", "password2": "123"}, "password2", "too short"),
    ],
)
def test_bad_input_re_renders_with_a_message(client, overrides, field, message) -> None:
    response = client.post(reverse("accounts:signup"), form(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert 'value="Dewi Lestari"' in response.content.decode()


def test_the_error_is_in_indonesian_for_an_indonesian_browser(client) -> None:
    response = client.post(
        reverse("accounts:signup"), form(password2="beda-sekali-kata-sandi"), HTTP_ACCEPT_LANGUAGE="id"
    )
    errors = response.context["form"].errors["password2"]
    assert errors and "differ" not in errors[0]


def test_an_e_mail_can_only_be_used_once_whatever_its_case(client) -> None:
    UserFactory(email="dewi@example.org")
    response = client.post(reverse("accounts:signup"), form(email="DEWI@example.org"), HTTP_ACCEPT_LANGUAGE="en")
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1

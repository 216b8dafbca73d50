"""Rate limits: the doors that attract abuse refuse the request after the configured count, then reopen."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from conftest import login
from sebaya.communities.models import Invite


@pytest.fixture
def clock(monkeypatch):
    """A clock the rate limiter reads, moved forward by hand."""
    now = [time.time()]
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: now[0])
    return now


def test_signups_from_one_address_are_limited_and_the_limit_resets(client, settings, clock, db):
    settings.SEBAYA_RATE_LIMITS = {**settings.SEBAYA_RATE_LIMITS, "signup": "2/h"}
    url = reverse("accounts:signup")
    assert [client.post(url, {}).status_code for _ in range(2)] == [200, 200]
    refused = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    # In Indonesian too.
    assert "Terlalu banyak percobaan" in client.post(url, {}, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    # Reading the page is never limited, and another address is counted apart.
    assert client.get(url).status_code == 200
    assert client.post(url, {}, REMOTE_ADDR="10.0.0.9").status_code == 200
    clock[0] += 3601
    assert client.post(url, {}).status_code == 200


def test_log_ins_and_password_resets_are_limited(client, settings, clock, member):
    settings.SEBAYA_RATE_LIMITS = {**settings.SEBAYA_RATE_LIMITS, "login": "3/10m", "password_reset": "1/h"}
    login_url = reverse("accounts:login")
    codes = [client.post(login_url, {"username": f"nobody{i}@x.org", "password": "x"}).status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    reset = reverse("accounts:password_reset")
    assert client.post(reset, {"email": "maya@example.org"}).status_code == 302
    assert client.post(reset, {"email": "maya@example.org"}).status_code == 429


def test_the_api_answers_429_as_json(client, settings, clock, community, organiser):
    settings.SEBAYA_RATE_LIMITS = {**settings.SEBAYA_RATE_LIMITS, "invite": "2/h"}
    c = login(client, organiser)
    url = f"/api/communities/{community.slug}/invites"
    assert [c.post(url).status_code for _ in range(2)] == [201, 201]
    refused = c.post(url)
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited" and refused.json()["detail"]
    assert Invite.objects.count() == 2
    clock[0] += 3601
    assert c.post(url).status_code == 201


def test_reports_are_limited_per_person(client, settings, clock, community, guardian, member, organiser):
    settings.SEBAYA_RATE_LIMITS = {**settings.SEBAYA_RATE_LIMITS, "report": "1/h"}
    c = login(client, guardian)
    m = member.memberships.get()
    url = reverse("moderation:report", args=[community.slug, "member", m.pk])
    assert c.post(url, {"reason": "spam"}).status_code == 302
    assert c.post(url, {"reason": "spam"}).status_code == 429
    # Someone else behind the same address still may.
    assert login(client, organiser).post(url, {"reason": "spam"}).status_code == 302


def test_an_empty_rate_turns_a_limit_off(client, settings, clock, db):
    settings.SEBAYA_RATE_LIMITS = {**settings.SEBAYA_RATE_LIMITS, "signup": ""}
    assert all(client.post(reverse("accounts:signup"), {}).status_code == 200 for _ in range(5))


def test_the_limits_count_in_a_cache_shared_by_every_app_server(settings):
    from config import settings as production

    assert production.CACHES["ratelimit"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.RATELIMIT_USE_CACHE == "ratelimit"

"""The platform pieces: production settings, the task worker, the admin, the demo data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings

from sebaya.communities.models import Community, Membership
from sebaya.core.tasks import send_email

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_with_production_settings(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEBAYA_", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SEBAYA_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-" + "y" * 20,
        "SEBAYA_ALLOWED_HOSTS": "sebaya.example.org",
        "SEBAYA_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEBAYA_", "DJANGO_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "SEBAYA_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SEBAYA_SECRET_KEY" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_queued_mail() -> None:
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # django-tasks resets its backends when the TASKS setting changes.
    with override_settings(TASKS=backend):
        result = send_email.using(backend="default").enqueue(to=["rina@example.org"], subject="Halo", body="Apa kabar?")
        assert not mail.outbox  # queued, not sent in the request
        call_command("db_worker", "--batch", "--no-reload")
        assert [m.subject for m in mail.outbox] == ["Halo"]
        result.refresh()
        assert result.status == "SUCCESSFUL"


def test_every_model_of_ours_is_in_the_admin() -> None:
    ours = [m for m in apps.get_models() if m.__module__.startswith("sebaya.")]
    missing = [m.__name__ for m in ours if not admin.site.is_registered(m)]
    assert ours and not missing, missing


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(client, as_user, organiser) -> None:
    assert client.get("/admin/").status_code == 302
    assert as_user(organiser).get("/admin/").status_code == 302


@pytest.mark.django_db
def test_demo_data_loads_once(capsys) -> None:
    call_command("seed_demo")
    counts = (Community.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (Community.objects.count(), Membership.objects.count()) == counts
    assert counts[0] == 2 and 25 <= counts[1] <= 35
    cilandak = Community.objects.get(slug="lingkar-belajar-cilandak")
    minors = [m for m in cilandak.memberships.select_related("user") if m.user.is_minor]
    assert minors and all(m.user.guardians().exists() for m in minors)
    assert cilandak.venues.filter(kind="home").count() >= 2
    assert Community.objects.get(slug="kolektif-seni-prawirotaman").venues.filter(kind="online").exists()
    assert "already" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_home_page_speaks_the_browsers_language(client) -> None:
    call_command("seed_demo")
    id_page = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    en_page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lingkar Belajar Cilandak" in id_page and "Lingkar Belajar Cilandak" in en_page
    assert 'lang="id"' in id_page and 'lang="en"' in en_page
    assert "Learn from each other" in en_page and "Learn from each other" not in id_page


@pytest.mark.django_db
def test_a_page_asked_for_with_a_null_character_answers_400_in_the_readers_language() -> None:
    visitor = Client()
    for query in ({"city": "Jakarta\x00"}, {"\x00": "x"}):
        r = visitor.get("/communities/", query, HTTP_ACCEPT_LANGUAGE="id")
        assert r.status_code == 400
        assert "Karakter null tidak diizinkan." in r.content.decode()
    assert visitor.get("/communities/", {"city": "Jakarta"}).status_code == 200

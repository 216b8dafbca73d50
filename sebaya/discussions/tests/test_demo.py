from __future__ import annotations

import pytest
from django.core.management import call_command

from sebaya.accounts.models import User
from sebaya.discussions.models import Post, Thread
from sebaya.search.backends import Filters
from sebaya.search.queries import search


@pytest.mark.django_db
def test_demo_discussions_load_once_and_are_searchable() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Thread.objects.count(), Post.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Thread.objects.count(), Post.objects.count()) == counts and counts[0] >= 4
    ayu = User.objects.get(username="ayu")
    results = search(ayu, "belajar", Filters(kind="discussion"))
    assert results.total >= 2
    # The art collective's thread is for its own members only.
    assert search(ayu, "sablon", Filters(kind="discussion")).total == 0
    yoga = User.objects.get(email="yoga@demo.sebaya.id")
    assert search(yoga, "sablon", Filters(kind="discussion")).total == 1

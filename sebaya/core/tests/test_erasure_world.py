"""After people are erased, every page and API operation still answers everyone else (never a 500)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import login
from sebaya.accounts.privacy import user_erase
from sebaya.core.tests.test_access_matrix import API, BODIES, PAGES, World, _api_path, _url_kwargs, world

__all__ = ["world"]  # the fixture, shared with the access matrix


def test_nothing_breaks_once_people_are_erased(world: World) -> None:
    people = world.people
    member, facilitator, minor, guardian = people["member"], people["facilitator"], people["minor"], people["guardian"]
    assert member and facilitator and minor and guardian
    user_erase(actor=member, subject=member)
    user_erase(actor=facilitator, subject=facilitator)
    user_erase(actor=guardian, subject=minor)
    failures: list[str] = []
    for role in ("anonymous", "outsider", "organiser", "guardian"):
        client = Client(raise_request_exception=False)
        user = people[role]
        if user is not None:
            login(client, user)
        for name, (method, _expected) in sorted(PAGES.items()):
            if name == "accounts:logout":
                continue
            url = reverse(name, kwargs=_url_kwargs(name, world))
            status = getattr(client, method)(url).status_code
            if status >= 500:
                failures.append(f"{role} {method.upper()} {url}: {status}")
        for op in sorted(API):
            method, path = _api_path(op, world)
            response: Any = (
                client.get(path)
                if method == "GET"
                else getattr(client, method.lower())(path, data=BODIES.get(op, {}), content_type="application/json")
            )
            if response.status_code >= 500:
                failures.append(f"{role} {op}: {response.status_code}")
    assert not failures, failures

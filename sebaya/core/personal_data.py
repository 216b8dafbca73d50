"""Discovery of each app's share of a person's data, for export, erasure and a guardian's view.

Any installed app may have a module ``<app>.personal_data`` with these functions, all optional:

- ``export(user) -> dict[str, Any]``: what the app holds about ``user``, JSON-serialisable
  (dates and decimals are fine: the export uses Django's JSON encoder);
- ``files(user) -> list[tuple[str, File]]``: files of theirs (name inside the ZIP, file);
- ``erase(user) -> None``: remove what is theirs alone and anonymise what others still need;
  it runs inside the erasure's transaction, before the account itself is anonymised;
- ``child_activity(child) -> list[Activity]``: what a guardian sees of their child's activity
  in that app (posts, materials, …) on the child's page.

An app adds its section by adding the module: nothing here names the apps.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.files import File

if TYPE_CHECKING:
    from sebaya.accounts.models import User

MODULE = "personal_data"


@dataclass(frozen=True)
class Activity:
    """One line of a child's activity as their guardian sees it."""

    section: str  # a translated heading, e.g. "Discussion posts"
    text: str
    when: datetime.datetime | None = None
    url: str = ""


@cache
def modules() -> tuple[tuple[str, ModuleType], ...]:
    """``(app label, module)`` for every installed app that has a ``personal_data`` module."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if config.name == __package__ or importlib.util.find_spec(name) is None:
            continue
        found.append((config.label, importlib.import_module(name)))
    return tuple(found)


def _each(function: str) -> list[tuple[str, Callable[..., Any]]]:
    return [(label, getattr(m, function)) for label, m in modules() if callable(getattr(m, function, None))]


def collect_export(user: User) -> dict[str, Any]:
    return {label: fn(user) for label, fn in _each("export")}


def collect_files(user: User) -> list[tuple[str, File]]:  # type: ignore[type-arg]
    return [(f"{label}/{name}", f) for label, fn in _each("files") for name, f in fn(user)]


def erase_everywhere(user: User) -> None:
    for _label, fn in _each("erase"):
        fn(user)


def collect_child_activity(child: User) -> list[Activity]:
    found: list[Activity] = []
    for _label, fn in _each("child_activity"):
        found.extend(fn(child))
    return found

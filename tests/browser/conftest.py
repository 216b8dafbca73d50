"""Browser tests: Debian's Chromium driven by pytest-playwright against pytest-django's live server.

Every test in this folder is marked ``browser`` and runs on a transactional database (the live
server answers from another thread). Under ``pytest -n 2`` each worker has its own live server
and its own test database.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext

from sebaya.core.testing import ensure_catalogue

from .browser_audit import DESKTOP, PageAudit

# The sync Playwright API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).parent

# Playwright's own browser download cannot work on these machines: launch Debian's Chromium.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("The browser tests need Debian's `chromium` on PATH (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The app's CSP (script-src 'self' 'nonce-…') refuses the inline script that carries axe-core
    # into the page, so the audited contexts ignore CSP. test_csp.py checks the policy itself in a
    # context that enforces it.
    return {**browser_context_args, "bypass_csp": True, "viewport": DESKTOP, "locale": "id-ID"}


@pytest.fixture(autouse=True)
def _live_db(live_server: Any) -> None:
    """Every browser test talks to the live server and starts with the skill catalogue.

    A transactional test empties every table when it ends, including the catalogue that a data
    migration loaded; load it again (the migration's own function) when it is gone.
    """
    ensure_catalogue()


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def demo(live_server: Any) -> None:
    """The two demo communities and their people (all with the password ``belajar-bersama-2026``)."""
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def new_context(
    browser: Browser, browser_context_args: dict[str, Any], live_server: Any
) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context(locale="en-GB", viewport=PHONE)`` opens a further, separate browser (no shared cookies)."""
    opened: list[BrowserContext] = []

    def make(**overrides: Any) -> BrowserContext:
        ctx = browser.new_context(**{**browser_context_args, "base_url": live_server.url, **overrides})
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.close()


@pytest.fixture
def audit() -> PageAudit:
    """Accessibility and page-weight checks for every page a test visits."""
    return PageAudit()

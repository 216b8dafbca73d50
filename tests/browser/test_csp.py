"""The Content-Security-Policy, enforced: the audited tests switch it off to inject axe-core.

With the policy on, the app's own scripts (htmx, sebaya.js) must load and work, and the browser
must refuse nothing that the app itself tries to run.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, expect
from playwright.sync_api import Error as PlaywrightError

from .browser_audit import AXE_SOURCE


def test_it_runs_its_scripts_under_its_own_policy(demo, new_context) -> None:
    page = new_context(bypass_csp=False, locale="en-GB").new_page()
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text and "script-src" in message.text:
            refused.append(message.text)

    page.on("console", on_console)
    response = page.goto("/communities/")
    assert response is not None
    policy = dict(
        directive.strip().split(" ", 1) for directive in response.headers["content-security-policy"].split(";")
    )
    assert policy["script-src"].split()[0] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]

    # htmx (a static file) swaps the filtered results in place.
    page.locator("#f-city").select_option("Yogyakarta")
    expect(page.locator("#results h3")).to_have_text(["Kolektif Seni Prawirotaman"])
    expect(page).to_have_url(re.compile(r"city=Yogyakarta"))
    assert refused == []

    # An inline script, like the one that carries axe-core, is refused.
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content=AXE_SOURCE)
    assert page.evaluate("() => typeof window.axe") == "undefined"

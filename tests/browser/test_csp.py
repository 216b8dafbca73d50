"""The Content-Security-Policy, enforced: the audited tests switch it off to inject axe-core.

With the policy on, the app's own scripts (htmx, sebaya.js) must load and work, and the browser
must refuse nothing that the app itself tries to run.
"""

from __future__ import annotations

import re

from playwright.sync_api import ConsoleMessage, expect

from browser_audit import AXE_SOURCE


def test_it_runs_its_scripts_under_its_own_policy(demo, new_context) -> None:
    page = new_context(bypass_csp=False, locale="en-GB").new_page()
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text and "script-src" in message.text:
            refused.append(message.text)

    page.on("console", on_console)
    response = page.goto("/communities/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src 'self'[^;]*;", policy)
    assert "unsafe-inline" not in policy

    # htmx (a static file) swaps the filtered results in place.
    page.locator("#f-city").select_option("Yogyakarta")
    expect(page.locator("#results h3")).to_have_text(["Kolektif Seni Prawirotaman"])
    expect(page).to_have_url(re.compile(r"city=Yogyakarta"))
    assert refused == []

    # An inline script, like the one that carries axe-core, is refused.
    try:
        page.add_script_tag(content=AXE_SOURCE)
    except Exception as error:  # Playwright reports the refusal as an error
        assert "Content Security Policy" in str(error)
    assert page.evaluate("() => typeof window.axe") == "undefined"

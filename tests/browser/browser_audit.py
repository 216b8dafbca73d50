"""Checks run on every page the browser tests see: axe-core (WCAG 2.2 AA) and page weight.

Use ``audit.visit(page, "/path/")`` to navigate and check, or ``audit.check(page)`` after a click
that loaded a new page (a form post and its redirect) or after htmx swapped part of the page.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Request, Response

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Only violations are reported; skipping the details of passes makes a run several times faster.
    "resultTypes": ["violations"],
}

DEMO_PASSWORD = "belajar-bersama-2026"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

MAX_PAGE_BYTES = 150 * 1024
# Resources that make up a page load; htmx fragments fetched later are not part of it.
COUNTED_TYPES = {"document", "stylesheet", "script", "image", "font"}
# The API docs page is a developer tool that bundles Swagger UI (well over 150 KB on its own);
# it is not a page members use, so it is never weighed.
UNWEIGHED_PATHS = ("/api/docs",)
# User uploads are the members' own photos and files, not the weight of the app.
UPLOADS_PREFIX = "/media/"


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  <{v.get('helpUrl', '')}>")
        for node in v["nodes"][:8]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node["target"])
            lines.append(
                f"    at {target}: {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}"
            )
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@dataclass
class _Recorder:
    """Collects the responses of the page currently loading in one Playwright page."""

    responses: list[Response] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        # A new top-level navigation (including each hop of a redirect) starts a new page load.
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.responses.clear()

    def on_response(self, response: Response) -> None:
        self.responses.append(response)


@dataclass
class PageAudit:
    """Runs axe and weighs every page; remembers the weights so a test can print or compare them."""

    weights: dict[str, int] = field(default_factory=dict)
    _recorders: dict[int, _Recorder] = field(default_factory=dict)

    def watch(self, page: Page) -> Page:
        """Start recording the responses of ``page`` (done by ``visit`` on first use)."""
        if id(page) not in self._recorders:
            rec = _Recorder()
            page.on("request", rec.on_request)
            page.on("response", rec.on_response)
            self._recorders[id(page)] = rec
        return page

    def visit(self, page: Page, url: str) -> Response:
        self.watch(page)
        response = page.goto(url)
        assert response is not None, f"no response for {url}"
        assert response.ok, f"{url} answered {response.status}"
        self.check(page)
        return response

    def check(self, page: Page) -> None:
        """Axe and page weight for the page now shown."""
        page.wait_for_load_state("load")
        self.axe(page)
        self.weigh(page)

    def axe(self, page: Page) -> None:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(content=AXE_SOURCE)
            assert page.evaluate("() => typeof window.axe === 'object'"), "axe-core could not be injected (CSP?)"
        result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        violations = result["violations"]
        assert not violations, format_violations(page.url, violations)

    def weigh(self, page: Page) -> int:
        path = urlsplit(page.url).path
        if path.startswith(UNWEIGHED_PATHS):
            return 0
        rec = self._recorders.get(id(page))
        assert rec is not None, "call audit.watch(page) before the page loads to weigh it"
        origin = urlsplit(page.url).netloc
        total, parts = 0, []
        for response in list(rec.responses):
            url = urlsplit(response.url)
            if (
                url.netloc != origin
                or url.path.startswith(UPLOADS_PREFIX)
                or response.request.resource_type not in COUNTED_TYPES
                or not 200 <= response.status < 300
            ):
                continue
            # The live server sends static files as they are; production sends them gzipped
            # (WhiteNoise's pre-compressed files, GZipMiddleware for pages), so count that size.
            try:
                body = response.body()
            except PlaywrightError as exc:
                # A response of the document navigated away from (its events can arrive after
                # the next page's navigation began) is not part of this page.
                if "navigated away" not in str(exc):
                    raise
                continue
            size = len(gzip.compress(body, 6))
            total += size
            parts.append(f"{url.path} {size / 1024:.1f} KB")
        assert total > 0, f"no response recorded for {page.url}"
        label = path + (f"?{urlsplit(page.url).query}" if urlsplit(page.url).query else "")
        self.weights[label] = total
        print(f"page weight {label}: {total / 1024:.1f} KB gzipped ({', '.join(parts)})")
        assert total <= MAX_PAGE_BYTES, f"{label} weighs {total / 1024:.1f} KB gzipped, over 150 KB: {parts}"
        return total

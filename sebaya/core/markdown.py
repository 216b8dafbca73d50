"""Markdown written by members, rendered to HTML that is safe to show to others."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render_markdown(text: str) -> SafeString:
    """Render ``text`` as Markdown and keep only harmless tags; links never open the referrer."""
    html = _md.render(text or "")
    # Headings are shifted down one level so a member's "# Title" never competes with the page's h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer nofollow")
    return mark_safe(clean)  # noqa: S308 - nh3 has just sanitised it.

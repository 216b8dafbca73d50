"""No private channel between an adult and a child: Sebaya has no direct messages, and nothing may add one.

Members talk in sessions and (community-wide) discussions that moderators can read. This test fails
when a page or an API operation appears that could carry a message to one chosen person.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import get_resolver

from config.api import api
from sebaya.core.tests.test_access_matrix import _patterns

# Words that name a one-to-one channel, in routes, URL names and API summaries (English and Indonesian).
CHANNEL = re.compile(
    r"messag|chat|inbox|conversation|\bdm\b|direct[-_ ]?message|private[-_ ]?message|pesan|obrolan|percakapan|whisper",
    re.I,
)
# Request fields that would address a message to one person.
RECIPIENT = {"to", "to_user", "recipient", "recipient_id", "recipients", "user_id", "receiver", "penerima"}


def test_no_page_offers_a_private_channel() -> None:
    offenders = [
        (name, route) for name, route in _patterns(get_resolver().url_patterns) if CHANNEL.search(name + route)
    ]
    assert not offenders, f"a one-to-one channel would break the safeguarding rule: {offenders}"


def _fields(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return set(schema.get("properties", {}))


def test_no_api_operation_routes_a_message_to_one_person() -> None:
    doc = api.get_openapi_schema()
    components = doc.get("components", {}).get("schemas", {})
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            text = f"{path} {op.get('summary', '')} {op.get('operationId', '')}"
            assert not CHANNEL.search(text), f"{method.upper()} {path} looks like a private channel"
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            fields = _fields(body, components)
            assert not fields & RECIPIENT, f"{method.upper()} {path} addresses one person: {fields & RECIPIENT}"


def test_free_text_goes_to_groups_or_moderators_never_to_one_chosen_person() -> None:
    """Every operation that takes free text is known and reviewed: add a new one here only if it
    cannot deliver the text to a single person the sender picks."""
    doc = api.get_openapi_schema()
    components = doc.get("components", {}).get("schemas", {})
    texty = {"message", "details", "comment", "notes", "agenda", "body", "text"}
    found = set()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if _fields(body, components) & texty:
                found.add(f"{method.upper()} /api{path}".replace("/api/api/", "/api/"))
    reviewed = {
        "POST /api/communities/{slug}/join",  # a note to the organisers with a join request
        "POST /api/communities/{slug}/sessions",  # a session's agenda, read by the whole community
        "PATCH /api/communities/{slug}/sessions/{meetup_id}",
        "POST /api/communities/{slug}/sessions/{meetup_id}/feedback",  # shown to the host only in aggregate
        "POST /api/communities/{slug}/venues",  # a venue's notes, read by the community
        "PATCH /api/communities/{slug}/venues/{venue_id}",
        "POST /api/communities/{slug}/reports",  # read by the community's moderators
        "POST /api/moderation/reports/{report_id}/actions",  # a moderator's warning, on the record
        "POST /api/communities/{slug}/materials",  # a note published to the community or the commons
        "PATCH /api/materials/{material_id}",
        # Threads and posts live in a community's space, read by all its members and facilitators.
        "POST /api/communities/{slug}/threads",
        "POST /api/communities/{slug}/threads/{thread_id}/posts",
        "PATCH /api/communities/{slug}/threads/{thread_id}/posts/{post_id}",
    }
    assert found <= reviewed, f"review these operations for the no-private-channel rule: {sorted(found - reviewed)}"

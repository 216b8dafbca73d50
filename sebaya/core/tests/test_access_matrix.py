"""Every page and every API operation, requested by every role, gives the expected outcome.

The table below must have a row for each URL pattern of the site and each operation of the
OpenAPI document: a new view without a row fails ``test_every_page_has_a_row`` (or its API twin).

Outcomes: ``ok`` (any answer but a refusal: 2xx, a redirect elsewhere than the log-in page, or
400/409/422 for the empty input we send), ``login`` (redirected to log in), or a status code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api
from conftest import login
from sebaya.accounts.models import Guardianship, User
from sebaya.accounts.privacy import data_export_build, data_export_request
from sebaya.accounts.services import api_token_create, child_login_link_create, guardian_request_create
from sebaya.accounts.tests.factories import MinorFactory
from sebaya.calendars.models import CalendarToken
from sebaya.communities.models import Community, JoinRequest
from sebaya.communities.services import invite_create
from sebaya.materials.services import material_update, path_create, path_step_add
from sebaya.materials.tests.factories import make_material
from sebaya.meetups.services import meetup_rsvp
from sebaya.meetups.tests.factories import make_meetup
from sebaya.moderation.registry import target_for
from sebaya.moderation.services import report_create
from sebaya.planning.models import PlannedSession, PlanRun
from sebaya.skills.models import LearnSkill, Skill, TeachSkill
from sebaya.venues.models import Venue

ROLES = ["anonymous", "outsider", "member", "facilitator", "organiser", "guardian", "minor"]
MEMBERS = ["member", "facilitator", "organiser", "guardian", "minor"]


def everyone(outcome: Any = "ok") -> dict[str, Any]:
    return dict.fromkeys(ROLES, outcome)


def logged_in(outcome: Any = "ok") -> dict[str, Any]:
    return {**everyone(outcome), "anonymous": "login"}


def members_only(outcome: Any = "ok", outsider: Any = 403) -> dict[str, Any]:
    return {**dict.fromkeys(MEMBERS, outcome), "anonymous": "login", "outsider": outsider}


def organiser_only(outsider: Any = 403) -> dict[str, Any]:
    return {**members_only(403, outsider), "organiser": "ok"}


def only(role: str, others: Any, anonymous: Any = "login") -> dict[str, Any]:
    return {**everyone(others), "anonymous": anonymous, role: "ok"}


# Changing a material: its author (the member) and the community's organisers; 404 for outsiders.
MATERIAL_RW = {**members_only(403, outsider=404), "member": "ok", "organiser": "ok"}

# name: (method, expected outcome per role)
PAGES: dict[str, tuple[str, dict[str, Any]]] = {
    "home": ("get", everyone()),
    "set_language": ("post", everyone()),
    "accounts:signup": ("get", everyone()),
    "accounts:login": ("get", everyone()),
    "accounts:logout": ("post", everyone()),
    "accounts:profile": ("get", logged_in()),
    "accounts:token_create": ("post", logged_in()),
    "accounts:token_revoke": ("post", only("organiser", 404)),
    "accounts:child_new": ("get", logged_in()),
    "accounts:guardian_confirm": ("get", logged_in()),
    "accounts:child_detail": ("get", only("guardian", 404)),
    "accounts:child_login_link": ("post", only("guardian", 404)),
    "accounts:child_password": ("get", only("guardian", 404)),
    "accounts:child_guardian_invite": ("post", only("guardian", 404)),
    "accounts:child_guardian_remove": ("post", only("guardian", 404)),
    # Roles are tried in order: the guardian has just paused the minor, whose session then ends.
    "accounts:child_pause": ("post", {**only("guardian", 404), "minor": "login"}),
    "accounts:child_settings": ("post", only("guardian", 404)),
    "accounts:child_export": ("post", only("guardian", 404)),
    "accounts:child_erase": ("get", only("guardian", 404)),
    "accounts:login_link": ("get", everyone()),
    "accounts:privacy": ("get", everyone()),
    "accounts:my_data": ("get", logged_in()),
    "accounts:my_export": ("post", logged_in()),
    "accounts:export_download": ("get", only("guardian", 404)),
    "accounts:my_erase": ("get", logged_in()),
    "accounts:password_reset": ("get", everyone()),
    "accounts:password_reset_done": ("get", everyone()),
    "accounts:password_reset_confirm": ("get", everyone()),
    "accounts:password_reset_complete": ("get", everyone()),
    "communities:directory": ("get", everyone()),
    "communities:new": ("get", logged_in()),
    "communities:invite_landing": ("get", everyone()),
    "communities:guardian_decide": ("post", only("guardian", 404)),
    "communities:detail": ("get", everyone()),
    "communities:edit": ("get", organiser_only()),
    "communities:join": ("post", logged_in()),
    "communities:leave": ("post", members_only()),
    "communities:members": ("get", members_only()),
    "communities:member_detail": ("get", members_only(outsider=404)),
    "communities:member_role": ("post", organiser_only()),
    "communities:my_profile": ("get", members_only()),
    "communities:invites": ("get", organiser_only()),
    "communities:invite_revoke": ("post", organiser_only()),
    "communities:requests": ("get", organiser_only()),
    "communities:request_decide": ("post", organiser_only(outsider=404)),
    "skills:catalogue": ("get", everyone()),
    "skills:community_skill_new": ("get", organiser_only()),
    "skills:teach_add": ("post", members_only()),
    "skills:teach_remove": ("post", {**members_only(404), "member": "ok"}),
    "skills:learn_add": ("post", members_only()),
    "skills:learn_remove": ("post", {**members_only(404), "minor": "ok"}),
    "venues:list": ("get", members_only()),
    "venues:new": ("get", organiser_only()),
    "venues:detail": ("get", members_only(outsider=404)),
    "venues:edit": ("get", organiser_only(outsider=404)),
    "meetups:my_week": ("get", logged_in()),
    "meetups:consents": ("get", logged_in()),
    "meetups:consent_decide": ("post", only("guardian", 404)),
    "meetups:calendar": ("get", everyone()),
    "meetups:new": ("get", members_only()),
    "meetups:detail": ("get", everyone()),
    "meetups:edit": ("get", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "meetups:publish": ("post", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "meetups:cancel": ("post", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "meetups:rsvp": ("post", members_only()),
    "meetups:attendance": ("get", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "meetups:check_in": ("post", members_only()),
    "meetups:notes": ("post", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "meetups:feedback": ("post", members_only()),
    "calendars:page": ("get", logged_in()),
    "calendars:create": ("post", logged_in()),
    "calendars:revoke": ("post", logged_in()),
    "calendars:member_feed": ("get", everyone()),
    "calendars:community_feed": ("get", everyone()),
    "calendars:meetup_ics": ("get", everyone()),
    "planning:index": ("get", organiser_only()),
    "planning:start": ("post", organiser_only()),
    "planning:detail": ("get", organiser_only()),
    "planning:progress": ("get", organiser_only()),
    "planning:publish": ("post", organiser_only()),
    "planning:pin": ("post", organiser_only()),
    "planning:remove": ("post", organiser_only()),
    "planning:move": ("post", organiser_only()),
    "planning:replan": ("post", organiser_only()),
    "planning:check": ("get", organiser_only()),
    # The planned session's teacher (the organiser here), its learner (the minor) and her guardian.
    "planning:decline": ("get", {**members_only(403), "organiser": "ok", "minor": "ok", "guardian": "ok"}),
    "notifications:list": ("get", logged_in()),
    "notifications:mark_read": ("post", logged_in()),
    "notifications:settings": ("get", logged_in()),
    "audit:mine": ("get", logged_in()),
    "audit:log": ("get", logged_in(403)),  # the instance's operators only
    "materials:commons": ("get", everyone()),
    "materials:community": ("get", everyone()),
    "materials:new": ("get", members_only()),
    # The world's material is a community-only image that the member shared.
    "materials:detail": ("get", {**members_only(), "anonymous": 404, "outsider": 404}),
    "materials:download": ("get", {**members_only(), "anonymous": 404, "outsider": 404}),
    "materials:thumbnail": ("get", {**members_only(), "anonymous": 404, "outsider": 404}),
    "materials:edit": ("get", MATERIAL_RW),
    "materials:delete": ("get", MATERIAL_RW),
    "materials:versions": ("get", MATERIAL_RW),
    "materials:restore": ("post", MATERIAL_RW),
    "materials:version_download": ("get", MATERIAL_RW),
    "materials:vote": ("post", members_only(outsider=404)),
    "materials:attach": ("post", members_only(outsider=404)),
    "materials:detach": ("post", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "materials:paths": ("get", everyone()),
    "materials:path_new": ("get", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    # The world's path is a community-only path that the facilitator made.
    "materials:path_detail": ("get", {**members_only(), "anonymous": 404, "outsider": 404}),
    "materials:path_step_add": ("post", {**members_only(403, outsider=404), "facilitator": "ok", "organiser": "ok"}),
    "materials:path_step_remove": ("post", {**members_only(403, outsider=404), "facilitator": "ok", "organiser": "ok"}),
    "materials:path_tick": ("post", members_only(outsider=404)),
    "moderation:report": ("get", members_only()),
    "moderation:mine": ("get", logged_in()),
    "moderation:queue": ("get", {**members_only(403), "facilitator": "ok", "organiser": "ok"}),
    "moderation:instance_queue": ("get", logged_in(403)),  # the instance's operators only
    # The member is the person reported: the report is hidden from them as from other members.
    "moderation:report_detail": ("get", {**members_only(404, outsider=404), "facilitator": "ok", "organiser": "ok"}),
    "search:search": ("get", everyone()),
    "discussions:family": ("get", logged_in()),
    "discussions:list": ("get", members_only()),
    "discussions:new": ("get", members_only()),
    # Picking the community for a thread about a material (see QUERIES): the community's members.
    "discussions:new_about_material": ("get", members_only()),
    "discussions:detail": ("get", members_only(outsider=404)),
    "discussions:reply": ("post", members_only(outsider=404)),
    "discussions:subscribe": ("post", members_only(outsider=404)),
    "discussions:resolve": (
        "post",
        {**members_only(403, outsider=404), "member": "ok", "facilitator": "ok", "organiser": "ok"},
    ),
    "discussions:post_edit": ("get", {**members_only(403, outsider=404), "member": "ok"}),
    "discussions:post_delete": (
        "post",
        {**members_only(403, outsider=404), "member": "ok", "facilitator": "ok", "organiser": "ok"},
    ),
}

A = "anonymous"
# A thread started by the member: she, the organisers and the facilitators resolve it and remove its posts.
THREAD_RW = {**members_only(403, outsider=404), "member": "ok", "facilitator": "ok", "organiser": "ok"}
# Changing a session: its host and the community's organisers and facilitators.
RW = {**members_only(403), "facilitator": "ok", "organiser": "ok"}
# "METHOD /api/path": expected outcome per role (anonymous callers get 401 where a log-in is needed).
API: dict[str, dict[str, Any]] = {
    "GET /api/me": {**everyone(), A: 401},
    "PATCH /api/me": {**everyone(), A: 401},
    "DELETE /api/me": {**everyone(), A: 401},
    "GET /api/me/children": {**everyone(), A: 401},
    "PATCH /api/me/children/{child_id}": {**only("guardian", 404), A: 401},
    "POST /api/me/children/{child_id}/pause": {**only("guardian", 404), A: 401, "minor": 401},  # paused just now
    "POST /api/me/children/{child_id}/resume": {**only("guardian", 404), A: 401},
    "POST /api/me/children/{child_id}/login-link": {**only("guardian", 404), A: 401},
    "POST /api/me/children/{child_id}/export": {**only("guardian", 404), A: 401},
    "GET /api/me/consents": {**everyone(), A: 401},
    "POST /api/me/consents/sessions/{rsvp_id}/decision": {**only("guardian", 404), A: 401},
    "POST /api/me/consents/join-requests/{join_request_id}/decision": {**only("guardian", 404), A: 401},
    "POST /api/me/export": {**everyone(), A: 401},
    "GET /api/me/export": {**only("member", 404), A: 401},
    "GET /api/me/exports/{export_id}/file": {**only("guardian", 404), A: 401},
    "GET /api/communities": everyone(),
    "POST /api/communities": {**everyone(), A: 401},
    "GET /api/communities/{slug}": everyone(),
    "PATCH /api/communities/{slug}": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/members": {**members_only(), A: 401},
    "PATCH /api/communities/{slug}/members/{membership_id}": {**organiser_only(), A: 401},
    "DELETE /api/communities/{slug}/membership": {**members_only(), A: 401},
    "POST /api/communities/{slug}/join": {**everyone(), A: 401},
    "GET /api/communities/{slug}/join-requests": {**organiser_only(), A: 401},
    "POST /api/communities/{slug}/join-requests/{request_id}/decision": {**organiser_only(outsider=404), A: 401},
    "POST /api/communities/{slug}/invites": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/members/{membership_id}/profile": {
        **members_only(403, outsider=404),
        "member": "ok",
        "organiser": "ok",
        A: 401,
    },
    "GET /api/communities/{slug}/me/profile": {**members_only(), A: 401},
    "PATCH /api/communities/{slug}/me/profile": {**members_only(), A: 401},
    "PUT /api/communities/{slug}/me/teach": {**members_only(), A: 401},
    "DELETE /api/communities/{slug}/me/teach/{skill}": {**members_only(404), "member": "ok", A: 401},
    "PUT /api/communities/{slug}/me/learn": {**members_only(), A: 401},
    "DELETE /api/communities/{slug}/me/learn/{skill}": {**members_only(404), "minor": "ok", A: 401},
    "GET /api/skills": everyone(),
    "GET /api/communities/{slug}/skills": {**members_only(), A: 401},
    "POST /api/communities/{slug}/skills": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/venues": {**members_only(), A: 401},
    "POST /api/communities/{slug}/venues": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/venues/{venue_id}": {**members_only(outsider=404), A: 401},
    "PATCH /api/communities/{slug}/venues/{venue_id}": {**organiser_only(outsider=404), A: 401},
    "POST /api/communities/{slug}/plans": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/plans/{run_id}": {**organiser_only(), A: 401},
    "POST /api/communities/{slug}/plans/{run_id}/publish": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/plans/{run_id}/draft": {**organiser_only(), A: 401},
    "PUT /api/communities/{slug}/plans/{run_id}/pins": {**organiser_only(), A: 401},
    "POST /api/communities/{slug}/plans/{run_id}/remove": {**organiser_only(), A: 401},
    "POST /api/communities/{slug}/plans/{run_id}/move": {**organiser_only(), A: 401},
    "POST /api/communities/{slug}/plans/{run_id}/replan": {**organiser_only(), A: 401},
    "GET /api/communities/{slug}/plans/{run_id}/check": {**organiser_only(), A: 401},
    # Declining for oneself (no body): the planned teacher, then the learner; the guardian names no child.
    "POST /api/communities/{slug}/sessions/{meetup_id}/decline": {
        **members_only(403),
        "organiser": "ok",
        "minor": "ok",
        A: 401,
    },
    "GET /api/communities/{slug}/sessions": everyone(),
    "POST /api/communities/{slug}/sessions": {**members_only(), A: 401},
    "GET /api/communities/{slug}/sessions/{meetup_id}": everyone(),
    "PATCH /api/communities/{slug}/sessions/{meetup_id}": {**RW, A: 401},
    "POST /api/communities/{slug}/sessions/{meetup_id}/publish": {**RW, A: 401},
    "POST /api/communities/{slug}/sessions/{meetup_id}/cancel": {**RW, A: 401},
    "PUT /api/communities/{slug}/sessions/{meetup_id}/rsvp": {**members_only(), A: 401},
    "GET /api/communities/{slug}/sessions/{meetup_id}/attendees": {**members_only(), A: 401},
    "PUT /api/communities/{slug}/sessions/{meetup_id}/attendance": {**RW, A: 401},
    "POST /api/communities/{slug}/sessions/{meetup_id}/check-in": {**members_only(), A: 401},
    "POST /api/communities/{slug}/sessions/{meetup_id}/feedback": {**members_only(), A: 401},
    "GET /api/communities/{slug}/sessions/{meetup_id}/feedback": {**RW, A: 401},
    "GET /api/materials": everyone(),
    "POST /api/communities/{slug}/materials": {**members_only(), A: 401},
    "POST /api/communities/{slug}/materials/upload": {**members_only(), A: 401},
    "GET /api/materials/{material_id}": {**members_only(), A: 404, "outsider": 404},
    "PATCH /api/materials/{material_id}": {**MATERIAL_RW, A: 401},
    "POST /api/materials/{material_id}/file": {**MATERIAL_RW, A: 401},
    # Deleting is tried on a material the organiser shared: the member may not; the organiser does,
    # so the guardian and the minor, asked after, find it gone.
    "DELETE /api/materials/{material_id}": {**MATERIAL_RW, "member": 403, "guardian": 404, "minor": 404, A: 401},
    "GET /api/materials/{material_id}/versions": {**MATERIAL_RW, A: 401},
    "POST /api/materials/{material_id}/versions/{number}/restore": {**MATERIAL_RW, A: 401},
    "PUT /api/materials/{material_id}/vote": {**members_only(outsider=404), A: 401},
    "GET /api/communities/{slug}/sessions/{meetup_id}/materials": everyone(),
    "PUT /api/communities/{slug}/sessions/{meetup_id}/materials/{material_id}": {**RW, A: 401},
    "DELETE /api/communities/{slug}/sessions/{meetup_id}/materials/{material_id}": {**RW, A: 401},
    "GET /api/paths": everyone(),
    "GET /api/paths/{path_id}": {**members_only(), A: 404, "outsider": 404},
    "PUT /api/paths/{path_id}/steps/{step_id}/progress": {**members_only(outsider=404), A: 401},
    "POST /api/communities/{slug}/reports": {**members_only(), A: 401},
    "GET /api/me/reports": {**everyone(), A: 401},
    "GET /api/communities/{slug}/reports": {**members_only(403), "facilitator": "ok", "organiser": "ok", A: 401},
    "GET /api/moderation/reports": {**everyone(403), A: 401},
    # The facilitator decides first; the organiser then finds the report handled (409).
    "POST /api/moderation/reports/{report_id}/actions": {
        **members_only(404, outsider=404),
        "facilitator": "ok",
        "organiser": "ok",
        A: 401,
    },
    "GET /api/search": everyone(),
    "GET /api/communities/{slug}/threads": {**members_only(), A: 401},
    "POST /api/communities/{slug}/threads": {**members_only(), A: 401},
    "GET /api/communities/{slug}/threads/{thread_id}": {**members_only(outsider=404), A: 401},
    "POST /api/communities/{slug}/threads/{thread_id}/posts": {**members_only(outsider=404), A: 401},
    "PATCH /api/communities/{slug}/threads/{thread_id}/posts/{post_id}": {
        **members_only(403, outsider=404),
        "member": "ok",
        A: 401,
    },
    "DELETE /api/communities/{slug}/threads/{thread_id}/posts/{post_id}": {**THREAD_RW, A: 401},
    "PUT /api/communities/{slug}/threads/{thread_id}/subscription": {**members_only(outsider=404), A: 401},
    "POST /api/communities/{slug}/threads/{thread_id}/resolve": {**THREAD_RW, A: 401},
}


# Valid bodies, so that what answers is the permission check, not the input validation.
NOW = datetime.datetime.now(datetime.UTC)
BODIES: dict[str, dict[str, Any]] = {
    "POST /api/communities/{slug}/plans": {"time_limit": 2},
    "PUT /api/communities/{slug}/plans/{run_id}/pins": {"session": "guitar~m1~v1~70", "pinned": True},
    "POST /api/communities/{slug}/plans/{run_id}/remove": {"session": "guitar~m1~v1~70"},
    "POST /api/communities/{slug}/plans/{run_id}/move": {"session": "guitar~m1~v1~70", "day": 5, "hour": 9, "venue": 1},
    "PATCH /api/me": {"display_name": "New name"},
    # A wrong password: everyone is refused with 400, nobody is erased by the matrix.
    "DELETE /api/me": {"password": "not-the-password"},
    "PATCH /api/me/children/{child_id}": {"show_full_name": True},
    "POST /api/me/consents/sessions/{rsvp_id}/decision": {"approve": False},
    "POST /api/me/consents/join-requests/{join_request_id}/decision": {"approve": False},
    "POST /api/communities": {"name": "Baru", "slug": "baru", "city": "Bandung", "description": "Baru."},
    "PATCH /api/communities/{slug}": {"city": "Depok"},
    "PATCH /api/communities/{slug}/members/{membership_id}": {"role": "facilitator"},
    "POST /api/communities/{slug}/join-requests/{request_id}/decision": {"approve": True},
    "PATCH /api/communities/{slug}/me/profile": {"max_travel_km": 4},
    "PUT /api/communities/{slug}/me/teach": {"skill": "chess", "level": 3},
    "PUT /api/communities/{slug}/me/learn": {"skill": "chess", "level": 1, "priority": 3},
    "POST /api/communities/{slug}/skills": {"name_id": "Wayang", "name_en": "Shadow puppets"},
    "POST /api/communities/{slug}/venues": {"name": "Taman", "lat": -6.2, "lng": 106.8},
    "PATCH /api/communities/{slug}/venues/{venue_id}": {"capacity": 14},
    "POST /api/communities/{slug}/sessions": {
        "title": "Catur",
        "skill": "chess",
        "starts_at": (NOW + datetime.timedelta(days=3)).isoformat(),
        "ends_at": (NOW + datetime.timedelta(days=3, hours=1)).isoformat(),
        "online_url": "https://meet.jit.si/catur",
    },
    "PATCH /api/communities/{slug}/sessions/{meetup_id}": {"title": "Gitar lanjutan"},
    "PUT /api/communities/{slug}/sessions/{meetup_id}/rsvp": {"going": True},
    "PUT /api/communities/{slug}/sessions/{meetup_id}/attendance": {"present": []},
    "POST /api/communities/{slug}/sessions/{meetup_id}/check-in": {"code": "123456"},
    "POST /api/communities/{slug}/sessions/{meetup_id}/feedback": {"usefulness": 4, "pace": "right"},
    "POST /api/communities/{slug}/materials": {"kind": "note", "title": "Catatan", "body": "Isi."},
    "PATCH /api/materials/{material_id}": {"title": "Judul baru"},
    "PUT /api/materials/{material_id}/vote": {"helpful": False},
    "PUT /api/paths/{path_id}/steps/{step_id}/progress": {"done": True},
    "POST /api/communities/{slug}/reports": {"kind": "session", "object_id": "{meetup_id}", "reason": "other"},
    "POST /api/moderation/reports/{report_id}/actions": {"action": "dismiss"},
    "POST /api/communities/{slug}/threads": {"title": "Catur", "body": "Siapa mau main?", "material": "{material_id}"},
    "POST /api/communities/{slug}/threads/{thread_id}/posts": {"body": "Saya mau."},
    "PATCH /api/communities/{slug}/threads/{thread_id}/posts/{post_id}": {"body": "Siapa mau main catur?"},
    "PUT /api/communities/{slug}/threads/{thread_id}/subscription": {"following": True},
    "POST /api/communities/{slug}/threads/{thread_id}/resolve": {"resolved": True},
}


def _png() -> Any:
    from sebaya.materials.tests.factories import png_bytes, upload

    return upload("gambar.png", png_bytes(), "image/png")


# Multipart bodies, made afresh for every request (an uploaded file is read once).
MULTIPART: dict[str, Any] = {
    "POST /api/communities/{slug}/materials/upload": lambda: {"file": _png(), "title": "Gambar"},
    "POST /api/materials/{material_id}/file": lambda: {"file": _png()},
}


def _patterns(resolvers: list[Any], prefix: str = "", namespace: str | None = None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for p in resolvers:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in {"admin", "api"} or str(p.pattern).startswith(("admin", "api")):
                continue
            found += _patterns(p.url_patterns, prefix + str(p.pattern), ns if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            found.append((f"{namespace}:{p.name}" if namespace else p.name, prefix + str(p.pattern)))
    return found


def site_url_names() -> set[str]:
    return {name for name, _route in _patterns(get_resolver().url_patterns)}


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {f"{method.upper()} /api{path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_page_has_a_row() -> None:
    missing = site_url_names() - set(PAGES)
    stale = set(PAGES) - site_url_names()
    assert not missing, f"add these views to the access matrix: {sorted(missing)}"
    assert not stale, f"these rows name no view any more: {sorted(stale)}"


def test_every_api_operation_has_a_row() -> None:
    ops = {op.replace("/api/api/", "/api/") for op in api_operations()}
    missing, stale = ops - set(API), set(API) - ops
    assert not missing, f"add these API operations to the access matrix: {sorted(missing)}"
    assert not stale, f"these rows name no API operation any more: {sorted(stale)}"


@dataclass
class World:
    community: Community
    people: dict[str, User | None]
    kwargs: dict[str, Any]


@pytest.fixture
def world(
    community: Community,
    organiser: User,
    facilitator: User,
    member: User,
    guardian: User,
    minor: User,
    outsider: User,
    venue: Venue,
) -> World:
    org_m = organiser.memberships.get(community=community)
    member_m = member.memberships.get(community=community)
    minor_m = minor.memberships.get(community=community)
    token, _raw = api_token_create(user=organiser, name="script")
    invite = invite_create(community=community, by=organiser)
    # A second child of the guardian asks to join: the request waits for the guardian.
    sibling = MinorFactory(username="sibling")
    sibling.guarded_by.create(guardian=guardian)
    guardian_req = JoinRequest.objects.create(
        community=community, user=sibling, status=JoinRequest.Status.PENDING_GUARDIAN
    )
    pending = JoinRequest.objects.create(
        community=community, user=MinorFactory(username="applicant", birth_date="1990-01-01")
    )
    child_signup = MinorFactory(username="newchild", is_active=False)
    raw_confirm = "confirm-token-for-tests"
    from sebaya.accounts.models import hash_token

    greq = guardian_request_create(minor=child_signup, guardian_email="gita@example.org")
    type(greq).objects.filter(pk=greq.pk).update(token_hash=hash_token(raw_confirm))
    host = organiser.memberships.get(community=community)
    meetup = make_meetup(host, venue=venue)
    consent = meetup_rsvp(meetup=meetup, membership=minor_m, going=True)
    run = PlanRun.objects.create(community=community, week_start=datetime.date(2030, 1, 7), instance={})
    # The session came from a plan: its host teaches it and the minor (waiting for consent) learns in it.
    PlannedSession.objects.create(run=run, meetup=meetup, index=0)
    # A community-only image that the member shared and changed once (so that version 1 can be restored),
    # a community-only learning path by the facilitator with one step.
    material = make_material(community, member, kind="file", upload=_png(), title="Gambar")
    material_update(material=material, by=member, title="Gambar kunci gitar")
    path = path_create(community=community, author=facilitator, skill=Skill.objects.get(slug="guitar"), title="Gitar")
    step = path_step_add(path=path, kind="material", material=material)
    organisers_note = make_material(community, organiser, title="Catatan penyelenggara")
    # The guardian has reported the member; the report waits in the community's queue.
    report = report_create(
        reporter=guardian,
        community=community,
        target=target_for("member"),
        obj=member_m,
        reason="harassment",
        details="Shouted at the children.",
    )
    from sebaya.discussions.tests.factories import make_thread

    thread = make_thread(member, community)
    # The guardian's export of the child's data (built at once), and one of the member's own.
    child_export = data_export_build(export=data_export_request(actor=guardian, subject=minor))
    data_export_build(export=data_export_request(actor=member, subject=member))
    _link, login_token = child_login_link_create(guardian=guardian, child=minor)
    kwargs = {
        "thread_id": thread.pk,
        "post_id": thread.posts.get().pk,
        "slug": community.slug,
        "meetup_id": meetup.pk,
        "rsvp_id": consent.pk,
        "run_id": run.pk,
        "calendar_token": CalendarToken.objects.issue(member),
        "membership_id": member_m.pk,
        "venue_id": venue.pk,
        "invite_id": invite.pk,
        "token_id": token.pk,
        "item_id": None,  # filled per view below
        "request_id": pending.pk,
        "guardian_request_id": guardian_req.pk,
        "token": invite.token,
        "confirm_token": raw_confirm,
        "teach_item": TeachSkill.objects.get(membership=member_m).pk,
        "learn_item": LearnSkill.objects.get(membership=minor_m).pk,
        "uidb64": "MQ",
        "reset_token": "set-password",
        "org_membership": org_m.pk,
        "material_id": material.pk,
        "organisers_material_id": organisers_note.pk,
        "number": 1,
        "path_id": path.pk,
        "step_id": step.pk,
        "report_id": report.pk,
        "child_id": minor.pk,
        "guardianship_id": Guardianship.objects.get(guardian=guardian, minor=minor).pk,
        "export_id": child_export.pk,
        "login_token": login_token,
        "join_request_id": guardian_req.pk,
    }
    people: dict[str, User | None] = {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "facilitator": facilitator,
        "organiser": organiser,
        "guardian": guardian,
        "minor": minor,
    }
    return World(community, people, kwargs)


def _url_kwargs(name: str, world: World) -> dict[str, Any]:
    route = dict(_patterns(get_resolver().url_patterns))[name]
    k = world.kwargs
    special = {
        "accounts:guardian_confirm": {"token": k["confirm_token"]},
        "accounts:password_reset_confirm": {"uidb64": k["uidb64"], "token": k["reset_token"]},
        "communities:guardian_decide": {"request_id": k["guardian_request_id"]},
        "calendars:member_feed": {"token": k["calendar_token"]},
        "accounts:login_link": {"token": k["login_token"]},
        "skills:teach_remove": {"slug": k["slug"], "item_id": k["teach_item"]},
        "skills:learn_remove": {"slug": k["slug"], "item_id": k["learn_item"]},
        "moderation:report": {"slug": k["slug"], "kind": "member", "object_id": k["membership_id"]},
    }
    if name in special:
        return special[name]
    return {key: k[key] for key in k if f"<{key}>" in route or f":{key}>" in route}


# Pages that read their subject from the query string rather than the path.
QUERIES: dict[str, Any] = {
    "discussions:new_about_material": lambda k: {"community": k["slug"], "material": k["material_id"]},
}


def outcome(response: Any) -> Any:
    if response.status_code in (301, 302):
        return "login" if "/accounts/login/" in response["Location"] else "ok"
    if response.status_code < 300 or response.status_code in (400, 409, 422):
        return "ok"
    return response.status_code


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name: str, world: World) -> None:
    method, expected = PAGES[name]
    url = reverse(name, kwargs=_url_kwargs(name, world))
    got = {}
    for role in ROLES:
        client = Client()
        user = world.people[role]
        if user is not None:
            login(client, user)
        query = QUERIES[name](world.kwargs) if name in QUERIES else None
        got[role] = outcome(getattr(client, method)(url, query))
    assert got == expected, f"{name} ({method.upper()} {url})"


def _api_path(op: str, world: World) -> tuple[str, str]:
    method, path = op.split(" ", 1)
    k = world.kwargs
    fill = {
        "{slug}": k["slug"],
        "{membership_id}": str(k["membership_id"]),
        "{venue_id}": str(k["venue_id"]),
        "{meetup_id}": str(k["meetup_id"]),
        "{run_id}": str(k["run_id"]),
        "{request_id}": str(k["request_id"]),
        "{skill}": "guitar",
        "{material_id}": str(k["material_id"]),
        "{number}": "1",
        "{path_id}": str(k["path_id"]),
        "{step_id}": str(k["step_id"]),
        "{report_id}": str(k["report_id"]),
        "{thread_id}": str(k["thread_id"]),
        "{post_id}": str(k["post_id"]),
        "{child_id}": str(k["child_id"]),
        "{rsvp_id}": str(k["rsvp_id"]),
        "{export_id}": str(k["export_id"]),
        "{join_request_id}": str(k["join_request_id"]),
    }
    if op == "DELETE /api/materials/{material_id}":
        fill["{material_id}"] = str(k["organisers_material_id"])
    for key, value in fill.items():
        path = path.replace(key, value)
    return method, path


def api_outcome(response: Any) -> Any:
    if response.status_code < 300 or response.status_code in (400, 409, 422):
        return "ok"
    return response.status_code


@pytest.mark.parametrize("op", sorted(API))
def test_api_access(op: str, world: World) -> None:
    method, path = _api_path(op, world)
    got = {}
    for role in ROLES:
        client = Client()
        user = world.people[role]
        if user is not None:
            login(client, user)
        if method == "GET":
            response = client.get(path)
        elif op in MULTIPART:
            response = client.post(path, data=MULTIPART[op]())
        else:
            # A body value "{name}" stands for the world's id of that name.
            body = {
                key: world.kwargs[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v
                for key, v in BODIES.get(op, {}).items()
            }
            response = getattr(client, method.lower())(path, data=body, content_type="application/json")
        got[role] = api_outcome(response)
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"code", "detail"}, f"{op} as {role}: error body {body}"
    assert got == API[op], op

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from sebaya.core.api import AUTHED, READ, WRITE, Body, Error, Flag, TimeZone
from sebaya.core.errors import ServiceError

from . import privacy, services
from .models import DataExport, StandingConsent, User
from .permissions import get_child_for_guardian, get_own_export, request_user

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    display_name: str
    email: str | None
    username: str | None
    language: str
    timezone: str
    is_minor: bool


class MePatch(Body):
    display_name: str | None = Field(None, min_length=1, max_length=80)
    language: str | None = Field(None, pattern="^(id|en)$")
    timezone: TimeZone | None = None


@router.get("/me", response={200: MeOut, **AUTHED}, summary="The caller's own account")
def me(request: HttpRequest) -> User:
    return request_user(request)


@router.patch("/me", response={200: MeOut, 400: Error, **AUTHED}, summary="Change display name, language or time zone")
def me_update(request: HttpRequest, payload: MePatch) -> User:
    user = request_user(request)
    data = payload.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in data.items():
        setattr(user, key, value)
    user.save(update_fields=list(data) or None)
    return user


# --- Children, consents and data rights -----------------------------------------------------


class ChildOut(Schema):
    id: int
    display_name: str
    username: str | None
    age: int
    paused: bool
    show_full_name: bool = Field(description="Whether community members see the full name, not only the initial.")
    auto_consent: list[str] = Field(
        description="Slugs of the communities where sessions at venues suitable for minors are approved at once."
    )


class ChildPatch(Body):
    show_full_name: Flag | None = None
    auto_consent: list[str] | None = Field(None, description="Community slugs; replaces the whole list.")


class LoginLinkOut(Schema):
    url: str = Field(description="Shown once: open it on the child's device to log in. Works once, for 30 minutes.")
    expires_at: datetime.datetime


class PendingSession(Schema):
    id: int
    child: str
    session: str
    community: str
    starts_at: datetime.datetime


class PendingJoin(Schema):
    id: int
    child: str
    community: str
    message: str


class ConsentsOut(Schema):
    sessions: list[PendingSession] = Field(description="Answers to sessions waiting for consent.")
    join_requests: list[PendingJoin] = Field(description="Requests to join a community waiting for consent.")


class Decision(Body):
    approve: Flag


class ExportOut(Schema):
    id: int
    status: str = Field(description="pending, ready or failed.")
    created_at: datetime.datetime
    expires_at: datetime.datetime
    size: int
    download: str | None = Field(description="API path of the ZIP once ready.")


class EraseIn(Body):
    password: str = Field(min_length=1, max_length=200)


def _child_out(child: User) -> dict[str, Any]:
    return {
        "id": child.pk,
        "display_name": child.display_name,
        "username": child.username,
        "age": child.age,
        "paused": child.is_paused,
        "show_full_name": child.show_full_name,
        "auto_consent": sorted(StandingConsent.objects.filter(minor=child).values_list("community__slug", flat=True)),
    }


def _export_out(export: DataExport) -> dict[str, Any]:
    return {
        "id": export.pk,
        "status": export.status,
        "created_at": export.created_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download": f"/api/me/exports/{export.pk}/file" if export.is_available else None,
    }


@router.get("/me/children", response={200: list[ChildOut], **AUTHED}, summary="The children I am a guardian of")
def children_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_child_out(c) for c in request_user(request).children().filter(erased_at__isnull=True)]


@router.patch(
    "/me/children/{child_id}", response={200: ChildOut, **WRITE}, summary="Change a child's privacy and consent rule"
)
def child_update(request: HttpRequest, child_id: int, payload: ChildPatch) -> dict[str, Any]:
    from sebaya.communities.models import Community

    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    ids = None
    if payload.auto_consent is not None:
        found = dict(
            Community.objects.filter(slug__in=payload.auto_consent, memberships__user=child).values_list("slug", "pk")
        )
        unknown = sorted(set(payload.auto_consent) - set(found))
        if unknown:
            raise ServiceError(
                _("%(child)s is not a member of: %(slugs)s")
                % {"child": child.display_name, "slugs": ", ".join(unknown)},
                code="not_member",
            )
        ids = list(found.values())
    services.child_settings_update(
        guardian=guardian,
        child=child,
        show_full_name=child.show_full_name if payload.show_full_name is None else payload.show_full_name,
        auto_consent=ids,
    )
    return _child_out(child)


@router.post("/me/children/{child_id}/pause", response={200: ChildOut, **READ}, summary="Pause a child's account")
def child_pause(request: HttpRequest, child_id: int) -> dict[str, Any]:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    services.child_pause(guardian=guardian, child=child, request=request)
    return _child_out(child)


@router.post("/me/children/{child_id}/resume", response={200: ChildOut, **READ}, summary="Resume a child's account")
def child_resume(request: HttpRequest, child_id: int) -> dict[str, Any]:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    services.child_resume(guardian=guardian, child=child, request=request)
    return _child_out(child)


@router.post(
    "/me/children/{child_id}/login-link",
    response={201: LoginLinkOut, **READ, 409: Error},
    summary="Make a one-time log-in link for a child",
)
def child_login_link(request: HttpRequest, child_id: int) -> Status[dict[str, Any]]:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    link, raw = services.child_login_link_create(guardian=guardian, child=child)
    return Status(
        201, {"url": settings.SITE_URL + reverse("accounts:login_link", args=[raw]), "expires_at": link.expires_at}
    )


@router.post(
    "/me/children/{child_id}/export",
    response={202: ExportOut, **READ},
    summary="Start an export of a child's data",
)
def child_export(request: HttpRequest, child_id: int) -> Status[dict[str, Any]]:
    guardian = request_user(request)
    child = get_child_for_guardian(guardian, child_id)
    export = privacy.data_export_request(actor=guardian, subject=child, request=request)
    return Status(202, _export_out(export))


@router.get("/me/consents", response={200: ConsentsOut, **AUTHED}, summary="What waits for my consent")
def consents(request: HttpRequest) -> dict[str, Any]:
    from sebaya.communities.models import JoinRequest
    from sebaya.meetups.models import Rsvp, RsvpStatus

    user = request_user(request)
    rsvps = Rsvp.objects.filter(
        membership__user__guarded_by__guardian=user, status=RsvpStatus.PENDING_GUARDIAN
    ).select_related("membership__user", "meetup__community")
    joins = JoinRequest.objects.filter(
        user__guarded_by__guardian=user, status=JoinRequest.Status.PENDING_GUARDIAN
    ).select_related("user", "community")
    return {
        "sessions": [
            {
                "id": r.pk,
                "child": r.membership.user.display_name,
                "session": r.meetup.title,
                "community": r.meetup.community.slug,
                "starts_at": r.meetup.starts_at,
            }
            for r in rsvps
        ],
        "join_requests": [
            {"id": j.pk, "child": j.user.display_name, "community": j.community.slug, "message": j.message}
            for j in joins
        ],
    }


@router.post(
    "/me/consents/sessions/{rsvp_id}/decision",
    response={204: None, **WRITE},
    summary="Approve or decline a child's answer to a session",
)
def consent_session(request: HttpRequest, rsvp_id: int, payload: Decision) -> Status[None]:
    from sebaya.meetups.models import Rsvp
    from sebaya.meetups.services import rsvp_guardian_decide

    guardian = request_user(request)
    rsvp = get_object_or_404(Rsvp, pk=rsvp_id, membership__user__guarded_by__guardian=guardian)
    rsvp_guardian_decide(rsvp=rsvp, guardian=guardian, approve=payload.approve)
    return Status(204, None)


@router.post(
    "/me/consents/join-requests/{join_request_id}/decision",
    response={204: None, **WRITE},
    summary="Approve or decline a child's request to join a community",
)
def consent_join(request: HttpRequest, join_request_id: int, payload: Decision) -> Status[None]:
    from sebaya.communities.permissions import get_join_request_for_guardian
    from sebaya.communities.services import join_request_guardian_decide

    guardian = request_user(request)
    req = get_join_request_for_guardian(guardian, join_request_id)
    join_request_guardian_decide(join_request=req, guardian=guardian, approve=payload.approve)
    return Status(204, None)


@router.post("/me/export", response={202: ExportOut, **AUTHED}, summary="Start an export of all my data")
def export_start(request: HttpRequest) -> Status[dict[str, Any]]:
    user = request_user(request)
    return Status(202, _export_out(privacy.data_export_request(actor=user, subject=user, request=request)))


@router.get(
    "/me/export",
    response={200: ExportOut, 404: Error, **AUTHED},
    summary="My latest export of my own data (404 when there is none)",
)
def export_latest(request: HttpRequest) -> dict[str, Any]:
    user = request_user(request)
    export = DataExport.objects.filter(subject=user, requested_by=user).first()
    if export is None:
        raise Http404
    return _export_out(export)


@router.get(
    "/me/exports/{export_id}/file",
    response={200: None, **READ},
    summary="Download an export (a ZIP: data.json and files)",
    openapi_extra={"responses": {200: {"description": "The ZIP file", "content": {"application/zip": {}}}}},
)
def export_file(request: HttpRequest, export_id: int) -> HttpResponseBase:
    export = get_own_export(request_user(request), export_id)
    if not export.is_available or not Path(export.path).exists():
        raise Http404
    return FileResponse(Path(export.path).open("rb"), as_attachment=True, filename=f"sebaya-{export.pk}.zip")


@router.delete(
    "/me",
    response={204: None, 400: Error, 409: Error, **AUTHED},
    summary="Erase my account (needs my password)",
    description="Refused with 409 when I am the last organiser of a community or a child's only guardian.",
)
def me_erase(request: HttpRequest, payload: EraseIn) -> Status[None]:
    user = request_user(request)
    if not user.check_password(payload.password):
        raise ServiceError(_("That password is not right."), code="wrong_password")
    privacy.user_erase(actor=user, subject=user, request=request)
    return Status(204, None)

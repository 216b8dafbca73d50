"""Writing the audit log. Call ``audit_record`` inside the transaction of the action it records."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from .models import Action, AuditEvent, KnownDevice

if TYPE_CHECKING:
    from sebaya.accounts.models import User
    from sebaya.communities.models import Community


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: Action,
    actor: User | None = None,
    subject: User | None = None,
    community: Community | None = None,
    target: object = "",
    request: HttpRequest | None = None,
    **data: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        subject=subject,
        community=community,
        target=str(target)[:200],
        ip=client_ip(request),
        data=data,
    )


def device_fingerprint(request: HttpRequest) -> str:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return hashlib.sha256(agent.encode()).hexdigest()


def device_seen(*, user: User, request: HttpRequest) -> bool:
    """Remember the browser; record a new-device log-in the first time (but not at a first log-in ever)."""
    fingerprint = device_fingerprint(request)
    first_ever = not KnownDevice.objects.filter(user=user).exists()
    try:
        with transaction.atomic():
            KnownDevice.objects.create(user=user, fingerprint=fingerprint)
    except IntegrityError:
        return False
    if not first_ever:
        agent = request.META.get("HTTP_USER_AGENT", "")[:200]
        audit_record(action=Action.NEW_DEVICE, actor=user, subject=user, request=request, agent=agent)
    return True

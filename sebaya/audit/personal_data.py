"""What the audit log holds about a person. The log itself is kept (it is evidence of who did what
to a child's account), but an erased person's IP addresses and details are removed from it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sebaya.accounts.models import User

from .models import AuditEvent, KnownDevice


def export(user: User) -> dict[str, Any]:
    return {
        "events": [
            {"when": e.created_at, "action": e.action, "by_me": e.actor_id == user.pk, "ip": e.ip}
            for e in AuditEvent.objects.filter(Q(subject=user) | Q(actor=user))
        ],
        "known_devices": KnownDevice.objects.filter(user=user).count(),
    }


def erase(user: User) -> None:
    AuditEvent.objects.filter(Q(subject=user) | Q(actor=user)).update(ip=None, data={})
    KnownDevice.objects.filter(user=user).delete()

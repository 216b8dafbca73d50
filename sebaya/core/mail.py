"""E-mail to members, written in each recipient's language and time zone, sent by the task worker."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sebaya.accounts.models import User

from .tasks import send_email


def render_for(user: User, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` as ``user`` should read them."""
    with translation.override(user.language), timezone.override(zoneinfo.ZoneInfo(user.timezone)):
        ctx = {"recipient": user, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}.txt", ctx)
    return subject, body


def mail_users(users: Iterable[User], template: str, context: dict[str, Any]) -> None:
    """Queue one e-mail per user once the current transaction commits (never for a rolled-back change)."""
    messages = [([u.email], *render_for(u, template, context)) for u in users if u.email and u.is_active]

    def enqueue() -> None:
        for to, subject, body in messages:
            send_email.enqueue(to=to, subject=subject, body=body)

    transaction.on_commit(enqueue)


def mail_address(address: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Queue an e-mail to an address that may have no account yet."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(to=[address], subject=subject, body=body))

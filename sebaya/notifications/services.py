"""Tell people what happened: an in-app notice always, an e-mail unless they muted that kind."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sebaya.accounts.models import User
from sebaya.core.mail import render_for
from sebaya.core.tasks import send_email

from .models import EmailMute, Kind, Notification


def notify(users: Iterable[User], *, kind: Kind, template: str, context: dict[str, Any], url: str = "") -> None:
    """Notify each user in their own language and time zone.

    ``template`` names ``<template>_subject.txt`` (the title) and ``<template>.txt`` (the text).
    Rows are written in the current transaction; e-mails are queued only once it commits.
    """
    recipients = [u for u in {u.pk: u for u in users}.values() if u.is_active]
    if not recipients:
        return
    muted = set(EmailMute.objects.filter(user__in=recipients, kind=kind).values_list("user_id", flat=True))
    mails: list[tuple[str, str, str]] = []
    rows = []
    for user in recipients:
        title, body = render_for(user, template, {"site_url": settings.SITE_URL, "url": url, **context})
        body = body.strip()
        rows.append(Notification(user=user, kind=kind, title=title[:200], body=body, url=url))
        if user.email and user.pk not in muted:
            link = f"\n\n{settings.SITE_URL}{url}" if url else ""
            mails.append((user.email, title, body + link))
    Notification.objects.bulk_create(rows)

    def enqueue() -> None:
        for to, subject, text in mails:
            send_email.enqueue(to=[to], subject=subject, body=text)

    transaction.on_commit(enqueue)


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

"""Background tasks of general use. Tasks are thin: they take plain values and call one function."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> None:
    send_mail(subject, body, None, to)

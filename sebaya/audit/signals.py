from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from sebaya.accounts.models import User

from .services import device_seen


@receiver(user_logged_in)
def remember_device(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None:
        device_seen(user=user, request=request)

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """ModelBackend whose lookup (through the manager's natural key) takes an e-mail or a username.

    A paused or erased account cannot log in, and an open session of one ends at its next request."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "paused_at", None) is not None or getattr(user, "erased_at", None) is not None:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id: Any) -> Any:
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

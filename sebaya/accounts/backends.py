from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """ModelBackend whose lookup (through the manager's natural key) takes an e-mail or a username."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Each test stores its uploads in a folder of its own, so "nothing left behind" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Each test stores its uploads in a folder of its own, so "nothing left behind" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def spooled(settings: Any) -> list[int]:
    """The sizes of the chunks of uploads that the size limit let through to the file handlers."""
    from sebaya.materials.tests.factories import Spooled

    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    handlers.insert(1, "sebaya.materials.tests.factories.Spooled")
    settings.FILE_UPLOAD_HANDLERS = handlers
    Spooled.received.clear()
    return Spooled.received

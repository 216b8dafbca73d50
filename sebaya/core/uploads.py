"""Uploads stop at the instance's size limit while they arrive, before any of them reaches disk past it.

Django spools an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file as it reads
the request; a size check on the finished file would let anyone fill the disk first. The handler
below comes first in ``FILE_UPLOAD_HANDLERS``: once a file passes ``SEBAYA_UPLOAD_MAX_MB`` it drops
that file (the part already spooled is deleted), notes its field on the request, and lets the
rest of the form be read, so that a page can re-render everything else that was typed and say
why the file is missing (:func:`upload_too_large`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

_REFUSED = "_sebaya_uploads_too_large"


def max_upload_bytes() -> int:
    """The largest file a member may upload, in bytes."""
    return int(settings.SEBAYA_UPLOAD_MAX_MB) * 1024 * 1024


def upload_too_large(request: HttpRequest, field: str | None = None) -> bool:
    """Whether the request carried a file (in ``field``, or in any field) over the size limit."""
    refused: set[str] = getattr(request, _REFUSED, set())
    return bool(refused) if field is None else field in refused


class SizeLimitUploadHandler(FileUploadHandler):
    """Drops a file once more than the limit of it has arrived."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > max_upload_bytes():
            request: Any = self.request
            refused: set[str] = getattr(request, _REFUSED, set())
            refused.add(self.field_name)
            setattr(request, _REFUSED, refused)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one keep the file

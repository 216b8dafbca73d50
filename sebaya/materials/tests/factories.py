from __future__ import annotations

import io
import zipfile
from typing import Any, ClassVar

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from PIL import Image

from sebaya.accounts.models import User
from sebaya.communities.models import Community
from sebaya.materials.models import Material
from sebaya.materials.services import material_create

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


class Spooled(FileUploadHandler):
    """Placed after the size-limit handler in a test: records the bytes of uploads that got past it."""

    received: ClassVar[list[int]] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload(
    name: str = "lembar-kerja.pdf", content: bytes = PDF, content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_material(community: Community, author: User, **extra: Any) -> Material:
    kwargs: dict[str, Any] = {
        "community": community,
        "author": author,
        "kind": Material.Kind.NOTE,
        "title": "Catatan pecahan",
        "description": "Latihan pecahan sederhana.",
        "body": "Setengah = 1/2.",
    }
    kwargs.update(extra)
    return material_create(**kwargs)

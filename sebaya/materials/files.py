"""What an uploaded file really is, decided by its content, never by its name or the browser's word.

Only a short list of kinds is accepted: PDF, raster images, common audio and video, and office
documents (OOXML and OpenDocument, both ZIP archives). HTML, SVG, scripts and anything unknown are
refused, so nothing a browser would run can be stored. Images must really decode (Pillow), PDFs
must start with ``%PDF-`` and carry no HTML, office documents must be ZIPs with the parts their
format requires.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO

import puremagic
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sebaya.core.errors import ServiceError
from sebaya.core.uploads import max_upload_bytes

# Content type -> the extension the stored file and its download name get.
IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
AUDIO = {
    "audio/mpeg": "mp3",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/mp4": "m4a",
}
VIDEO = {"video/mp4": "mp4", "video/webm": "webm"}
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# An image bigger than this many pixels is refused before it is decoded (a "decompression bomb").
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (480, 480)
_HTML = re.compile(rb"<\s*(html|script|body|head|iframe|svg|!doctype)", re.IGNORECASE)
HEAD = 8192


class UploadRefused(ServiceError):
    status = 400


class TooLarge(UploadRefused):
    status = 413


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGES


def too_large() -> TooLarge:
    """The refusal of a file over the instance's limit."""
    return TooLarge(
        _("The file is too big: at most %(mb)s MB.") % {"mb": settings.SEBAYA_UPLOAD_MAX_MB}, code="too_large"
    )


def check_size(size: int) -> None:
    if size <= 0:
        raise UploadRefused(_("The file is empty."), code="empty_file")
    if size > max_upload_bytes():
        raise too_large()


def safe_file_name(name: str, extension: str) -> str:
    """The name to offer on download: no folders, no control characters, the real extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*;')
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"\s+", " ", stem).strip(" .-_") or "material"
    return f"{stem[:100]}.{extension}"


def _refuse_kind() -> UploadRefused:
    return UploadRefused(
        _("This kind of file cannot be shared. Upload a PDF, an image, audio, video or an office document."),
        code="file_type",
    )


def _check_image(stream: IO[bytes]) -> None:
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise UploadRefused(_("The image is too large in pixels."), code="image_too_large")
                img.verify()
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as e:
        raise UploadRefused(_("The image is damaged and cannot be opened."), code="bad_image") from e


def _check_pdf(stream: IO[bytes], head: bytes) -> None:
    if not head.startswith(b"%PDF-") or _HTML.search(head):
        raise _refuse_kind()
    # A PDF ends with %%EOF near its end; a renamed web page or a truncated upload does not.
    stream.seek(0, io.SEEK_END)
    end = stream.tell()
    stream.seek(max(0, end - 2048))
    if b"%%EOF" not in stream.read():
        raise UploadRefused(_("The PDF is damaged or incomplete."), code="bad_pdf")


def _office_type(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return declared if declared in OFFICE else None
            if "[Content_Types].xml" in names:
                for prefix, content_type in OOXML_PARTS.items():
                    if any(n.startswith(prefix) for n in names):
                        return content_type
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def sniff(stream: IO[bytes]) -> Sniffed:
    """Decide what ``stream`` is from its bytes; raise ``UploadRefused`` for anything not accepted."""
    stream.seek(0)
    head = stream.read(HEAD)
    if not head:
        raise UploadRefused(_("The file is empty."), code="empty_file")
    if head.startswith(b"%PDF-"):
        _check_pdf(stream, head)
        return Sniffed("application/pdf", "pdf")
    if head.startswith(b"PK\x03\x04"):
        office = _office_type(stream)
        if office is None:
            raise _refuse_kind()
        return Sniffed(office, OFFICE[office])
    if _HTML.search(head[:1024]):
        raise _refuse_kind()
    try:
        guesses = puremagic.magic_string(head)
    except puremagic.PureError:
        guesses = []
    allowed = {**IMAGES, **AUDIO, **VIDEO}
    for guess in guesses:
        mime = (guess.mime_type or "").lower()
        if mime in allowed:
            if mime in IMAGES:
                _check_image(stream)
            stream.seek(0)
            return Sniffed("audio/wav" if mime in {"audio/x-wav", "audio/wave"} else mime, allowed[mime])
    raise _refuse_kind()


def make_thumbnail(stream: IO[bytes]) -> bytes:
    """A small JPEG of an image, re-encoded by Pillow (so it carries nothing but pixels)."""
    stream.seek(0)
    with Image.open(stream) as img:
        img.thumbnail(THUMBNAIL_SIZE)
        rgb = img.convert("RGBA")
        canvas = Image.new("RGB", rgb.size, (255, 255, 255))
        canvas.paste(rgb, mask=rgb.getchannel("A"))
        out = io.BytesIO()
        canvas.save(out, "JPEG", quality=80, optimize=True)
    stream.seek(0)
    return out.getvalue()

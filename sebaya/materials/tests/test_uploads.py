"""Hostile and broken uploads are refused with a clear message, and leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from sebaya.core.errors import ServiceError
from sebaya.materials import files, services
from sebaya.materials.models import Material, MaterialVersion
from sebaya.materials.tests.factories import PDF, docx_bytes, make_material, png_bytes, upload

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "materials"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def share(community, member, up, **extra):
    return make_material(community, member, kind=Material.Kind.FILE, title="Lembar kerja", upload=up, **extra)


def test_it_stores_a_pdf_under_a_random_name_with_its_real_type(community, member):
    m = share(community, member, upload("../../etc/Lembar Kerja.PDF"))
    assert m.content_type == "application/pdf"
    assert m.file_name == "Lembar Kerja.pdf"
    assert m.file.name.startswith(f"materials/{community.pk}/") and m.file.name.endswith(".pdf")
    assert "Lembar" not in m.file.name
    assert default_storage.open(m.file.name).read() == PDF
    assert m.versions.get().file.name == m.file.name


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("lembar.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "file_type"),
        ("foto.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "file_type"),
        ("skrip.pdf", b"#!/bin/sh\nrm -rf /\n", "file_type"),
        ("lembar.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>\n%%EOF", "file_type"),
        ("rusak.pdf", b"%PDF-1.4\nno end here", "bad_pdf"),
        ("foto.png", png_bytes()[:40], "bad_image"),
        ("arsip.docx", b"PK\x03\x04" + b"\x00" * 60, "file_type"),
        ("kosong.pdf", b"", "empty_file"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(community, member, name, content, code):
    with pytest.raises(ServiceError) as e:
        share(community, member, upload(name, content))
    assert e.value.code == code
    assert not Material.objects.exists() and not MaterialVersion.objects.exists()
    assert stored_files() == []


def test_it_refuses_a_huge_file_before_storing_anything(community, member):
    huge = PDF[:-6] + b"\0" * (settings.SEBAYA_UPLOAD_MAX_MB * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(files.TooLarge) as e:
        share(community, member, upload("besar.pdf", huge))
    assert e.value.status == 413
    assert "2 MB" in e.value.message
    assert not Material.objects.exists() and stored_files() == []


def test_it_removes_the_stored_files_when_saving_fails_half_way(community, member, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_snapshot", broken)
    with pytest.raises(RuntimeError):
        share(community, member, upload("foto.png", png_bytes()))
    assert not Material.objects.exists()
    assert stored_files() == []


def test_an_image_gets_a_thumbnail_and_office_documents_are_recognised(community, member):
    img = share(community, member, upload("foto.jpg", png_bytes((1200, 900)), "image/jpeg"))
    assert img.content_type == "image/png" and img.file_name == "foto.png"
    with default_storage.open(img.thumbnail.name) as fh:
        from PIL import Image

        thumb = Image.open(fh)
        assert thumb.format == "JPEG" and max(thumb.size) <= 480
    doc = share(community, member, upload("tugas.bin", docx_bytes()))
    assert doc.content_type.endswith("wordprocessingml.document") and doc.file_name == "tugas.docx"


def test_a_script_in_markdown_is_neutralised(community, member):
    m = make_material(
        community, member, body="Halo <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    from sebaya.core.markdown import render_markdown

    html = str(render_markdown(m.body))
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.exe", "evil.pdf"),
        ('lembar"; filename=x.html', "lembar filename=x.pdf"),
        ("\x00\x1b[31m.pdf", "[31m.pdf"),
        ("...", "material.pdf"),
        ("", "material.pdf"),
    ],
)
def test_safe_file_names_have_no_folders_or_control_characters(raw, expected):
    assert files.safe_file_name(raw, "pdf") == expected

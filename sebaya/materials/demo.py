"""The knowledge commons of the demo communities (loaded by ``manage.py seed_demo``)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from PIL import Image, ImageDraw

from sebaya.accounts.models import User
from sebaya.communities.models import Community
from sebaya.meetups.models import Meetup
from sebaya.skills.models import Skill

from . import services
from .models import Material

CILANDAK = "lingkar-belajar-cilandak"
PRAWIROTAMAN = "kolektif-seni-prawirotaman"


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text (Helvetica), built by hand: enough for a demo worksheet."""
    text = (
        "BT /F1 14 Tf 56 780 Td 20 TL "
        + " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines)
        + " ET"
    )
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def colour_wheel() -> bytes:
    """A twelve-part colour wheel as a PNG."""
    img = Image.new("RGB", (600, 600), "white")
    draw = ImageDraw.Draw(img)
    for i in range(12):
        hue = i / 12
        r, g, b = (int(255 * max(0.0, min(1.0, abs((hue * 6 + k) % 6 - 3) - 1))) for k in (0, 4, 2))
        start = i * 30 - 90
        draw.pieslice((50, 50, 550, 550), start, start + 30, fill=(r, g, b), outline="white", width=3)
    draw.ellipse((200, 200, 400, 400), fill="white")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _user(domain: str, key: str) -> User:
    return User.objects.get(Q(email=f"{key}@{domain}") | Q(username=key))


def load(domain: str) -> bool:
    """Load the demo materials once; return False when they exist already (or the demo is not there)."""
    communities = {c.slug: c for c in Community.objects.filter(slug__in=[CILANDAK, PRAWIROTAMAN])}
    if len(communities) < 2 or Material.objects.filter(community__in=communities.values()).exists():
        return False
    skill = {s.slug: s for s in Skill.objects.filter(community=None)}
    cilandak, prawirotaman = communities[CILANDAK], communities[PRAWIROTAMAN]
    with transaction.atomic():
        worksheet = services.material_create(
            community=cilandak, author=_user(domain, "hendra"), kind=Material.Kind.FILE,
            title="Lembar kerja: pecahan dengan pizza kertas",
            description="Empat soal pecahan untuk level 1–2. Cetak satu lembar per anak dan siapkan kertas bundar sebagai pizza.",
            skills=[skill["fractions"]], level_min=1, level_max=2, licence=Material.Licence.CC_BY,
            visibility=Material.Visibility.PUBLIC,
            upload=SimpleUploadedFile("lembar-kerja-pecahan.pdf", simple_pdf([
                "Lembar kerja: pecahan dengan pizza kertas",
                "1. Potong pizza menjadi 2 bagian sama besar. Berapa bagian satu potong?",
                "2. Potong lagi setiap bagian menjadi 2. Sekarang berapa bagian satu potong?",
                "3. Mana yang lebih besar: 1/3 atau 1/4? Gambarlah.",
                "4. Ayu makan 2/8 pizza, Sari makan 1/4. Siapa makan lebih banyak?",
            ]), content_type="application/pdf"),
        )  # fmt: skip
        chords = services.material_create(
            community=cilandak, author=_user(domain, "budi"), kind=Material.Kind.LINK,
            title="Kunci gitar dasar: C, G, Am, F",
            description="Gambar posisi jari untuk empat kunci pertama. Latih perpindahan C ke G pelan-pelan dulu.",
            url="https://id.wikipedia.org/wiki/Akord", language="id", skills=[skill["guitar"]], level_min=1,
            level_max=2, licence=Material.Licence.CC_BY_SA, visibility=Material.Visibility.PUBLIC,
        )  # fmt: skip
        services.material_create(
            community=cilandak, author=_user(domain, "rina"), kind=Material.Kind.NOTE,
            title="Catatan fasilitator: memandu sesi membaca nyaring",
            description="Untuk orang tua yang baru pertama kali memandu.",
            body=(
                "## Sebelum sesi\n\n- Pilih buku yang bisa selesai dalam 20 menit.\n- Siapkan tikar dan sudut yang tenang.\n\n"
                "## Selama sesi\n\n1. Bacakan halaman pertama, lalu bergiliran.\n2. Berhenti di tengah: *menurutmu apa yang terjadi?*\n"
                "3. Anak yang belum lancar boleh membaca bersama temannya.\n\n## Sesudahnya\n\nCatat buku yang disukai untuk minggu depan."
            ),
            skills=[skill["reading-aloud"]], level_min=1, level_max=3, licence=Material.Licence.ALL_RIGHTS_RESERVED,
        )  # fmt: skip
        services.material_create(
            community=prawirotaman, author=_user(domain, "wahyu"), kind=Material.Kind.NOTE,
            title="Panduan sablon kaos satu warna",
            description="Langkah demi langkah dari desain sampai kaos kering, dengan alat yang murah.",
            body=(
                "## Alat\n\n- Screen T-48, rakel, tinta plastisol\n- Obat afdruk dan lampu\n\n"
                "## Langkah\n\n1. Cetak desain hitam pekat di kertas kalkir.\n2. Lapisi screen dengan obat afdruk, keringkan di tempat gelap.\n"
                "3. Sinari 3–5 menit, lalu semprot air sampai desain terbuka.\n4. Tarik rakel sekali dengan tekanan rata.\n"
                "5. Keringkan dengan heat gun atau sinar matahari."
            ),
            skills=[skill["screen-printing"]], level_min=1, level_max=3, licence=Material.Licence.CC_BY_SA,
            visibility=Material.Visibility.PUBLIC,
        )  # fmt: skip
        services.material_create(
            community=prawirotaman, author=_user(domain, "yoga"), kind=Material.Kind.FILE,
            title="Roda warna dua belas bagian",
            description="Untuk latihan warna komplementer dan analog. Bebas dipakai siapa saja.",
            skills=[skill["photography"]], level_min=1, level_max=2, licence=Material.Licence.CC0,
            visibility=Material.Visibility.PUBLIC,
            upload=SimpleUploadedFile("roda-warna.png", colour_wheel(), content_type="image/png"),
        )  # fmt: skip
        for title, material in [("Pecahan dengan pizza kertas", worksheet), ("Gitar dasar: kunci C, G, Am", chords)]:
            meetup = Meetup.objects.filter(community=cilandak, title=title).first()
            if meetup is not None:
                services.material_attach(material=material, meetup=meetup, by=_user(domain, "rina"))
        services.material_vote(material=worksheet, user=_user(domain, "rina"), helpful=True)
        services.material_vote(material=chords, user=_user(domain, "dewi"), helpful=True)
        path = services.path_create(
            community=cilandak, author=_user(domain, "budi"), skill=skill["guitar"], title="Gitar dari nol",
            description="Dari memegang gitar sampai mengiringi satu lagu, dengan sesi bersama di sela-selanya.",
            level_from=1, level_to=3, visibility=Material.Visibility.PUBLIC,
        )  # fmt: skip
        services.path_step_add(path=path, kind="material", material=chords, note="Hafalkan C dan G dulu.")
        services.path_step_add(path=path, kind="session", title="Genjreng pola dasar: bawah-bawah-atas", level=1)
        guitar = Meetup.objects.filter(community=cilandak, title="Gitar dasar: kunci C, G, Am").first()
        if guitar is not None:
            services.path_step_add(path=path, kind="session", meetup=guitar)
        services.path_step_add(path=path, kind="session", title="Lagu pertama: Bengawan Solo", level=2)
    return True

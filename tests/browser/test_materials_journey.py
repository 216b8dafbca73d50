"""A member shares a worksheet PDF in the public commons and uses it in the session she hosts.

She shares it from her community's materials page (in Indonesian), choosing CC BY and the public
commons, then picks her coming session under "Use it in a session"; the session page lists the
worksheet, and a member of another community finds it in the commons and downloads it. Every page
is checked by axe and weighed.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.materials.models import Material
from sebaya.materials.tests.factories import PDF
from sebaya.meetups.tests.factories import make_meetup

from .browser_audit import PageAudit
from .test_sessions_journey import field, log_in

MSGIDS = {
    "login_field": "E-mail or username",
    "log_in": "Log in",
    "share": "Share a material",
    "file_kind": "File",
    # Model fields: Django shows their lower-case names with a capital first letter.
    "title": "title",
    "description": "description",
    "upload": "File to upload",
    "licence": "licence",
    "visibility": "who can see it",
    "share_button": "Share",
    "shared": "Material shared.",
    "use_in_session": "Use it in a session",
    "session": "Session",
    "add": "Add to the session",
    "listed": "The material is now listed on the session page.",
    "materials": "Materials",
    "download": "Download",
}
TITLE = "Lembar kerja pecahan: pizza kertas"


def texts() -> dict[str, str]:
    with translation.override("id"):
        out = {key: capfirst(gettext(msgid)) for key, msgid in MSGIDS.items()}
    untranslated = sorted(msgid for key, msgid in MSGIDS.items() if out[key] == capfirst(msgid))
    assert not untranslated, f"no Indonesian translation for {untranslated}"
    return out


def test_a_member_shares_a_worksheet_in_the_commons_and_uses_it_in_her_session(
    new_context, audit: PageAudit, tmp_path: Path
) -> None:
    t = texts()
    community = CommunityFactory(slug="lingkar-pecahan", name="Lingkar Pecahan")
    maya = UserFactory(display_name="Maya Lestari", email="maya@example.org", language="id")
    host = MembershipFactory(user=maya, community=community)
    meetup = make_meetup(host, title="Pecahan dengan pizza kertas")
    worksheet = tmp_path / "lembar-kerja.pdf"
    worksheet.write_bytes(PDF)

    page = log_in(new_context(), audit, t, "maya@example.org", f"/c/{community.slug}/materials/")
    page.get_by_role("link", name=t["share"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["share"])
    audit.check(page)
    page.get_by_role("radio", name=t["file_kind"]).check()
    field(page, t["title"]).fill(TITLE)
    field(page, t["description"]).fill("Empat soal pecahan untuk level 1–2.")
    field(page, t["upload"]).set_input_files(str(worksheet))
    field(page, t["licence"]).select_option("cc-by")
    field(page, t["visibility"]).select_option("public")
    page.get_by_role("button", name=t["share_button"], exact=True).click()
    expect(page.locator(".messages")).to_have_text(t["shared"])
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    audit.check(page)
    material = Material.objects.get()
    assert (material.kind, material.licence, material.visibility, material.content_type) == (
        "file", "cc-by", "public", "application/pdf",
    )  # fmt: skip

    box = page.locator("section", has=page.get_by_role("heading", name=t["use_in_session"]))
    field(box, t["session"]).select_option(str(meetup.pk))
    box.get_by_role("button", name=t["add"]).click()
    expect(page).to_have_url(re.compile(rf"/c/{community.slug}/sessions/{meetup.pk}/$"))
    expect(page.locator(".messages")).to_have_text(t["listed"])
    listed = page.locator("section", has=page.get_by_role("heading", name=t["materials"], exact=True))
    expect(listed.get_by_role("link", name=TITLE)).to_be_visible()
    audit.check(page)

    # A member of another community finds the worksheet in the public commons and downloads it.
    other = CommunityFactory(slug="kolektif-lain", name="Kolektif Lain")
    MembershipFactory(user=UserFactory(email="yoga@example.org", language="id"), community=other)
    reader = log_in(new_context(), audit, t, "yoga@example.org", "/materials/")
    reader.get_by_role("link", name=TITLE).click()
    audit.check(reader)
    with reader.expect_download() as info:
        reader.get_by_role("link", name=t["download"]).click()
    download = info.value
    assert download.suggested_filename == "lembar-kerja.pdf"
    assert Path(download.path()).read_bytes() == PDF

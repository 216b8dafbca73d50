"""The knowledge commons across communities (issue #6): a member shares a worksheet PDF in the
public commons under CC BY; a member of another community finds it by another form of a word of its
description ("mempelajari" for "pembelajaran"), uses it in the session he hosts, and starts a
thread about it mentioning the author, who is a member of his community too and sees the mention.
Every page is checked by axe and weighed."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities.models import Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.discussions.models import Thread
from sebaya.materials.models import Material
from sebaya.materials.tests.factories import PDF
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification

from .browser_audit import PageAudit
from .test_materials_journey import MSGIDS
from .test_sessions_journey import field, log_in

MORE = {
    "search_box": "Materials, sessions, discussions and communities",
    "start_thread": "Start a thread about this material",
    "thread_title": "Title",
    "message": "Your message",
    "post_thread": "Post the thread",
    "about": "about:",
}
TITLE = "Lembar kerja: pizza kertas"


def texts() -> dict[str, str]:
    with translation.override("id"):
        out = {key: gettext(msgid) for key, msgid in {**MSGIDS, **MORE}.items()}
    untranslated = sorted(msgid for key, msgid in {**MSGIDS, **MORE}.items() if out[key] == msgid)
    assert not untranslated, f"no Indonesian translation for {untranslated}"
    # Model fields: Django shows their lower-case names with a capital first letter.
    return {k: capfirst(v) if k in MSGIDS else v for k, v in out.items()}


def test_a_worksheet_travels_from_one_community_to_anothers_session_and_discussion(
    new_context, audit: PageAudit, tmp_path: Path
) -> None:
    t = texts()
    home = CommunityFactory(slug="lingkar-pecahan", name="Lingkar Pecahan")
    other = CommunityFactory(slug="kolektif-hitung", name="Kolektif Hitung")
    maya = UserFactory(display_name="Maya Lestari", email="maya@example.org", language="id")
    MembershipFactory(user=maya, community=home)
    # The author belongs to the second community too: a mention only reaches the thread's community.
    MembershipFactory(user=maya, community=other)
    yoga = UserFactory(display_name="Yoga Pratama", email="yoga@example.org", language="id")
    yoga_m = MembershipFactory(user=yoga, community=other, role=Membership.Role.ORGANISER)
    meetup = make_meetup(yoga_m, title="Pecahan untuk pemula")
    worksheet = tmp_path / "lembar-kerja.pdf"
    worksheet.write_bytes(PDF)

    # 1. Maya shares the worksheet in the public commons under CC BY.
    page = log_in(new_context(), audit, t, "maya@example.org", f"/c/{home.slug}/materials/")
    page.get_by_role("link", name=t["share"]).click()
    page.get_by_role("radio", name=t["file_kind"]).check()
    field(page, t["title"]).fill(TITLE)
    field(page, t["description"]).fill("Bahan pembelajaran pecahan untuk level 1–2.")
    field(page, t["upload"]).set_input_files(str(worksheet))
    field(page, t["licence"]).select_option("cc-by")
    field(page, t["visibility"]).select_option("public")
    page.get_by_role("button", name=t["share_button"], exact=True).click()
    expect(page.locator(".messages")).to_have_text(t["shared"])
    material = Material.objects.get()
    assert (material.licence, material.visibility, material.community) == ("cc-by", "public", home)

    # 2. Yoga, of the other community, finds it by a word form that is not in the title.
    reader = log_in(new_context(), audit, t, "yoga@example.org", "/search/")
    reader.get_by_label(t["search_box"]).fill("mempelajari")
    result = reader.locator("#results").get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    audit.check(reader)
    result.click()
    expect(reader).to_have_url(re.compile(rf"/materials/{material.pk}/$"))
    audit.check(reader)

    # 3. He uses it in the session he hosts in his own community.
    box = reader.locator("section", has=reader.get_by_role("heading", name=t["use_in_session"]))
    field(box, t["session"]).select_option(str(meetup.pk))
    box.get_by_role("button", name=t["add"]).click()
    expect(reader).to_have_url(re.compile(rf"/c/{other.slug}/sessions/{meetup.pk}/$"))
    expect(reader.locator(".messages")).to_have_text(t["listed"])

    # 4. Back on the worksheet, he starts a thread about it in his community, mentioning Maya.
    audit.visit(reader, f"/materials/{material.pk}/")
    reader.get_by_role("link", name=t["start_thread"]).click()
    expect(reader.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()
    audit.check(reader)
    field(reader, t["thread_title"]).fill("Kunci jawaban pizza kertas?")
    field(reader, t["message"]).fill("Terima kasih @maya! Apakah ada kunci jawabannya?")
    reader.get_by_role("button", name=t["post_thread"]).click()
    thread = Thread.objects.get()
    expect(reader).to_have_url(re.compile(rf"/c/{other.slug}/discussions/{thread.pk}/$"))
    expect(reader.get_by_text(t["about"])).to_be_visible()
    expect(reader.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()
    audit.check(reader)
    assert (thread.community, thread.material) == (other, material)

    # 5. Maya sees the mention among her notifications.
    with translation.override("id"):
        mention = gettext("%(who)s mentioned you in “%(title)s”") % {"who": "Yoga Pratama", "title": thread.title}
    audit.visit(page, "/notifications/")
    expect(page.get_by_text(mention).first).to_be_visible()
    assert Notification.objects.filter(user=maya, kind=Kind.MENTION).count() == 1

"""Find a session by another form of a word, then talk about it: a member searches "mempelajari",
finds the session titled with "Belajar", opens it, starts a thread about it mentioning another
member, and that member sees the mention among her notifications. Every page is checked by axe."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from sebaya.accounts.tests.factories import PASSWORD, UserFactory
from sebaya.communities.models import Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.discussions.models import Thread
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification

from .browser_audit import PHONE, PageAudit


def t(msgid: str) -> str:
    with translation.override("id"):
        text = gettext(msgid)
    assert text != msgid, f"no Indonesian translation for {msgid!r}"
    return text


def log_in(ctx, audit: PageAudit, email: str, next_url: str):
    page = ctx.new_page()
    audit.visit(page, f"/accounts/login/?next={next_url}")
    page.get_by_label(re.compile(rf"^{re.escape(t('E-mail or username'))}:?$")).fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=t("Log in")).click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    return page


def test_a_member_finds_a_session_by_another_word_form_and_mentions_a_peer(new_context, audit: PageAudit) -> None:
    community = CommunityFactory(slug="lingkar-cari", name="Lingkar Cari Ilmu")
    host = UserFactory(display_name="Olivia Organiser", email="olivia@example.org", language="id")
    host_m = MembershipFactory(user=host, community=community, role=Membership.Role.ORGANISER)
    maya = UserFactory(display_name="Maya Member", email="maya@example.org", language="id")
    MembershipFactory(user=maya, community=community)
    bayu = UserFactory(display_name="Bayu Santoso", email="bayu@example.org", language="id")
    MembershipFactory(user=bayu, community=community)
    meetup = make_meetup(host_m, title="Belajar gitar bersama", agenda="Kunci dasar untuk pemula.")

    page = log_in(new_context(viewport=PHONE), audit, "maya@example.org", "/search/")
    audit.check(page)
    page.get_by_label(t("Materials, sessions, discussions and communities")).fill("mempelajari")
    # htmx swaps the results in as she types; the matching word of the title is highlighted.
    result = page.locator("#results").get_by_role("link", name="Belajar gitar bersama")
    expect(result).to_be_visible()
    expect(page.locator("#results mark").first).to_have_text(re.compile("Belajar", re.I))
    audit.check(page)
    result.click()
    expect(page).to_have_url(re.compile(rf"/sessions/{meetup.pk}/$"))
    audit.check(page)

    page.get_by_role("link", name=t("Start a thread about this session")).click()
    audit.check(page)
    page.get_by_label(re.compile(rf"^{re.escape(t('Title'))}:?$")).fill("Perlu bawa gitar sendiri?")
    page.get_by_label(re.compile(rf"^{re.escape(t('Your message'))}:?$")).fill("Halo @bayu, kamu bawa gitar cadangan?")
    page.get_by_role("button", name=t("Post the thread")).click()
    thread = Thread.objects.get()
    expect(page).to_have_url(re.compile(rf"/discussions/{thread.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Perlu bawa gitar sendiri?")
    audit.check(page)
    assert thread.meetup == meetup

    other = log_in(new_context(), audit, "bayu@example.org", "/notifications/")
    with translation.override("id"):
        title = gettext("%(who)s mentioned you in “%(title)s”") % {"who": "Maya Member", "title": thread.title}
    expect(other.get_by_text(title).first).to_be_visible()
    audit.check(other)
    assert Notification.objects.filter(user=bayu, kind=Kind.MENTION).count() == 1

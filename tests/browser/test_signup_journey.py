"""The sign-up journey, end to end, in Indonesian and in English.

An organiser signs up, starts a community and copies an invite link; a second person opens the
link in their own browser, signs up, joins, lists what they teach and learn and when they are
free; the organiser then sees all of it. Every page on the way is checked by axe and weighed.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.skills.models import Skill

from .browser_audit import PHONE, PageAudit

LOCALES = {"id": "id-ID", "en": "en-GB"}

# The visible texts the test looks for, by their English message id. The page must show them in
# the browser's language: in Indonesian each one must differ from the English original, so an
# untranslated page fails (and a reworded translation does not).
MSGIDS = {
    "join_sebaya": "Join Sebaya",
    "create_account": "Create my account",
    "start_community": "Start a community",
    "create_community": "Create the community",
    "invite_people": "Invite people",
    "new_invite": "Create a new invite link",
    "copy": "Copy the link",
    "copied": "Copied",
    "sign_up_to_join": "Sign up to join",
    "join": "Join, and accept the norms",
    "my_skills": "My skills and times",
    "add_teach": "Add a skill I teach",
    "add_learn": "Add a skill I want to learn",
    "weekday_evenings": "Weekday evenings",
    "save_times": "Save my times and travel",
    "members": "Members",
    "teaches": "Teaches:",
    "learns": "Learns:",
    "free_each_week": "Free each week",
    "monday": "Monday",
    "saturday": "Saturday",
    "passwords_differ": "The two passwords differ.",
    "future_birth": "A birth date cannot be in the future.",
}


def texts(lang: str) -> dict[str, str]:
    with translation.override(lang):
        out = {key: gettext(msgid) for key, msgid in MSGIDS.items()}
    if lang != "en":
        untranslated = sorted(msgid for key, msgid in MSGIDS.items() if out[key] == msgid)
        assert not untranslated, f"no {lang} translation for {untranslated}"
    return out


PASSWORD = "kebun-raya-bogor-1817"


def fill_signup(
    page: Page, *, name: str, email: str, birth: str, lang: str, password: str, password2: str | None = None
) -> None:
    page.get_by_label(re.compile(r"^(Nama tampilan|Display name)")).fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_birth_date").fill(birth)
    page.locator("#id_language").select_option(lang)
    page.locator("#id_timezone").select_option("Asia/Makassar")
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password2 if password2 is not None else password)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_it_signs_up_starts_a_community_and_welcomes_an_invited_member(
    lang: str, new_context, audit: PageAudit
) -> None:
    t = texts(lang)
    slug = f"lingkar-uji-{lang}"
    guitar, batik = Skill.objects.get(slug="guitar"), Skill.objects.get(slug="batik")

    # The organiser's browser speaks the test's language; the organiser chooses it on sign-up too.
    organiser = new_context(locale=LOCALES[lang]).new_page()
    audit.visit(organiser, "/accounts/signup/")
    expect(organiser.locator("html")).to_have_attribute("lang", lang)
    expect(organiser.get_by_role("heading", level=1)).to_have_text(t["join_sebaya"])
    fill_signup(
        organiser,
        name="Rahmat Hidayat",
        email=f"rahmat-{lang}@example.org",
        birth="1984-03-09",
        lang=lang,
        password=PASSWORD,
    )
    organiser.get_by_role("button", name=t["create_account"]).click()
    expect(organiser).to_have_url(re.compile(r"/$"))
    expect(organiser.locator(".messages")).to_contain_text("Rahmat Hidayat")
    audit.check(organiser)

    # Start a community.
    organiser.get_by_role("link", name=t["start_community"]).first.click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text(t["start_community"])
    audit.check(organiser)
    organiser.locator("#id_name").fill("Lingkar Uji Cilandak")
    organiser.locator("#id_slug").fill(slug)
    organiser.locator("#id_kind").select_option("family_circle")
    organiser.locator("#id_city").fill("Jakarta Selatan")
    organiser.locator("#id_description").fill("Keluarga yang belajar bersama setiap minggu.")
    organiser.locator("#id_norms").fill("Saling menghormati; anak-anak selalu didampingi.")
    organiser.locator("input[name=visibility][value=unlisted]").check()
    organiser.get_by_role("button", name=t["create_community"]).click()

    # The invite page: make a link, copy it.
    expect(organiser.get_by_role("heading", level=1)).to_have_text(t["invite_people"])
    expect(organiser).to_have_url(re.compile(rf"/c/{slug}/invites/$"))
    audit.check(organiser)
    community = Community.objects.get(slug=slug)
    assert community.visibility == Community.Visibility.UNLISTED
    # A first link is made with the community; a second one can be made on demand (newest first).
    expect(organiser.locator("input.invite-url")).to_have_count(1)
    organiser.get_by_role("button", name=t["new_invite"]).click()
    expect(organiser.locator("input.invite-url")).to_have_count(2)
    invite_input = organiser.locator("input.invite-url").first
    expect(invite_input).to_have_value(re.compile(r"^http://.+/join/[\w-]+/$"))
    audit.check(organiser)
    organiser.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy_button = organiser.get_by_role("button", name=t["copy"]).first
    copy_button.click()
    expect(organiser.locator("[data-copy]").first).to_have_text(t["copied"])
    invite_url = invite_input.input_value()
    assert organiser.evaluate("() => navigator.clipboard.readText()") == invite_url

    # A second person, in a browser of their own on a phone, opens the link and signs up.
    newcomer = new_context(locale=LOCALES[lang], viewport=PHONE).new_page()
    audit.visit(newcomer, invite_url)
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Lingkar Uji Cilandak")
    newcomer.get_by_role("link", name=t["sign_up_to_join"]).click()
    expect(newcomer).to_have_url(re.compile(r"/accounts/signup/\?next="))
    audit.check(newcomer)
    fill_signup(
        newcomer,
        name="Sekar Ayuningtyas",
        email=f"sekar-{lang}@example.org",
        birth="1992-11-30",
        lang=lang,
        password=PASSWORD,
    )
    newcomer.get_by_role("button", name=t["create_account"]).click()
    expect(newcomer).to_have_url(invite_url)
    audit.check(newcomer)
    newcomer.get_by_role("button", name=t["join"]).click()

    # My skills and times: teach guitar, learn batik, free on weekday evenings and Saturday at ten.
    expect(newcomer).to_have_url(re.compile(rf"/c/{slug}/me/$"))
    expect(newcomer.get_by_role("heading", level=1)).to_have_text(t["my_skills"])
    audit.check(newcomer)
    teach = newcomer.locator("#teach")
    teach.locator("select[name=teach-skill]").select_option(str(guitar.pk))
    teach.locator("select[name=teach-level]").select_option("3")
    teach.get_by_role("button", name=t["add_teach"]).click()
    expect(teach.locator("ul.list-plain")).to_contain_text(guitar.name_id if lang == "id" else guitar.name_en)
    learn = newcomer.locator("#learn")
    learn.locator("select[name=learn-skill]").select_option(str(batik.pk))
    learn.locator("select[name=learn-level]").select_option("1")
    learn.get_by_role("button", name=t["add_learn"]).click()
    expect(learn.locator("ul.list-plain")).to_contain_text(batik.name_id if lang == "id" else batik.name_en)
    audit.axe(newcomer)  # the two sections were swapped in by htmx

    grid = newcomer.locator("table.week-grid")
    newcomer.get_by_role("button", name=t["weekday_evenings"]).click()
    expect(grid.locator("input[data-day='0'][data-hour='16']")).to_be_checked()
    expect(grid.locator("input:checked")).to_have_count(5 * 5)
    grid.locator("input[data-day='5'][data-hour='10']").check()
    newcomer.get_by_role("button", name=t["save_times"]).click()
    expect(newcomer.locator(".messages")).to_contain_text("Lingkar Uji Cilandak")
    expect(grid.locator("input:checked")).to_have_count(5 * 5 + 1)
    audit.check(newcomer)
    assert newcomer.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    membership = Membership.objects.get(community=community, user__email=f"sekar-{lang}@example.org")
    assert len(membership.availability) == 26

    # The organiser sees the new member, what they teach and learn, and when they are free.
    audit.visit(organiser, f"/c/{slug}/members/")
    expect(organiser.get_by_role("heading", level=1)).to_have_text(t["members"])
    expect(organiser.locator("html")).to_have_attribute("lang", lang)
    row = organiser.locator("main li").filter(has_text="Sekar Ayuningtyas")
    expect(row).to_contain_text(t["teaches"])
    expect(row).to_contain_text(guitar.name_id if lang == "id" else guitar.name_en)
    expect(row).to_contain_text(t["learns"])
    expect(row).to_contain_text(batik.name_id if lang == "id" else batik.name_en)
    row.get_by_role("link", name="Sekar Ayuningtyas").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Sekar Ayuningtyas")
    audit.check(organiser)
    free = organiser.locator("section").filter(has=organiser.get_by_role("heading", name=t["free_each_week"]))
    expect(free).to_contain_text(f"{t['monday']}: 16:00–21:00")
    expect(free).to_contain_text(f"{t['saturday']}: 10:00–11:00")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_it_keeps_what_was_typed_and_explains_errors_in_the_visitors_language(
    lang: str, new_context, audit: PageAudit
) -> None:
    t = texts(lang)
    page = new_context(locale=LOCALES[lang]).new_page()
    audit.visit(page, "/accounts/signup/")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    fill_signup(
        page,
        name="Bayu Saputra",
        email="bayu@example.org",
        birth=tomorrow,
        lang=lang,
        password=PASSWORD,
        password2=PASSWORD + "x",
    )
    page.get_by_role("button", name=t["create_account"]).click()

    for field, message in (("password2", t["passwords_differ"]), ("birth_date", t["future_birth"])):
        box = page.locator(f"#id_{field}")
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(page.locator(".field", has=box).locator(".errorlist")).to_have_text(message)
    expect(page.locator("#id_display_name")).to_have_value("Bayu Saputra")
    expect(page.locator("#id_email")).to_have_value("bayu@example.org")
    expect(page.locator("#id_birth_date")).to_have_value(tomorrow)
    audit.check(page)
    assert not User.objects.filter(email="bayu@example.org").exists()

"""A session's life, end to end, in Indonesian and in English; and times shown in each member's zone.

An organiser schedules a two-seat session; three members answer in their own browsers, so the
third lands on the waitlist; one of the first two drops out and the third gets the seat (the
page and the notifications say so); the host shows the check-in code, one attendee checks in
with it and the host ticks the other; the attendees leave feedback and the host reads the
summary without names. Every page, and the RSVP box after each htmx swap, is checked by axe and
weighed.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import BrowserContext, Locator, Page, expect

from sebaya.accounts.models import User
from sebaya.accounts.tests.factories import PASSWORD, UserFactory
from sebaya.communities.models import Community, Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.meetups.models import Feedback, Meetup, Rsvp, RsvpStatus
from sebaya.notifications.models import Kind, Notification
from sebaya.skills.models import Skill

from .browser_audit import PHONE, PageAudit

LOCALES = {"id": "id-ID", "en": "en-GB"}

# The visible texts the test looks for, by their English message id (see test_signup_journey.py):
# in Indonesian each one must differ from the English original, so an untranslated page fails.
MSGIDS = {
    "login_field": "E-mail or username",
    "log_in": "Log in",
    "schedule": "Schedule a session",
    "title": "Title",
    "skill": "Skill",
    "host": "Host (who teaches)",
    "date": "Date",
    "starts_at": "Starts at",
    "ends_at": "Ends at",
    "online_url": "Or an online link",
    "seats": "Seats",
    "weeks": "Repeat weekly for how many weeks",
    "publish": "Publish now (members are told)",
    "save_session": "Save the session",
    "scheduled": "Session scheduled.",
    "going_button": "I'm going",
    "waitlist_button": "Join the waitlist",
    "cancel_button": "I can't come after all",
    "you_are_going": "You are going.",
    "check_in": "Check in",
    "code": "Code shown by the host",
    "wrong_code": "That code is not right. Ask the host for the code on their screen.",
    "checked_in": "You are checked in. Enjoy the session!",
    "take_attendance": "Take attendance",
    "who_came": "Who came?",
    "save_attendance": "Save attendance",
    "attendance_saved": "Attendance saved.",
    "how_was_it": "How was it?",
    "usefulness": "How useful was it?",
    "pace": "The pace was",
    "too_fast": "Too fast",
    "just_right": "Just right",
    "comment": "Anything to add? (the host sees it without your name)",
    "send_feedback": "Send feedback",
    "thanks": "Thank you for your feedback.",
    "notifications": "Notifications",
    "required": "This field is required.",
}
# Texts with a placeholder, filled in by the test.
WAITLISTED = "You are number %(n)s on the waitlist. You will be told when a seat frees up."
PROMOTED = "You have a seat: %(title)s"
SUMMARY = ("%(counter)s answer, usefulness %(avg)s of 5", "%(counter)s answers, usefulness %(avg)s of 5 on average")
TITLE = "Gitar untuk pemula: kunci dasar"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def texts(lang: str) -> dict[str, str]:
    with translation.override(lang):
        out = {key: gettext(msgid) for key, msgid in MSGIDS.items()}
        out["waitlisted_1"] = gettext(WAITLISTED) % {"n": 1}
        out["promoted"] = gettext(PROMOTED) % {"title": TITLE}
        # The average is written the reader's way: 4.5 in English, 4,5 in Indonesian.
        out["summary_2"] = ngettext(*SUMMARY, 2) % {"counter": 2, "avg": floatformat(4.5, 1)}
    if lang != "en":
        originals = {**MSGIDS, "waitlisted_1": WAITLISTED % {"n": 1}, "promoted": PROMOTED % {"title": TITLE}}
        untranslated = sorted(msgid for key, msgid in originals.items() if out[key] == msgid)
        assert not untranslated, f"no {lang} translation for {untranslated}"
    return out


def person(name: str, email: str, community: Community, *, lang: str, role: str = Membership.Role.MEMBER) -> User:
    user = UserFactory(display_name=name, email=email, language=lang, timezone="Asia/Jakarta")
    MembershipFactory(user=user, community=community, role=role)
    return user


def field(scope: Page | Locator, label: str) -> Locator:
    """The form field labelled ``label`` (Django adds a colon to the label)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def log_in(ctx: BrowserContext, audit: PageAudit, t: dict[str, str], email: str, next_url: str) -> Page:
    """Log in through the log-in page, landing on ``next_url``."""
    page = ctx.new_page()
    audit.visit(page, f"/accounts/login/?next={next_url}")
    field(page, t["login_field"]).fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=t["log_in"]).click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    audit.check(page)
    return page


def starting_soon(zone: datetime.tzinfo) -> tuple[datetime.datetime, datetime.datetime]:
    """A start about 20 minutes from now (inside the 30-minute check-in window), local and whole
    minutes, and an end on the same local day (the form takes one date for both times)."""
    start = (timezone.now() + datetime.timedelta(minutes=20)).astimezone(zone).replace(second=0, microsecond=0)
    if start.hour == 23 and start.minute >= 55:
        start += datetime.timedelta(minutes=10)  # just after midnight: still under 30 minutes away
    end = start + datetime.timedelta(hours=1)
    if end.date() != start.date():
        end = start.replace(hour=23, minute=59)
    return start, end


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_full_session_waitlists_promotes_checks_in_and_gathers_anonymous_feedback(
    lang: str, new_context, audit: PageAudit
) -> None:
    t = texts(lang)
    community = CommunityFactory(slug=f"lingkar-gitar-{lang}", name="Lingkar Gitar Cilandak", timezone="Asia/Jakarta")
    person("Olivia Organiser", f"olivia-{lang}@example.org", community, lang=lang, role=Membership.Role.ORGANISER)
    members = {
        name: person(name, f"{name.lower()}-{lang}@example.org", community, lang=lang)
        for name in ("Budi", "Citra", "Dewi")
    }
    guitar = Skill.objects.get(slug="guitar")
    start, end = starting_soon(JAKARTA)
    sessions = f"/c/{community.slug}/sessions/"

    # The organiser schedules a two-seat online session, starting in about twenty minutes.
    host = log_in(new_context(locale=LOCALES[lang]), audit, t, f"olivia-{lang}@example.org", sessions)
    expect(host.locator("html")).to_have_attribute("lang", lang)
    host.get_by_role("link", name=t["schedule"]).click()
    expect(host.get_by_role("heading", level=1)).to_have_text(t["schedule"])
    audit.check(host)
    field(host, t["title"]).fill(TITLE)
    field(host, t["skill"]).select_option(str(guitar.pk))
    field(host, t["host"]).select_option(label="Olivia Organiser")
    field(host, t["date"]).fill(start.date().isoformat())
    field(host, t["starts_at"]).fill(start.strftime("%H:%M"))
    field(host, t["ends_at"]).fill(end.strftime("%H:%M"))
    field(host, t["online_url"]).fill("https://meet.example.org/gitar-cilandak")
    field(host, t["seats"]).fill("2")
    field(host, t["weeks"]).fill("1")
    field(host, t["publish"]).check()
    host.get_by_role("button", name=t["save_session"]).click()
    expect(host.locator(".messages")).to_have_text(t["scheduled"])
    expect(host.get_by_role("heading", level=1)).to_have_text(TITLE)
    audit.check(host)
    meetup = Meetup.objects.get(community=community)
    assert (meetup.capacity, meetup.status, meetup.series_id) == (2, "published", None)
    assert meetup.starts_at == start and meetup.ends_at == end
    detail = f"{sessions}{meetup.pk}/"
    expect(host).to_have_url(re.compile(re.escape(detail) + "$"))
    # The session starts within half an hour: the host's part of the page shows the check-in code.
    code = host.locator("#h-host ~ p strong.code")
    expect(code).to_have_text(re.compile(r"^\d{6}$"))
    assert code.inner_text() == meetup.checkin_code

    # Three members answer in turn, each in a browser of their own (the third on a phone).
    pages: dict[str, Page] = {}
    for name in members:
        ctx = new_context(locale=LOCALES[lang], **({"viewport": PHONE} if name == "Dewi" else {}))
        page = pages[name] = log_in(ctx, audit, t, f"{name.lower()}-{lang}@example.org", detail)
        box = page.locator("#rsvp")
        expect(box).to_have_attribute("aria-live", "polite")  # the answer is read out after the swap
        if name == "Dewi":
            box.get_by_role("button", name=t["waitlist_button"]).click()
            expect(box).to_contain_text(t["waitlisted_1"])
        else:
            box.get_by_role("button", name=t["going_button"]).click()
            expect(box).to_contain_text(t["you_are_going"])
        expect(box.get_by_role("button", name=t["cancel_button"])).to_be_visible()
        audit.check(page)  # the RSVP box was swapped in by htmx
    statuses = dict(Rsvp.objects.filter(meetup=meetup).values_list("membership__user__display_name", "status"))
    assert statuses == {"Budi": RsvpStatus.GOING, "Citra": RsvpStatus.GOING, "Dewi": RsvpStatus.WAITLISTED}

    # Citra drops out; the freed seat goes to Dewi at once, so Citra is offered the waitlist.
    citra = pages["Citra"]
    citra.locator("#rsvp").get_by_role("button", name=t["cancel_button"]).click()
    expect(citra.locator("#rsvp").get_by_role("button", name=t["waitlist_button"])).to_be_visible()
    expect(citra.locator("#rsvp")).not_to_contain_text(t["you_are_going"])
    audit.check(citra)

    # Dewi sees it on the session page and among her notifications.
    dewi = pages["Dewi"]
    audit.visit(dewi, detail)
    expect(dewi.locator("#rsvp")).to_contain_text(t["you_are_going"])
    expect(dewi.locator("#rsvp")).not_to_contain_text(t["waitlisted_1"])
    audit.visit(dewi, "/notifications/")
    expect(dewi.get_by_role("heading", level=1)).to_have_text(t["notifications"])
    expect(dewi.get_by_role("link", name=t["promoted"])).to_have_attribute("href", detail)
    assert Notification.objects.filter(user=members["Dewi"], kind=Kind.PROMOTED).count() == 1
    assert not Notification.objects.filter(kind=Kind.PROMOTED).exclude(user=members["Dewi"]).exists()

    # Dewi checks herself in with the code the host shows; a wrong code is refused first.
    audit.visit(dewi, detail)
    form = dewi.locator("section", has=dewi.get_by_role("heading", name=t["check_in"]))
    wrong = "000000" if meetup.checkin_code != "000000" else "111111"
    field(form, t["code"]).fill(wrong)
    form.get_by_role("button", name=t["check_in"]).click()
    expect(dewi.locator(".messages")).to_have_text(t["wrong_code"])
    audit.check(dewi)
    field(form, t["code"]).fill(meetup.checkin_code)
    form.get_by_role("button", name=t["check_in"]).click()
    expect(dewi.locator(".messages")).to_have_text(t["checked_in"])
    expect(dewi.get_by_role("heading", name=t["check_in"])).to_have_count(0)
    audit.check(dewi)
    assert Rsvp.objects.get(meetup=meetup, membership__user=members["Dewi"]).attended is True

    # The host takes attendance: Dewi is already ticked, the host ticks Budi.
    audit.visit(host, detail)
    host.get_by_role("link", name=t["take_attendance"]).click()
    expect(host.get_by_role("heading", level=1)).to_have_text(t["who_came"])
    audit.check(host)
    expect(host.get_by_role("checkbox")).to_have_count(2)  # only those going; Citra is not listed
    expect(host.get_by_role("checkbox", name="Dewi")).to_be_checked()
    expect(host.get_by_role("checkbox", name="Budi")).not_to_be_checked()
    host.get_by_role("checkbox", name="Budi").check()
    host.get_by_role("button", name=t["save_attendance"]).click()
    expect(host.locator(".messages")).to_have_text(t["attendance_saved"])
    expect(host.locator("#h-going + ul > li")).to_have_text(["Budi ✓", "Dewi ✓"])
    audit.check(host)
    attended = dict(Rsvp.objects.filter(meetup=meetup).values_list("membership__user__display_name", "attended"))
    assert attended == {"Budi": True, "Citra": None, "Dewi": True}

    # Feedback opens once the session has started. It was scheduled about twenty minutes ahead
    # (to be inside the check-in window), so move its start into the past directly in the database.
    now = timezone.now()
    Meetup.objects.filter(pk=meetup.pk).update(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(minutes=55)
    )
    comments = {"Budi": "Contoh lagunya pas sekali untuk latihan.", "Dewi": "Perpindahan kuncinya terlalu cepat."}
    for name, usefulness, pace in (("Budi", "4", t["just_right"]), ("Dewi", "5", t["too_fast"])):
        page = pages[name]
        audit.visit(page, detail)
        form = page.locator("section", has=page.get_by_role("heading", name=t["how_was_it"]))
        # Each radio group is named by its question.
        useful = form.get_by_role("group", name=t["usefulness"])
        paced = form.get_by_role("group", name=re.compile(rf"^{re.escape(t['pace'])}:?$"))
        expect(useful.get_by_role("radio")).to_have_count(5)
        expect(paced.get_by_role("radio")).to_have_count(3)
        field(form, t["comment"]).fill(comments[name])
        if name == "Budi":
            # Sent without the two answers: the questions say what is missing, the comment stays.
            form.get_by_role("button", name=t["send_feedback"]).click()
            expect(useful.locator(".errorlist")).to_have_text(t["required"])
            expect(paced.locator(".errorlist")).to_have_text(t["required"])
            expect(field(form, t["comment"])).to_have_value(comments[name])
            audit.check(page)
        useful.get_by_role("radio", name=usefulness, exact=True).check()
        paced.get_by_role("radio", name=pace, exact=True).check()
        form.get_by_role("button", name=t["send_feedback"]).click()
        expect(page.locator(".messages")).to_have_text(t["thanks"])
        expect(page.get_by_role("heading", name=t["how_was_it"])).to_have_count(0)
        audit.check(page)
    assert Feedback.objects.filter(meetup=meetup).count() == 2

    # The host reads the summary: two answers, 4.5 on average, both comments and no names.
    audit.visit(host, detail)
    mine = host.locator("section", has=host.locator("#h-host"))
    expect(mine).to_contain_text(t["summary_2"])
    for comment in comments.values():
        expect(mine.get_by_role("listitem").filter(has_text=comment)).to_have_count(1)
    for name in members:
        expect(mine).not_to_contain_text(name)


def test_it_schedules_in_the_communitys_time_zone_and_shows_each_member_their_own(
    new_context, audit: PageAudit
) -> None:
    """A WITA community's session at 10:00 local is at 09:00 for a member who lives on WIB.

    The server's default zone is WIB too, so the organiser, on WITA, must see 10:00: the times
    follow each member's profile, not the server.
    """
    makassar = zoneinfo.ZoneInfo("Asia/Makassar")
    community = CommunityFactory(slug="lingkar-makassar", name="Lingkar Makassar", timezone="Asia/Makassar")
    andi = UserFactory(display_name="Andi Organiser", email="andi@example.org", timezone="Asia/Makassar")
    MembershipFactory(user=andi, community=community, role=Membership.Role.ORGANISER)
    wulan = UserFactory(display_name="Wulan Wibowo", email="wulan@example.org", timezone="Asia/Jakarta")
    MembershipFactory(user=wulan, community=community)
    day = timezone.now().astimezone(makassar).date() + datetime.timedelta(days=2)
    t = texts("en")

    # The organiser schedules 10:00–11:00 in the community's zone.
    sessions = f"/c/{community.slug}/sessions/"
    organiser = log_in(new_context(locale="en-GB"), audit, t, "andi@example.org", f"{sessions}new/")
    expect(organiser.locator("main")).to_contain_text("(Asia/Makassar)")
    field(organiser, t["title"]).fill("Gitar pagi")
    field(organiser, t["skill"]).select_option(str(Skill.objects.get(slug="guitar").pk))
    field(organiser, t["host"]).select_option(label="Andi Organiser")
    field(organiser, t["date"]).fill(day.isoformat())
    field(organiser, t["starts_at"]).fill("10:00")
    field(organiser, t["ends_at"]).fill("11:00")
    field(organiser, t["online_url"]).fill("https://meet.example.org/gitar-makassar")
    field(organiser, t["seats"]).fill("5")
    organiser.get_by_role("button", name=t["save_session"]).click()
    expect(organiser.locator(".messages")).to_have_text(t["scheduled"])
    audit.check(organiser)
    meetup = Meetup.objects.get(community=community)
    assert meetup.starts_at == datetime.datetime.combine(day, datetime.time(2), tzinfo=datetime.UTC)
    expect(organiser.locator("dl time")).to_contain_text("10:00–11:00")
    expect(organiser.locator("dl")).to_contain_text("(Asia/Makassar)")

    # The member on WIB sees 09:00 on the session page and, once she is going, in her week.
    detail = f"{sessions}{meetup.pk}/"
    page = log_in(new_context(locale="en-GB"), audit, t, "wulan@example.org", detail)
    when = page.locator("dl time")
    expect(when).to_contain_text("09:00–10:00")
    expect(when).to_have_attribute("datetime", f"{day.isoformat()}T09:00:00+07:00")
    expect(page.locator("dl")).to_contain_text("(Asia/Jakarta)")
    page.locator("#rsvp").get_by_role("button", name=t["going_button"]).click()
    expect(page.locator("#rsvp")).to_contain_text(t["you_are_going"])
    audit.check(page)

    audit.visit(page, "/me/week/")
    item = page.locator("main li.card").filter(has_text="Gitar pagi")
    expect(item.locator("time")).to_contain_text("09:00–10:00")
    expect(item.locator("time")).to_have_attribute("datetime", f"{day.isoformat()}T09:00:00+07:00")
    expect(page.locator("main")).to_contain_text("Asia/Jakarta")
    expect(page.locator("main")).not_to_contain_text("10:00–11:00")

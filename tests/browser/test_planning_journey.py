"""Planning a community's week, end to end, on the demo data (in English, on a desktop).

The demo organiser asks the planner for next week's sessions, reads the draft (the fairness
figures, each day's sessions and why each one was chosen), publishes it and lands on the
community's sessions; one adult learner of the plan then finds their session in "My week" in a
browser of their own. Every page is checked by axe and weighed.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import ngettext
from playwright.sync_api import BrowserContext, Locator, Page, expect

from sebaya.accounts.models import User
from sebaya.communities.models import Community, Membership
from sebaya.meetups.models import Meetup, Rsvp, RsvpStatus
from sebaya.planning import draft, services
from sebaya.planning.models import PlanRun, PlanStatus
from sebaya.skills.models import Skill

from .browser_audit import DEMO_PASSWORD, PageAudit

# Screenshots of the edited draft and the declined session, for a person to look at.
SHOTS = Path(os.environ.get("SEBAYA_SCREENSHOTS", tempfile.gettempdir()))

SLUG = "lingkar-belajar-cilandak"
ORGANISER = "rina@demo.sebaya.id"
LOCALE = "en-GB"
# The planner's time limit in this test: long enough for a good draft of the demo community,
# short enough that the (immediate) task backend answers the "plan" post quickly.
PLAN_SECONDS = 5.0


def field(page: Page, label: str) -> Locator:
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def log_in(ctx: BrowserContext, audit: PageAudit, login: str, next_url: str) -> Page:
    """Log in through the log-in page, landing on ``next_url``."""
    page = ctx.new_page()
    audit.visit(page, f"/accounts/login/?next={next_url}")
    field(page, "E-mail or username").fill(login)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    audit.check(page)
    return page


@pytest.mark.usefixtures("demo")
def test_the_organiser_plans_the_week_publishes_it_and_a_learner_finds_the_session_in_their_week(
    new_context, audit: PageAudit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sebaya.planning.services.DEFAULT_SECONDS", PLAN_SECONDS)
    community = Community.objects.get(slug=SLUG)
    assert User.objects.filter(email=ORGANISER).update(language="en") == 1
    meetups_before = Meetup.objects.filter(community=community).count()
    plans = f"/c/{SLUG}/plan/"

    # The organiser opens the planning page and asks for next week.
    rina = log_in(new_context(locale=LOCALE), audit, ORGANISER, plans)
    expect(rina.locator("html")).to_have_attribute("lang", "en")
    expect(rina.get_by_role("heading", level=1)).to_have_text("Plan the week")
    start = rina.get_by_role("button", name=re.compile(r"^Plan next week \(from Monday \d{1,2} \w+\)$"))
    expect(start).to_have_count(1)
    start.click()
    # The task backend is immediate in tests: the post returns once the planner has finished.
    expect(rina).to_have_url(re.compile(rf"{re.escape(plans)}\d+/$"), timeout=60_000)
    run_id = int(rina.url.rstrip("/").rsplit("/", 1)[1])
    expect(rina.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Plan for the week of \d{1,2} \w+ \d{4}$"))
    bar = rina.get_by_role("progressbar")
    if bar.count():  # still running when the page was drawn: the bar must be labelled
        expect(bar).to_have_accessible_name(re.compile(r"\S"))
    audit.check(rina)

    # The draft is ready (the page refreshes itself if it was still running).
    expect(rina.get_by_role("heading", name="How fair is it?")).to_be_visible(timeout=60_000)
    audit.check(rina)
    run = PlanRun.objects.get(pk=run_id, community=community)
    assert run.status == PlanStatus.DONE, run.error
    assert run.time_limit == PLAN_SECONDS
    sessions = run.plan["sessions"]
    assert sessions, "the planner found no session for the demo community"

    fair = services.fairness(run)
    figures = rina.locator("section[aria-labelledby='h-fair'] > ul > li")
    expect(figures.nth(0)).to_have_text(
        f"{len(sessions)} session." if len(sessions) == 1 else f"{len(sessions)} sessions."
    )
    expect(figures.nth(1)).to_have_text(
        f"{fair['teachers']} of the {fair['willing']} members who can teach get a turn."
    )
    expect(figures.nth(2)).to_have_text(
        f"{fair['wishes_met']} of {fair['wishes']} learning wishes met ({fair['wishes_share']}%)."
    )
    expect(figures.nth(3)).to_have_text(re.compile(r"^On average \d+(\.\d)? km of travel per person taking part\.$"))

    # One heading per day that has sessions, in order, and one card per session.
    with translation.override("en"):
        days = sorted({services.slot_start(run, s["start"]).date() for s in sessions})
        day_names = [date_format(d, "l j F") for d in days]
    expect(rina.locator("main h2").filter(has_text=re.compile(r"day \d"))).to_have_text(day_names)
    cards = rina.locator("main ul.list-plain > li.card")
    expect(cards).to_have_count(len(sessions))
    for i in range(len(sessions)):
        card = cards.nth(i)
        expect(card.get_by_role("heading", level=3)).to_have_text(re.compile(r"^\d{2}:\d{2} · \S"))
        expect(card).to_contain_text(" teaches at ")
        why = card.locator("details.why")
        reasons = why.locator("li")
        expect(why).not_to_have_attribute("open", "")
        expect(reasons.first).to_be_hidden()
        why.get_by_text("Why this session", exact=True).click()
        expect(why).to_have_attribute("open", "")
        expect(reasons.first).to_be_visible()
        expect(reasons.first).to_have_text(re.compile(r"\S"))
    audit.check(rina)  # with every disclosure open

    # She pins the first session and removes the last one; htmx redraws the draft in place.
    by_time = sorted(sessions, key=lambda s: s["start"])
    pinned_key = draft.session_key(by_time[0])
    cards.nth(0).get_by_role("button", name="Pin", exact=True).click()
    expect(rina.locator(".messages")).to_have_text("Pinned: a re-plan keeps this session exactly.")
    expect(cards.nth(0).locator(".badge")).to_have_text("Pinned")
    removed = None
    if len(sessions) > 1:
        removed = by_time[-1]
        cards.last.get_by_role("button", name="Remove", exact=True).click()
        expect(rina.locator(".messages")).to_have_text("Removed from the draft; a re-plan will not propose it again.")
        expect(cards).to_have_count(len(sessions) - 1)
        expect(rina.get_by_role("heading", name="Removed from this draft")).to_be_visible()
    # She tries to move the pinned session to Monday 08:00: the planner's rules accept it (it stays
    # pinned) or refuse it with the reasons, in her language.
    first = cards.nth(0)
    first.locator("details.move > summary").click()
    first.get_by_label("Day", exact=True).select_option(label="Monday")
    first.get_by_label("Starts at", exact=True).select_option(label="08:00")
    audit.check(rina)
    first.get_by_role("button", name="Move", exact=True).click()
    expect(rina.locator(".messages")).to_have_text(
        re.compile(r"^\s*(Moved and pinned\.|This session cannot move there: .+)\s*$")
    )
    expect(rina.locator("main li.card .badge")).to_have_count(1)
    pinned_key = PlanRun.objects.get(pk=run_id).pinned[0]
    rina.screenshot(path=str(SHOTS / "planning-edited.png"), full_page=True)
    audit.check(rina)

    # She re-plans: the same progress bar, then a new draft that keeps the pinned session exactly.
    rina.get_by_role("button", name="Re-plan, keeping 1 pinned session").click()
    expect(rina).not_to_have_url(re.compile(rf"{re.escape(plans)}{run_id}/$"), timeout=60_000)
    expect(rina.get_by_role("heading", name="How fair is it?")).to_be_visible(timeout=60_000)
    expect(rina.get_by_text("A re-plan around the organisers' changes.")).to_be_visible()
    audit.check(rina)
    replanned = PlanRun.objects.get(pk=int(rina.url.rstrip("/").rsplit("/", 1)[1]), community=community)
    assert replanned.parent_id == run_id and replanned.status == PlanStatus.DONE, replanned.error
    assert PlanRun.objects.get(pk=run_id).status == PlanStatus.SUPERSEDED
    sessions = replanned.plan["sessions"]
    assert pinned_key in {draft.session_key(s) for s in sessions}
    if removed is not None:
        assert not any(draft.excluded_match(s, replanned.excluded) for s in sessions)
    expect(rina.locator("main li.card .badge")).to_have_count(1)
    assert services.plan_recheck(replanned).valid
    run = replanned

    # She publishes the draft and lands on the community's sessions.
    rina.get_by_role("button", name="Publish these sessions").click()
    expect(rina).to_have_url(re.compile(rf"/c/{SLUG}/sessions/$"), timeout=30_000)
    with translation.override("en"):
        published = ngettext(
            "%(n)s session published; everyone has been told.",
            "%(n)s sessions published; everyone has been told.",
            len(sessions),
        ) % {"n": len(sessions)}
    expect(rina.locator(".messages")).to_have_text(published)
    audit.check(rina)
    run.refresh_from_db()
    assert run.status == PlanStatus.PUBLISHED
    assert Meetup.objects.filter(community=community).count() == meetups_before + len(sessions)

    # An adult learner of the plan (a minor's answer waits for a guardian) sees the session in
    # "My week", in a browser of their own.
    chosen = None
    for s in sessions:
        for pid in s["learners"]:
            membership = Membership.objects.select_related("user").get(community=community, pk=int(pid[1:]))
            if not membership.user.is_minor and membership.user.email:
                chosen = (s, membership)
                break
        if chosen:
            break
    assert chosen is not None, "no adult learner in the plan"
    session, membership = chosen
    learner = membership.user
    User.objects.filter(pk=learner.pk).update(language="en")
    title = Skill.objects.available_to(community.pk).get(slug=session["skill"]).name_id
    rsvp = Rsvp.objects.select_related("meetup").get(
        membership=membership,
        meetup__community=community,
        meetup__title=title,
        meetup__starts_at=services.slot_start(run, session["start"]),
    )
    assert rsvp.status == RsvpStatus.GOING

    page = log_in(new_context(locale=LOCALE), audit, learner.email, "/me/week/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My week")
    attending = page.get_by_role("heading", level=2, name="I attend").locator("xpath=following-sibling::ul[1]")
    href = page.locator(f"a[href='/c/{SLUG}/sessions/{rsvp.meetup.pk}/']")
    expect(attending.get_by_role("link", name=title, exact=True).and_(href)).to_have_count(1)
    expect(attending.locator("li.card").filter(has=href).locator(".badge")).to_have_text("Going")

    # The learner cannot come after all: they decline from the session's page, and their seat is
    # freed (or, if they were the only learner, the session is cancelled); the rest of the plan stays.
    audit.visit(page, f"/c/{SLUG}/sessions/{rsvp.meetup.pk}/")
    page.get_by_role("link", name="Planned for you? Decline it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline a planned session")
    expect(page.get_by_text("You learn in this session.")).to_be_visible()
    audit.check(page)
    page.get_by_role("button", name="Decline: I cannot make it").click()
    expect(page).to_have_url(re.compile(rf"/c/{SLUG}/sessions/{rsvp.meetup.pk}/$"))
    expect(page.locator(".messages")).to_have_text(re.compile(r"^\s*Declined[:.] "))
    page.screenshot(path=str(SHOTS / "planning-declined.png"), full_page=True)
    audit.check(page)
    rsvp.refresh_from_db()
    assert rsvp.status == RsvpStatus.NOT_GOING
    others = Meetup.objects.filter(planned__run=run).exclude(pk=rsvp.meetup.pk)
    assert others.filter(status="published").count() == len(sessions) - 1

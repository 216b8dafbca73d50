"""The main pages, as an anonymous visitor, a member and an organiser, on the demo data.

Every page is checked by axe (WCAG 2.2 AA) and weighed (≤ 150 KB gzipped). The visitor and the
member browse on a 360-px-wide phone, where no page may scroll sideways.

Set ``SEBAYA_SHOTS=/some/folder`` to save screenshots of a few pages there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from sebaya.skills.models import Skill
from sebaya.venues.models import Venue

from .browser_audit import DEMO_PASSWORD, DESKTOP, PHONE, PageAudit

CILANDAK = "lingkar-belajar-cilandak"
PRAWIROTAMAN = "kolektif-seni-prawirotaman"
SHOTS = os.environ.get("SEBAYA_SHOTS")


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def assert_fits_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width}px wide"


def phone_visit(page: Page, audit: PageAudit, url: str) -> None:
    audit.visit(page, url)
    assert_fits_phone(page)


def log_in(page: Page, audit: PageAudit, login: str) -> None:
    audit.visit(page, "/accounts/login/")
    page.locator("#id_username").fill(login)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    audit.check(page)


def test_it_shows_the_public_pages_to_a_visitor_on_a_phone(demo, new_context, audit: PageAudit) -> None:
    page = new_context(viewport=PHONE, locale="id-ID").new_page()

    phone_visit(page, audit, "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Kolektif Seni Prawirotaman")).to_be_visible()
    shoot(page, "phone-home")

    # The directory filters by city with htmx, in place, and keeps the filter in the address.
    phone_visit(page, audit, "/communities/")
    cards = page.locator("#results h3")
    expect(cards).to_have_count(2)
    page.locator("#f-city").select_option("Yogyakarta")
    expect(cards).to_have_count(1)
    expect(cards).to_have_text(["Kolektif Seni Prawirotaman"])
    expect(page).to_have_url(re.compile(r"city=Yogyakarta"))
    audit.axe(page)
    guitar = Skill.objects.get(slug="guitar")
    phone_visit(page, audit, f"/communities/?skill={guitar.slug}")
    expect(cards).to_have_count(2)  # Budi teaches guitar in Jakarta, Eko in Yogyakarta

    phone_visit(page, audit, f"/c/{CILANDAK}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lingkar Belajar Cilandak")
    expect(page.locator(".tag").first).to_be_visible()
    shoot(page, "phone-community")

    phone_visit(page, audit, "/skills/")
    expect(page.locator(".tag", has_text=guitar.name_id)).to_be_visible()
    phone_visit(page, audit, "/skills/?category=music")
    expect(page.get_by_role("heading", level=2)).to_have_count(1)
    phone_visit(page, audit, "/accounts/signup/")
    phone_visit(page, audit, "/accounts/login/")
    phone_visit(page, audit, "/accounts/privacy/")

    # Members-only pages send a visitor to log in.
    audit.visit(page, f"/c/{CILANDAK}/members/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_it_shows_a_members_pages_on_a_phone(demo, new_context, audit: PageAudit) -> None:
    page = new_context(viewport=PHONE, locale="en-GB").new_page()
    log_in(page, audit, "yoga@demo.sebaya.id")
    assert_fits_phone(page)
    # Yoga chose Indonesian on his profile; that wins over the browser's English.
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # Listed twice on the home page: under "my communities" and among all communities.
    expect(page.locator("main").get_by_role("link", name="Kolektif Seni Prawirotaman")).to_have_count(2)

    phone_visit(page, audit, "/communities/?city=Jakarta+Selatan")
    expect(page.locator("#results h3")).to_have_text(["Lingkar Belajar Cilandak"])
    phone_visit(page, audit, f"/c/{PRAWIROTAMAN}/")
    phone_visit(page, audit, "/accounts/profile/")
    expect(page.locator("#id_display_name")).to_have_value("Yoga Pratama")

    phone_visit(page, audit, f"/c/{PRAWIROTAMAN}/members/")
    expect(page.locator("main li").filter(has_text="Wahyu Hidayat")).to_be_visible()
    # A member sees another member's skills, not their free hours.
    page.locator("main li h2 a", has_text="Wahyu Hidayat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wahyu Hidayat")
    audit.check(page)
    assert_fits_phone(page)
    expect(page.locator("main h2")).to_have_count(2)

    phone_visit(page, audit, f"/c/{PRAWIROTAMAN}/me/")
    grid = page.locator("table.week-grid")
    expect(grid.locator("input[type=checkbox]")).to_have_count(7 * 14)
    expect(grid.locator("input:checked")).not_to_have_count(0)
    # All seven days fit the phone: the grid needs no sideways scrolling of its own.
    overflow = page.evaluate(
        "() => { const s = document.querySelector('.table-scroll'); return s.scrollWidth - s.clientWidth; }"
    )
    assert overflow <= 0, f"the week grid is {overflow}px wider than a 360-px phone"
    shoot(page, "phone-my-profile")
    grid.scroll_into_view_if_needed()
    shoot(page, "phone-week-grid", full_page=False)

    phone_visit(page, audit, f"/c/{PRAWIROTAMAN}/venues/")
    venue = Venue.objects.filter(community__slug=PRAWIROTAMAN, is_active=True).order_by("name").first()
    assert venue is not None
    page.locator("main h2 a", has_text=venue.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(venue.name)
    audit.check(page)
    assert_fits_phone(page)

    # The organisers' pages are not for him.
    response = page.goto(f"/c/{PRAWIROTAMAN}/invites/")
    assert response is not None
    assert response.status == 403


def test_it_shows_an_organisers_pages(demo, new_context, audit: PageAudit) -> None:
    page = new_context(viewport=DESKTOP, locale="id-ID").new_page()
    log_in(page, audit, "rina@demo.sebaya.id")

    audit.visit(page, f"/c/{CILANDAK}/")
    shoot(page, "desktop-community", full_page=False)
    page.locator(f"main nav a[href='/c/{CILANDAK}/invites/']").click()
    expect(page).to_have_url(re.compile(rf"/c/{CILANDAK}/invites/$"))
    audit.check(page)
    page.locator("main form:not(.inline) button[type=submit]").click()
    expect(page.locator("input.invite-url")).to_have_count(1)
    expect(page.locator(".qr img")).to_be_visible()
    audit.check(page)

    audit.visit(page, f"/c/{CILANDAK}/members/")
    # An organiser can change roles, and sees a child's full name.
    expect(page.locator("main select[name=role]").first).to_be_visible()
    expect(page.locator("main li h2 a", has_text="Ayu Pratama")).to_be_visible()
    audit.visit(page, f"/c/{CILANDAK}/requests/")
    audit.visit(page, f"/c/{CILANDAK}/venues/")
    for venue in Venue.objects.filter(community__slug=CILANDAK).order_by("pk")[:3]:
        audit.visit(page, f"/c/{CILANDAK}/venues/{venue.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(venue.name)
    audit.visit(page, f"/c/{CILANDAK}/edit/")
    audit.visit(page, f"/c/{CILANDAK}/me/")
    audit.visit(page, f"/c/{CILANDAK}/skills/new/")
    audit.visit(page, "/accounts/profile/")
    # Rina is Ayu's guardian: her child's page, what waits for consent, her own data.
    page.get_by_role("link", name="Ayu", exact=False).first.click()
    audit.check(page)
    expect(page).to_have_url(re.compile(r"/accounts/children/\d+/$"))
    audit.visit(page, "/family/consents/")
    audit.visit(page, "/accounts/profile/data/")
    audit.visit(page, "/accounts/profile/erase/")

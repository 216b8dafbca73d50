"""A guardian's journey: she creates her son's account, gives him a one-time log-in link, he logs
in with it on his own phone and answers a session, she approves it from the list of what waits for
her, and then downloads his data as a ZIP. Every page is checked by axe and weighed."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile

from django.utils import timezone
from playwright.sync_api import expect

from sebaya.accounts.models import User
from sebaya.accounts.tests.factories import PASSWORD, UserFactory
from sebaya.communities.models import Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.meetups.models import Rsvp, RsvpStatus
from sebaya.meetups.services import meetup_create, meetup_rsvp
from sebaya.skills.models import Skill
from sebaya.venues.tests.factories import VenueFactory

from .browser_audit import PHONE, PageAudit


def test_a_guardian_gives_a_login_link_approves_and_exports(new_context, audit: PageAudit) -> None:
    community = CommunityFactory(slug="lingkar-keluarga", name="Lingkar Keluarga", timezone="Asia/Jakarta")
    organiser = UserFactory(display_name="Olivia Organiser", email="olivia-g@example.org", language="en")
    host = MembershipFactory(user=organiser, community=community, role=Membership.Role.ORGANISER)
    maya = UserFactory(display_name="Maya Member", email="maya-g@example.org", language="en")
    start = timezone.now() + datetime.timedelta(days=2)
    meetup = meetup_create(
        by=host, host=host, skill=Skill.objects.get(slug="guitar"), title="Gitar untuk keluarga",
        starts_at=start, ends_at=start + datetime.timedelta(hours=1), venue=VenueFactory(community=community),
        publish=True,
    )[0]  # fmt: skip
    meetup_rsvp(meetup=meetup, membership=MembershipFactory(user=maya, community=community), going=True)
    gita = UserFactory(display_name="Gita Guardian", email="gita-g@example.org", language="en")
    MembershipFactory(user=gita, community=community)

    # The guardian creates her son's account.
    parent = new_context(locale="en-GB").new_page()
    audit.visit(parent, "/accounts/login/?next=/accounts/children/new/")
    parent.get_by_label("E-mail or username").fill("gita-g@example.org")
    parent.locator("#id_password").fill(PASSWORD)
    parent.locator("main form").get_by_role("button", name="Log in").click()
    expect(parent).to_have_url(re.compile("/accounts/children/new/$"))
    audit.check(parent)
    parent.get_by_label("Child's name").fill("Raka Wijaya")
    parent.get_by_label("Birth date").fill((timezone.localdate() - datetime.timedelta(days=365 * 11)).isoformat())
    parent.get_by_label("Username").fill("raka")
    parent.locator("#id_password1").fill("layang-layang-2026")
    parent.locator("#id_password2").fill("layang-layang-2026")
    parent.get_by_role("button", name="Create the account").click()
    expect(parent).to_have_url(re.compile("/accounts/profile/$"))
    raka = User.objects.get(username="raka")
    child_m = MembershipFactory(user=raka, community=community)  # his joining is covered elsewhere

    # She makes a one-time log-in link on his page and copies it.
    parent.get_by_role("link", name="Raka Wijaya").click()
    audit.check(parent)
    parent.get_by_role("button", name="Make a one-time log-in link").click()
    link = parent.locator("#login-url").inner_text().strip()
    audit.check(parent)

    # On his own phone, Raka opens it, logs in and answers the session.
    phone = new_context(locale="en-GB", viewport=PHONE).new_page()
    audit.visit(phone, link)
    phone.get_by_role("button", name="Log me in").click()
    expect(phone.get_by_text("Welcome, Raka Wijaya!")).to_be_visible()
    audit.check(phone)
    audit.visit(phone, f"/c/{community.slug}/sessions/{meetup.pk}/")
    phone.get_by_role("button", name="I'm going").click()
    expect(phone.get_by_text("Waiting for your parent or guardian's consent.")).to_be_visible()
    audit.visit(phone, "/family/consents/")
    expect(phone.get_by_text("Gitar untuk keluarga")).to_be_visible()
    # The link worked once only.
    again = new_context(locale="en-GB").new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="This link does not work any more")).to_be_visible()

    # She approves from the list of what waits for her.
    audit.visit(parent, "/family/consents/")
    parent.get_by_role("button", name="Approve").click()
    expect(parent.get_by_text("Nothing is waiting for you.")).to_be_visible()
    assert Rsvp.objects.get(meetup=meetup, membership=child_m).status == RsvpStatus.GOING

    # And downloads everything Sebaya holds about him.
    audit.visit(parent, f"/accounts/children/{raka.pk}/")
    parent.get_by_role("button", name="Download all of my child's data").click()
    with parent.expect_download() as info:
        parent.get_by_role("link", name="Download (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["apps"]["accounts"]["account"]["username"] == "raka"
    assert data["apps"]["meetups"]["answers"][0]["status"] == "going"

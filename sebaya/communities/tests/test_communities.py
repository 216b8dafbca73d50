from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sebaya.accounts.tests.factories import MinorFactory, UserFactory
from sebaya.communities.models import Community, Invite, JoinRequest, Membership
from sebaya.communities.services import invite_create
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def community_form(**overrides: object) -> dict[str, object]:
    data = {
        "name": "Taman Baca Menteng",
        "slug": "taman-baca-menteng",
        "kind": "reading_garden",
        "city": "Jakarta Pusat",
        "timezone": "Asia/Jakarta",
        "description": "Membaca bersama setiap Sabtu.",
        "norms": "Saling menghormati.",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def test_the_creator_becomes_organiser(as_user) -> None:
    user = UserFactory()
    r = as_user(user).post(reverse("communities:new"), community_form())
    assert r.status_code == 302
    c = Community.objects.get(slug="taman-baca-menteng")
    assert Membership.objects.get(community=c, user=user).role == Membership.Role.ORGANISER


def test_a_taken_slug_or_missing_city_re_renders_with_errors(as_user, community) -> None:
    r = as_user(UserFactory()).post(
        reverse("communities:new"), community_form(slug=community.slug, city=""), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 200
    assert {"slug", "city"} <= set(r.context["form"].errors)
    assert 'value="Taman Baca Menteng"' in r.content.decode()


def test_a_minor_cannot_start_a_community(as_user) -> None:
    r = as_user(MinorFactory()).post(reverse("communities:new"), community_form())
    assert r.status_code == 200
    assert not Community.objects.filter(slug="taman-baca-menteng").exists()


def test_an_invite_link_admits_an_adult_at_once(as_user, community, organiser) -> None:
    invite = invite_create(community=community, by=organiser)
    newcomer = UserFactory()
    client = as_user(newcomer)
    assert client.get(reverse("communities:invite_landing", args=[invite.token])).status_code == 200
    r = client.post(reverse("communities:invite_landing", args=[invite.token]))
    assert r["Location"] == reverse("communities:my_profile", args=[community.slug])
    assert Membership.objects.filter(community=community, user=newcomer, role="member").exists()
    invite.refresh_from_db()
    assert invite.uses == 1


@pytest.mark.parametrize("spoil", ["expired", "revoked", "unknown"])
def test_a_spoilt_invite_link_is_refused(as_user, community, organiser, spoil) -> None:
    invite = invite_create(community=community, by=organiser)
    if spoil == "expired":
        Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    elif spoil == "revoked":
        Invite.objects.filter(pk=invite.pk).update(revoked_at=timezone.now())
    token = invite.token if spoil != "unknown" else "nope"
    client = as_user(UserFactory())
    assert client.post(reverse("communities:invite_landing", args=[token])).status_code == 404
    assert community.memberships.count() == 1


def test_the_invite_page_shows_link_and_qr(as_user, community, organiser) -> None:
    client = as_user(organiser)
    client.post(reverse("communities:invites", args=[community.slug]))
    r = client.get(reverse("communities:invites", args=[community.slug]))
    invite = community.invites.get()
    assert invite.token in r.content.decode()
    assert "data:image/svg+xml;base64," in r.content.decode()


def test_a_request_without_invite_waits_for_an_organiser(
    as_user, community, organiser, django_capture_on_commit_callbacks
) -> None:
    applicant = UserFactory(display_name="Hana Applicant")
    with django_capture_on_commit_callbacks(execute=True):
        as_user(applicant).post(reverse("communities:join", args=[community.slug]), {"message": "Saya suka membaca"})
    req = JoinRequest.objects.get(user=applicant)
    assert req.status == JoinRequest.Status.PENDING
    assert mail.outbox and mail.outbox[0].to == [organiser.email]
    assert not Membership.objects.filter(user=applicant, community=community).exists()

    client = as_user(organiser)
    assert "Hana Applicant" in client.get(reverse("communities:requests", args=[community.slug])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communities:request_decide", args=[community.slug, req.pk]), {"decision": "approve"})
    assert Membership.objects.filter(user=applicant, community=community).exists()
    assert mail.outbox[-1].to == [applicant.email]
    # Answering twice changes nothing.
    client.post(reverse("communities:request_decide", args=[community.slug, req.pk]), {"decision": "decline"})
    assert JoinRequest.objects.get(pk=req.pk).status == JoinRequest.Status.APPROVED


def test_a_minor_with_an_invite_joins_only_after_her_guardian_approves(as_user, community, organiser) -> None:
    parent = UserFactory()
    child = MinorFactory()
    child.guarded_by.create(guardian=parent)
    invite = invite_create(community=community, by=organiser)
    as_user(child).post(reverse("communities:invite_landing", args=[invite.token]))
    req = JoinRequest.objects.get(user=child)
    assert req.status == JoinRequest.Status.PENDING_GUARDIAN
    assert not Membership.objects.filter(user=child).exists()
    # The guardian is told in the app (and by e-mail unless muted), with a link to answer.
    notice = parent.notifications.get(kind="join_consent")
    assert notice.url == reverse("meetups:consents") and community.name in notice.body
    # The child sees that it is pending.
    assert (
        "waiting"
        in as_user(child)
        .get(reverse("communities:detail", args=[community.slug]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )

    client = as_user(parent)
    assert child.display_name in client.get(reverse("accounts:profile")).content.decode()
    client.post(reverse("communities:guardian_decide", args=[req.pk]), {"decision": "approve"})
    assert Membership.objects.filter(user=child, community=community).exists()


def test_a_minor_without_invite_needs_guardian_then_organiser(as_user, community, organiser) -> None:
    parent = UserFactory()
    child = MinorFactory()
    child.guarded_by.create(guardian=parent)
    as_user(child).post(reverse("communities:join", args=[community.slug]))
    req = JoinRequest.objects.get(user=child)
    as_user(parent).post(reverse("communities:guardian_decide", args=[req.pk]), {"decision": "approve"})
    req.refresh_from_db()
    assert req.status == JoinRequest.Status.PENDING
    assert not Membership.objects.filter(user=child).exists()
    as_user(organiser).post(
        reverse("communities:request_decide", args=[community.slug, req.pk]), {"decision": "approve"}
    )
    assert Membership.objects.filter(user=child, community=community).exists()


def test_a_guardian_declining_ends_the_request(as_user, community) -> None:
    parent = UserFactory()
    child = MinorFactory()
    child.guarded_by.create(guardian=parent)
    as_user(child).post(reverse("communities:join", args=[community.slug]))
    req = JoinRequest.objects.get(user=child)
    as_user(parent).post(reverse("communities:guardian_decide", args=[req.pk]), {"decision": "decline"})
    assert JoinRequest.objects.get(pk=req.pk).status == JoinRequest.Status.DECLINED


def test_the_last_organiser_cannot_step_down_or_leave(as_user, community, organiser, member) -> None:
    client = as_user(organiser)
    own = organiser.memberships.get(community=community)
    client.post(reverse("communities:member_role", args=[community.slug, own.pk]), {"role": "member"})
    own.refresh_from_db()
    assert own.role == Membership.Role.ORGANISER
    client.post(reverse("communities:leave", args=[community.slug]))
    assert Membership.objects.filter(pk=own.pk).exists()
    # With a second organiser, both work.
    other = member.memberships.get(community=community)
    client.post(reverse("communities:member_role", args=[community.slug, other.pk]), {"role": "organiser"})
    other.refresh_from_db()
    assert other.role == Membership.Role.ORGANISER
    client.post(reverse("communities:leave", args=[community.slug]))
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_a_minor_cannot_be_made_organiser(as_user, community, organiser, minor) -> None:
    m = minor.memberships.get(community=community)
    as_user(organiser).post(reverse("communities:member_role", args=[community.slug, m.pk]), {"role": "organiser"})
    m.refresh_from_db()
    assert m.role == Membership.Role.MEMBER


def test_directory_filters_by_city_and_skill_and_hides_unlisted(client) -> None:
    from sebaya.skills.models import Skill, TeachSkill

    jkt = CommunityFactory(name="Jakarta Circle", city="Jakarta Selatan")
    yog = CommunityFactory(name="Yogya Collective", city="Yogyakarta")
    secret = CommunityFactory(name="Secret Circle", city="Yogyakarta", visibility=Community.Visibility.UNLISTED)
    TeachSkill.objects.create(
        membership=MembershipFactory(community=yog), skill=Skill.objects.get(slug="batik"), level=5
    )
    names = lambda r: [c.name for c in r.context["communities"]]  # noqa: E731
    assert names(client.get(reverse("communities:directory"))) == ["Jakarta Circle", "Yogya Collective"]
    assert names(client.get(reverse("communities:directory"), {"city": "yogyakarta"})) == ["Yogya Collective"]
    assert names(client.get(reverse("communities:directory"), {"skill": "batik"})) == ["Yogya Collective"]
    assert names(client.get(reverse("communities:directory"), {"skill": "guitar"})) == []
    # The unlisted community is still reachable by its link.
    assert client.get(reverse("communities:detail", args=[secret.slug])).status_code == 200
    assert jkt.name not in names(client.get(reverse("communities:directory"), {"city": "Yogyakarta"}))


def test_directory_answers_htmx_with_the_results_only(client, community) -> None:
    r = client.get(reverse("communities:directory"), HTTP_HX_REQUEST="true")
    assert community.name in r.content.decode()
    assert "<html" not in r.content.decode()


def test_members_see_a_minor_by_first_name_and_initial(as_user, community, member, minor, organiser, guardian) -> None:
    page = as_user(member).get(reverse("communities:members", args=[community.slug])).content.decode()
    assert "Ayu P." in page and "Ayu Pratama Putri" not in page
    # Organisers too: her full name is for herself and her guardians.
    page = as_user(organiser).get(reverse("communities:members", args=[community.slug])).content.decode()
    assert "Ayu P." in page and "Ayu Pratama Putri" not in page
    page = as_user(guardian).get(reverse("communities:members", args=[community.slug])).content.decode()
    assert "Ayu Pratama Putri" in page
    page = as_user(minor).get(reverse("communities:members", args=[community.slug])).content.decode()
    assert "Ayu Pratama Putri" in page


def test_member_list_queries_do_not_grow_with_members(
    as_user, community, organiser, django_assert_max_num_queries
) -> None:
    from sebaya.skills.models import LearnSkill, Skill, TeachSkill

    skills = list(Skill.objects.all()[:4])
    for i in range(25):
        m = MembershipFactory(community=community)
        TeachSkill.objects.create(membership=m, skill=skills[i % 4], level=3)
        LearnSkill.objects.create(membership=m, skill=skills[(i + 1) % 4], level=1)
    client = as_user(organiser)
    with django_assert_max_num_queries(10):
        r = client.get(reverse("communities:members", args=[community.slug]))
    assert r.status_code == 200 and len(r.context["members"]) == 26


def test_directory_queries_stay_flat(client, django_assert_max_num_queries) -> None:
    for _ in range(20):
        MembershipFactory()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("communities:directory")).status_code == 200

"""Reporting a post: a moderator hides it and other members no longer read it; a suspended member cannot post."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.discussions.models import Post, Thread
from sebaya.discussions.services import post_reply
from sebaya.moderation.models import Report
from sebaya.search.backends import Filters
from sebaya.search.queries import search

from .factories import make_thread


def _detail(thread: Thread) -> str:
    return reverse("discussions:detail", args=[thread.community.slug, thread.pk])


def test_a_reported_post_is_hidden_by_a_facilitator(as_user, member, facilitator, organiser, guardian, community):
    thread = make_thread(organiser, community, body="Pembuka yang biasa")
    post = post_reply(thread=thread, by=member.memberships.get(), body="Kalimat kasar kuda-nil-ungu")
    assert search(guardian, "kuda-nil-ungu", Filters()).total == 1
    client = as_user(guardian)
    link = reverse("moderation:report", args=[community.slug, "post", post.pk])
    page = client.get(_detail(thread)).content.decode()
    assert link in page
    # No "Report" on one's own post.
    assert link not in as_user(member).get(_detail(thread)).content.decode()
    assert as_user(guardian).post(link, {"reason": "other", "details": "Tidak sopan."}).status_code == 302
    report = Report.objects.get()
    assert report.object_id == post.pk

    response = as_user(facilitator).post(
        reverse("moderation:report_detail", args=[report.pk]), {"action": "hide", "message": ""}
    )
    assert response.status_code in (200, 302)
    assert Post.objects.get(pk=post.pk).hidden
    assert "kuda-nil-ungu" not in as_user(guardian).get(_detail(thread)).content.decode()
    assert "kuda-nil-ungu" in as_user(facilitator).get(_detail(thread)).content.decode()
    assert "kuda-nil-ungu" in as_user(member).get(_detail(thread)).content.decode()
    api = as_user(guardian).get(f"/api/communities/{community.slug}/threads/{thread.pk}").json()
    assert [p["body"] for p in api["posts"] if p["id"] == post.pk] == [""]
    assert search(guardian, "kuda-nil-ungu", Filters()).total == 0


def test_an_outsider_cannot_report_a_post(as_user, member, outsider, community):
    thread = make_thread(member, community)
    post = thread.posts.get()
    link = reverse("moderation:report", args=[community.slug, "post", post.pk])
    # The report form is one of the community's inner pages: 403 for a non-member.
    assert as_user(outsider).get(link).status_code == 403
    assert as_user(outsider).post(link, {"reason": "other", "details": "x"}).status_code == 403
    assert not Report.objects.exists()


def test_a_post_of_another_community_cannot_be_reported_through_mine(as_user, member, community):
    elsewhere = CommunityFactory(slug="lain")
    writer = MembershipFactory(community=elsewhere).user
    post = make_thread(writer, elsewhere).posts.get()
    link = reverse("moderation:report", args=[community.slug, "post", post.pk])
    assert as_user(member).get(link).status_code == 404
    assert not Report.objects.exists()


def test_a_suspended_member_cannot_post(as_user, member, facilitator, community):
    thread = make_thread(facilitator, community)
    membership = member.memberships.get()
    membership.suspended_until = timezone.now() + datetime.timedelta(days=3)
    membership.save(update_fields=["suspended_until"])
    client = as_user(member)
    response = client.post(reverse("discussions:new", args=[community.slug]), {"title": "Judul", "body": "Isi"})
    assert response.status_code == 200 and "suspended" in response.content.decode()
    response = client.post(
        reverse("discussions:reply", args=[community.slug, thread.pk]), {"body": "Balas"}, follow=True
    )
    assert "suspended" in response.content.decode()
    r = client.post(
        f"/api/communities/{community.slug}/threads/{thread.pk}/posts",
        {"body": "Balas"},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/communities/{community.slug}/threads", {"title": "a", "body": "b"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert Thread.objects.count() == 1 and Post.objects.count() == 1

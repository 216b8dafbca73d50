from __future__ import annotations

import json

from django.urls import reverse

from sebaya.discussions import personal_data
from sebaya.discussions.models import Post, Subscription
from sebaya.discussions.services import post_hide, post_reply
from sebaya.search.backends import Filters
from sebaya.search.queries import search

from .factories import make_thread


def test_export_lists_threads_posts_and_subscriptions(member, facilitator, community) -> None:
    thread = make_thread(member, community, title="Belajar catur")
    post_reply(thread=thread, by=facilitator.memberships.get(), body="Balasan fasilitator")
    data = personal_data.export(member)
    json.dumps(data)
    assert [t["title"] for t in data["threads"]] == ["Belajar catur"]
    assert [p["text"] for p in data["posts"]] == ["Bagaimana cara belajar akor F?"]
    assert data["subscriptions"][0]["following"] is True
    assert personal_data.files(member) == []


def test_erase_keeps_the_place_as_former_member_without_text(member, facilitator, community) -> None:
    thread = make_thread(facilitator, community, body="Pembuka oleh fasilitator")
    post_reply(thread=thread, by=member.memberships.get(), body="Tulisan pribadi zebrakuning")
    assert search(facilitator, "zebrakuning", Filters()).total == 1
    personal_data.erase(member)
    post = Post.objects.get(number=2)
    assert post.author is None and post.body == "" and post.is_removed
    assert not Subscription.objects.filter(user=member).exists()
    assert search(facilitator, "zebrakuning", Filters()).total == 0
    assert Post.objects.get(number=1).body == "Pembuka oleh fasilitator"


def test_the_guardian_sees_the_childs_posts_on_her_page(as_user, guardian, minor, member, organiser, community) -> None:
    thread = make_thread(member, community, title="Belajar gitar")
    post = post_reply(thread=thread, by=minor.memberships.get(), body="Saya mau ikut latihan")
    hidden = post_reply(thread=thread, by=minor.memberships.get(), body="Kalimat yang disembunyikan")
    post_hide(post=hidden, by=organiser)
    page = as_user(guardian).get(reverse("accounts:child_detail", args=[minor.pk])).content.decode()
    assert "Discussion posts" in page
    assert "Saya mau ikut latihan" in page and "Kalimat yang disembunyikan" in page
    assert f"#post-{post.number}" in page
    # Another member's posts are not the child's.
    assert "Bagaimana cara belajar akor F?" not in page

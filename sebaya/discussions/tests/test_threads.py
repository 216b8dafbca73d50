"""Threads and replies through the pages: who may do what, mentions, followers, edits and removals."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sebaya.discussions.models import Post, Subscription, Thread
from sebaya.discussions.services import post_hide, post_reply, thread_subscribe
from sebaya.meetups.tests.factories import make_meetup
from sebaya.notifications.models import Kind, Notification

from .factories import make_thread


def _m(user: Any, community: Any) -> Any:
    return user.memberships.get(community=community)


def detail(thread: Thread) -> str:
    return reverse("discussions:detail", args=[thread.community.slug, thread.pk])


def test_it_starts_a_thread_about_a_session(as_user, organiser, member, community) -> None:
    meetup = make_meetup(_m(organiser, community))
    client = as_user(member)
    url = reverse("discussions:new", args=[community.slug])
    assert f'value="{meetup.pk}" selected' in client.get(url, {"session": meetup.pk}).content.decode()
    response = client.post(url, {"title": "Bawa gitar sendiri?", "body": "Perlu **bawa** gitar?", "meetup": meetup.pk})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(thread)
    assert thread.meetup == meetup and thread.skill == meetup.skill and thread.author == member
    assert Subscription.objects.filter(thread=thread, user=member, active=True).exists()
    page = client.get(detail(thread)).content.decode()
    assert "<strong>bawa</strong>" in page
    listed = client.get(reverse("discussions:list", args=[community.slug]), {"session": meetup.pk}).content.decode()
    assert "Bawa gitar sendiri?" in listed


def test_markdown_is_sanitised(as_user, member, community) -> None:
    thread = make_thread(member, community, body="<script>alert(1)</script> [x](javascript:alert(1))")
    html = as_user(member).get(detail(thread)).content.decode()
    assert "<script>alert(1)</script>" not in html and 'href="javascript' not in html


def test_outsiders_get_403_for_the_list_and_404_for_a_thread(as_user, member, outsider, community) -> None:
    thread = make_thread(member, community)
    client = as_user(outsider)
    assert client.get(reverse("discussions:list", args=[community.slug])).status_code == 403
    assert client.get(detail(thread)).status_code == 404
    assert (
        client.post(reverse("discussions:reply", args=[community.slug, thread.pk]), {"body": "hai"}).status_code == 404
    )
    assert not Post.objects.filter(body="hai").exists()


def test_a_reply_notifies_followers_and_mentions(as_user, member, facilitator, organiser, community) -> None:
    thread = make_thread(member, community)
    as_user(facilitator).post(
        reverse("discussions:reply", args=[community.slug, thread.pk]), {"body": "Tanya @olivia-organiser juga."}
    )
    reply = Post.objects.get(number=2)
    assert reply.author == facilitator
    assert Notification.objects.filter(user=member, kind=Kind.REPLY).count() == 1
    assert Notification.objects.filter(user=organiser, kind=Kind.MENTION).count() == 1
    assert not Notification.objects.filter(user=facilitator).exists()
    # The replier now follows too; the starter who stops following hears nothing more.
    thread_subscribe(thread=thread, user=member, subscribed=False)
    post_reply(thread=thread, by=_m(organiser, community), body="Oke.")
    assert Notification.objects.filter(user=facilitator, kind=Kind.REPLY).count() == 1
    assert Notification.objects.filter(user=member, kind=Kind.REPLY).count() == 1
    # Replying again does not subscribe someone who chose to stop following.
    post_reply(thread=thread, by=_m(member, community), body="Saya balas lagi.")
    assert not Subscription.objects.get(thread=thread, user=member).active


def test_mentions_reach_members_only(member, outsider, minor, community) -> None:
    thread = make_thread(member, community, body="Halo @omar-outsider dan @ayu!")
    assert not Notification.objects.filter(user=outsider).exists()
    assert Notification.objects.filter(user=minor, kind=Kind.MENTION).exists()
    assert thread.post_count == 1


def test_follow_and_unfollow(as_user, member, facilitator, community) -> None:
    thread = make_thread(member, community)
    client = as_user(facilitator)
    url = reverse("discussions:subscribe", args=[community.slug, thread.pk])
    client.post(url, {"follow": "yes"})
    assert Subscription.objects.get(thread=thread, user=facilitator).active
    client.post(url, {"follow": "no"})
    assert not Subscription.objects.get(thread=thread, user=facilitator).active


def test_quoting_a_post(as_user, member, facilitator, community) -> None:
    thread = make_thread(member, community, body="Akor F itu susah sekali.")
    opening = thread.posts.get()
    client = as_user(facilitator)
    assert f'value="{opening.pk}"' in client.get(detail(thread), {"quote": opening.pk}).content.decode()
    client.post(
        reverse("discussions:reply", args=[community.slug, thread.pk]),
        {"body": "Latih pelan-pelan.", "quote": opening.pk},
    )
    html = client.get(detail(thread)).content.decode()
    assert Post.objects.get(number=2).quote == opening
    assert html.count("Akor F itu susah sekali.") == 2


def test_editing_shows_edited_and_only_the_author_may(as_user, member, facilitator, community) -> None:
    thread = make_thread(member, community)
    post = thread.posts.get()
    url = reverse("discussions:post_edit", args=[community.slug, thread.pk, post.pk])
    assert as_user(facilitator).post(url, {"body": "Diubah orang lain"}).status_code == 403
    client = as_user(member)
    client.post(url, {"body": "Bagaimana cara belajar akor Bm?"})
    post.refresh_from_db()
    assert post.edited_at is not None and "Bm" in post.body
    assert (
        "edited" in client.get(detail(thread), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        or "diubah" in client.get(detail(thread)).content.decode()
    )


def test_deleting_leaves_removed_in_place(as_user, member, facilitator, minor, community) -> None:
    thread = make_thread(member, community)
    reply = post_reply(thread=thread, by=_m(minor, community), body="Kalimat yang akan dihapus.")
    url = reverse("discussions:post_delete", args=[community.slug, thread.pk, reply.pk])
    assert as_user(member).post(url).status_code == 403
    assert as_user(facilitator).post(url).status_code == 302
    reply.refresh_from_db()
    assert reply.is_removed and reply.body == ""
    html = as_user(member).get(detail(thread)).content.decode()
    assert 'id="post-2"' in html and "Kalimat yang akan dihapus." not in html


def test_resolving_is_for_the_starter_and_facilitators(as_user, member, facilitator, minor, community) -> None:
    thread = make_thread(member, community)
    reply = post_reply(thread=thread, by=_m(facilitator, community), body="Pakai capo.")
    url = reverse("discussions:resolve", args=[community.slug, thread.pk])
    assert as_user(minor).post(url, {"answer": reply.pk}).status_code == 403
    as_user(member).post(url, {"answer": reply.pk})
    thread.refresh_from_db()
    assert thread.is_resolved and thread.answer == reply
    as_user(facilitator).post(url, {"resolved": "no"})
    thread.refresh_from_db()
    assert not thread.is_resolved and thread.answer is None


def test_a_minor_is_named_by_first_name_and_initial(as_user, member, minor, facilitator, guardian, community) -> None:
    # As everywhere in Sebaya: the full name only for herself and her guardians, facilitators included.
    make_thread(minor, community, title="Pertanyaan Ayu")
    thread = Thread.objects.get()
    for reader in (member, facilitator):
        page = as_user(reader).get(detail(thread)).content.decode()
        assert "Ayu P." in page
        assert "Ayu Pratama Putri" not in page
    assert "Ayu Pratama Putri" in as_user(guardian).get(detail(thread)).content.decode()


def test_a_deleted_account_shows_as_former_member(as_user, member, facilitator, community) -> None:
    thread = make_thread(facilitator, community)
    facilitator.delete()
    html = as_user(member).get(detail(thread), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert thread.posts.get().author is None
    assert "former member" in html or "mantan anggota" in html


def test_a_hidden_post_is_for_facilitators_and_its_author(as_user, member, organiser, minor, community) -> None:
    thread = make_thread(member, community)
    reply = post_reply(thread=thread, by=_m(minor, community), body="Teks yang dilaporkan.")
    post_hide(post=reply, by=organiser)
    assert "Teks yang dilaporkan." not in as_user(member).get(detail(thread)).content.decode()
    assert "Teks yang dilaporkan." in as_user(organiser).get(detail(thread)).content.decode()
    assert "Teks yang dilaporkan." in as_user(minor).get(detail(thread)).content.decode()


def test_a_guardian_sees_what_her_child_posts(as_user, member, minor, guardian, outsider, community) -> None:
    thread = make_thread(member, community)
    post_reply(thread=thread, by=_m(minor, community), body="Aku suka gitar!")
    post_reply(thread=thread, by=_m(member, community), body="Bukan tulisan anak.")
    html = as_user(guardian).get(reverse("discussions:family")).content.decode()
    assert "Aku suka gitar!" in html and "Bukan tulisan anak." not in html
    assert "Aku suka gitar!" not in as_user(outsider).get(reverse("discussions:family")).content.decode()


@pytest.mark.parametrize("body", ["", "   "])
def test_an_empty_reply_is_refused(as_user, member, community, body) -> None:
    thread = make_thread(member, community)
    as_user(member).post(reverse("discussions:reply", args=[community.slug, thread.pk]), {"body": body})
    assert thread.posts.count() == 1

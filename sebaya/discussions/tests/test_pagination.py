"""A thread with thousands of replies pages as fast at the end as at the start."""

from __future__ import annotations

from django.urls import reverse

from sebaya.discussions.models import POSTS_PER_PAGE, Post, Thread
from sebaya.discussions.services import post_reply

from .factories import make_thread

REPLIES = 3000


def _long_thread(member, minor, community) -> Thread:
    thread = make_thread(member, community)
    authors = [member, minor]
    Post.objects.bulk_create(
        Post(thread=thread, number=n, author=authors[n % 2], body=f"Balasan nomor {n}") for n in range(2, REPLIES + 2)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=REPLIES + 1)
    thread.refresh_from_db()
    return thread


def test_a_late_page_costs_what_the_first_costs(
    as_user, member, minor, community, django_assert_max_num_queries
) -> None:
    thread = _long_thread(member, minor, community)
    client = as_user(member)
    url = reverse("discussions:detail", args=[community.slug, thread.pk])
    last = -(-(REPLIES + 1) // POSTS_PER_PAGE)
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(10):
        response = client.get(url, {"page": last - 1})
    html = response.content.decode()
    first_on_page = (last - 2) * POSTS_PER_PAGE + 1
    assert f"Balasan nomor {first_on_page}<" in html
    assert f"Balasan nomor {first_on_page + POSTS_PER_PAGE - 1}<" in html
    assert f"Balasan nomor {first_on_page - 1}<" not in html
    assert f"Balasan nomor {first_on_page + POSTS_PER_PAGE}<" not in html


def test_a_new_reply_takes_the_next_number(member, minor, community) -> None:
    thread = _long_thread(member, minor, community)
    post = post_reply(thread=thread, by=member.memberships.get(community=community), body="Yang terakhir")
    assert post.number == REPLIES + 2
    assert post.page == -(-(REPLIES + 2) // POSTS_PER_PAGE)


def test_the_api_pages_the_same_way(as_user, member, minor, community, django_assert_max_num_queries) -> None:
    thread = _long_thread(member, minor, community)
    client = as_user(member)
    url = f"/api/communities/{community.slug}/threads/{thread.pk}"
    with django_assert_max_num_queries(10):
        body = client.get(url, {"page": 40}).json()
    assert (
        body["page"] == 40
        and body["posts"][0]["number"] == 39 * POSTS_PER_PAGE + 1
        and len(body["posts"]) == POSTS_PER_PAGE
    )

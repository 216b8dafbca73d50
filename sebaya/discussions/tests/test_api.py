from __future__ import annotations

from config.api import api
from sebaya.discussions.models import Post, Thread
from sebaya.discussions.services import post_hide, post_reply
from sebaya.notifications.models import Kind, Notification

from .factories import make_thread


def _url(community, *rest) -> str:
    return "/".join([f"/api/communities/{community.slug}/threads", *map(str, rest)])


def test_a_member_starts_replies_edits_and_deletes(as_user, member, facilitator, community) -> None:
    client = as_user(member)
    r = client.post(
        _url(community),
        {"title": "Catur", "body": "Siapa mau main @fajar?", "skill": "chess"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    thread = Thread.objects.get(pk=r.json()["id"])
    assert thread.skill.slug == "chess" and Notification.objects.filter(user=facilitator, kind=Kind.MENTION).exists()
    opening = thread.posts.get()
    r = client.post(
        _url(community, thread.pk, "posts"), {"body": "Saya!", "quote": opening.pk}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["number"] == 2 and r.json()["quote"] == opening.pk
    reply_id = r.json()["id"]
    r = client.patch(
        _url(community, thread.pk, "posts", reply_id), {"body": "Saya ikut!"}, content_type="application/json"
    )
    assert r.json()["edited"] is True and r.json()["body"] == "Saya ikut!"
    assert client.delete(_url(community, thread.pk, "posts", reply_id)).status_code == 204
    posts = client.get(_url(community, thread.pk)).json()["posts"]
    assert posts[1]["removed"] is True and posts[1]["body"] == ""


def test_strict_bodies_and_errors(as_user, member, outsider, community) -> None:
    client = as_user(member)
    r = client.post(_url(community), {"title": "x", "body": "y", "colour": "red"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    r = client.post(_url(community), {"title": "x", "body": "   "}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "empty"
    thread = make_thread(member, community)
    assert as_user(outsider).get(_url(community, thread.pk)).json()["code"] == "not_found"
    assert as_user(outsider).get(_url(community)).status_code == 403


def test_others_may_not_edit_and_members_may_not_resolve(as_user, member, minor, facilitator, community) -> None:
    thread = make_thread(member, community)
    post = thread.posts.get()
    r = as_user(minor).patch(
        _url(community, thread.pk, "posts", post.pk), {"body": "x"}, content_type="application/json"
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    reply = post_reply(thread=thread, by=facilitator.memberships.get(), body="Jawabannya begini.")
    r = as_user(minor).post(
        _url(community, thread.pk, "resolve"), {"answer": reply.pk}, content_type="application/json"
    )
    assert r.status_code == 403
    r = as_user(member).post(
        _url(community, thread.pk, "resolve"), {"answer": reply.pk}, content_type="application/json"
    )
    assert r.json()["resolved"] is True and r.json()["answer"] == reply.pk


def test_follow_and_hidden_posts(as_user, member, organiser, minor, community) -> None:
    thread = make_thread(member, community)
    client = as_user(minor)
    r = client.put(_url(community, thread.pk, "subscription"), {"following": True}, content_type="application/json")
    assert r.json() == {"following": True}
    reply = post_reply(thread=thread, by=organiser.memberships.get(), body="Rahasia moderasi.")
    post_hide(post=reply, by=organiser)
    posts = client.get(_url(community, thread.pk)).json()["posts"]
    assert posts[1]["hidden"] is True and posts[1]["body"] == ""
    assert Post.objects.get(pk=reply.pk).body == "Rahasia moderasi."


def test_every_discussion_operation_documents_its_errors() -> None:
    paths = api.get_openapi_schema()["paths"]
    ops = [op for path, item in paths.items() if "/threads" in path for op in item.values()]
    assert len(ops) == 8
    for op in ops:
        assert {401, 403, 404, 422} <= {int(code) for code in op["responses"]}, op["summary"]

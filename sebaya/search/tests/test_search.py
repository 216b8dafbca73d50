"""Search finds affixed forms in both languages and never shows, counts or quotes what the searcher may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities.models import Community, Membership
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.discussions.services import post_hide, post_reply, thread_create
from sebaya.meetups.models import MeetupStatus
from sebaya.meetups.services import meetup_cancel
from sebaya.meetups.tests.factories import make_meetup
from sebaya.search.backends import Filters
from sebaya.search.models import Document
from sebaya.search.queries import search
from sebaya.search.registry import Entry, document_fields
from sebaya.skills.models import Skill


def _m(user: Any, community: Community) -> Membership:
    return Membership.objects.get(user=user, community=community)


@pytest.fixture
def other(db: Any) -> Community:
    """Another community with a secret thread and an organiser of its own."""
    other = CommunityFactory(slug="rahasia", name="Lingkar Lain", description="Komunitas lain.")
    boss = UserFactory(display_name="Rudi Rahasia")
    m = MembershipFactory(user=boss, community=other, role=Membership.Role.ORGANISER)
    thread_create(
        community=other, by=m, title="Rencana kunjungan belajar", body="Kami mempelajari sandi zamrudkuning bersama."
    )
    return other


def test_it_finds_a_session_by_another_affixed_form(organiser, community, outsider) -> None:
    make_meetup(_m(organiser, community), title="Belajar gitar bersama")
    results = search(outsider, "mempelajari", Filters(kind="session"))
    assert results.total == 1
    assert "<mark>Belajar</mark>" in results.hits[0].title


def test_english_words_find_their_forms(organiser, community, outsider) -> None:
    make_meetup(_m(organiser, community), title="Drawing comics together", agenda="We draw and learn.")
    assert search(outsider, "drawings", Filters()).total == 1


def test_another_communitys_thread_is_never_found_counted_or_quoted(other, member, outsider) -> None:
    for who in (member, outsider, None):
        from django.contrib.auth.models import AnonymousUser

        results = search(who or AnonymousUser(), "zamrudkuning", Filters())
        assert results.total == 0 and results.hits == []
        results = search(who or AnonymousUser(), "belajar", Filters(kind="discussion"))
        assert results.total == 0
    boss = Membership.objects.get(community=other).user
    results = search(boss, "zamrudkuning", Filters())
    assert results.total == 1 and "<mark>zamrudkuning</mark>" in results.hits[0].snippet


def test_threads_are_for_members_of_their_community(community, member, minor, outsider) -> None:
    thread_create(
        community=community, by=_m(member, community), title="Akor gitar", body="Bagaimana cara belajar akor?"
    )
    assert search(minor, "akor", Filters()).total == 1
    assert search(outsider, "akor", Filters()).total == 0


def test_an_unlisted_communitys_sessions_are_for_its_members(organiser, community, member, outsider) -> None:
    community.visibility = Community.Visibility.UNLISTED
    community.save()
    make_meetup(_m(organiser, community), title="Belajar gitar tersembunyi")
    assert search(outsider, "tersembunyi", Filters()).total == 0
    assert search(member, "tersembunyi", Filters()).total == 1
    # Making the community public again re-indexes its sessions.
    community.visibility = Community.Visibility.PUBLIC
    community.save()
    assert search(outsider, "tersembunyi", Filters()).total == 1


def test_a_draft_is_for_its_host_and_the_facilitators(community, member, facilitator, minor) -> None:
    make_meetup(_m(member, community), title="Draf gitar rahasia", publish=False)
    assert search(member, "draf", Filters()).total == 1
    assert search(facilitator, "draf", Filters()).total == 1
    assert search(minor, "draf", Filters()).total == 0


def test_a_cancelled_session_is_not_found(organiser, community, outsider) -> None:
    meetup = make_meetup(_m(organiser, community), title="Gitar batal")
    meetup_cancel(meetup=meetup)
    assert search(outsider, "batal", Filters()).total == 0
    assert not Document.objects.filter(kind="session", object_id=meetup.pk).exists()


def test_the_index_follows_edits_and_deletes(organiser, community, member, outsider) -> None:
    meetup = make_meetup(_m(organiser, community), title="Gitar fajar")
    meetup.title = "Gitar senja"
    meetup.save()
    assert search(outsider, "fajar", Filters()).total == 0
    assert search(outsider, "senja", Filters()).total == 1
    meetup.delete()
    assert search(outsider, "senja", Filters()).total == 0
    thread = thread_create(community=community, by=_m(member, community), title="Senar", body="Senar putus lagi.")
    reply = post_reply(thread=thread, by=_m(organiser, community), body="Coba senar nilon kuningan.")
    assert search(member, "kuningan", Filters()).total == 1
    post_hide(post=reply, by=organiser)
    assert search(member, "kuningan", Filters()).total == 0
    thread.delete()
    assert search(member, "senar", Filters()).total == 0


def test_renaming_a_skill_re_indexes_its_sessions(organiser, community, outsider) -> None:
    meetup = make_meetup(_m(organiser, community), title="Sore bersama")
    skill = meetup.skill
    skill.name_id, skill.name_en = "Kaligrafi", "Calligraphy"
    skill.save()
    assert search(outsider, "kaligrafi", Filters()).total == 1
    assert search(outsider, "calligraphy", Filters()).total == 1


def test_filters(organiser, community, outsider) -> None:
    guitar = Skill.objects.get(slug="guitar")
    make_meetup(_m(organiser, community), title="Gitar dasar", level_min=1, level_max=2)
    make_meetup(_m(organiser, community), title="Gitar lanjut", level_min=4, level_max=5)
    assert search(outsider, "gitar", Filters(skill_ids=(guitar.pk,), kind="session")).total == 2
    assert search(outsider, "gitar", Filters(level=5)).total == 1
    assert search(outsider, "gitar", Filters(language="en", kind="session")).total == 0
    assert search(outsider, "gitar", Filters(community_id=community.pk, kind="session")).total == 2
    assert search(outsider, "gitar", Filters(community_id=0)).total == 0
    assert search(outsider, "", Filters(kind="session")).total == 2


def test_an_entry_may_be_a_dict_as_the_materials_give_it() -> None:
    entry = Entry.of(
        {"title": "Modul pecahan", "body": "Mempelajari pecahan", "language": "id", "community_id": None,
         "public": True, "url": "/m/1/", "kind": "material", "skill_ids": [3], "levels": [1, 2], "licence": "CC BY 4.0"},
        kind="material",
    )  # fmt: skip
    fields, text = document_fields(entry)
    assert fields["audience"] == "public" and fields["levels"] == 0b110 and text["stem_body"] == "ajar pecah"


def test_rebuild_restores_a_lost_index(organiser, community, outsider) -> None:
    make_meetup(_m(organiser, community), title="Gitar malam")
    Document.objects.all().delete()
    assert search(outsider, "gitar", Filters()).total == 0
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert search(outsider, "gitar", Filters()).total == 1


def test_the_page_highlights_and_escapes(client, organiser, community) -> None:
    make_meetup(_m(organiser, community), title="Belajar <b>gitar</b>", agenda="<script>x</script> pembelajaran")
    response = client.get(reverse("search:search"), {"q": "mempelajari", "kind": "session"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Belajar</mark> &lt;b&gt;gitar&lt;/b&gt;" in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; <mark>pembelajaran</mark>" in html


def test_the_page_answers_htmx_with_the_results_only(client, organiser, community) -> None:
    make_meetup(_m(organiser, community), title="Belajar gitar")
    response = client.get(reverse("search:search"), {"q": "gitar"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b"Belajar" in response.content


def test_the_api_applies_the_same_rules(client, other, organiser, community, as_user, member) -> None:
    make_meetup(_m(organiser, community), title="Belajar gitar")
    body = client.get("/api/search", {"q": "mempelajari", "kind": "session"}).json()
    assert body["total"] == 1 and body["results"][0]["title"] == "<mark>Belajar</mark> gitar"
    as_user(member)
    assert client.get("/api/search", {"q": "zamrudkuning"}).json()["total"] == 0
    assert client.get("/api/search", {"q": "x", "level": 9}).status_code == 422
    assert client.get("/api/search", {"q": "gitar", "kind": "session", "skill": "guitar"}).json()["total"] == 1


def test_drafts_become_public_when_published(community, member, outsider) -> None:
    meetup = make_meetup(_m(member, community), title="Draf ukulele", publish=False)
    assert search(outsider, "ukulele", Filters()).total == 0
    from sebaya.meetups.services import meetup_publish

    meetup_publish(meetup=meetup)
    meetup.refresh_from_db()
    assert meetup.status == MeetupStatus.PUBLISHED
    assert search(outsider, "ukulele", Filters()).total == 1


def test_many_matches_put_title_matches_first(organiser, community, outsider, monkeypatch) -> None:
    from django.db import connection

    from sebaya.search import backends, queries

    make_meetup(_m(organiser, community), title="Gitar sore", agenda="Kita latihan kunci dasar")
    make_meetup(_m(organiser, community), title="Sore bersama", agenda="Membahas latihan gitar dan lagu")
    make_meetup(_m(organiser, community), title="Sore ketiga", agenda="Latihan ukulele")
    monkeypatch.setattr(backends, "COUNT_LIMIT", 1)
    monkeypatch.setattr(queries, "COUNT_LIMIT", 1)
    results = search(outsider, "gitar", Filters(kind="session"))
    assert results.more and results.total == 1
    # Every session's text names its skill (Gitar). SQLite puts the title match first, then the
    # newest; PostgreSQL lists a broad query's matches newest first (see PostgresBackend).
    if connection.vendor == "postgresql":
        expected = ["Sore ketiga", "Sore bersama", "<mark>Gitar</mark> sore"]
    else:
        expected = ["<mark>Gitar</mark> sore", "Sore ketiga", "Sore bersama"]
    assert [h.title for h in results.hits] == expected
    page2 = search(outsider, "gitar", Filters(kind="session"), page=2, per_page=1)
    assert [h.title for h in page2.hits] == expected[1:2]


@pytest.fixture
def kalimba(organiser, community, member) -> None:
    """Two public sessions about the kalimba (one in its title), one that is not, and a thread for members."""
    make_meetup(_m(organiser, community), title="Kalimba untuk pemula", agenda="Nada dasar")
    make_meetup(_m(organiser, community), title="Sore bersama", agenda="Membawa kalimba sendiri")
    make_meetup(_m(organiser, community), title="Sore lain", agenda="Tanpa alat musik")
    thread_create(community=community, by=_m(member, community), title="Kalimba rahasia", body="Hanya anggota.")


def test_ranking_counts_and_pages_only_what_the_searcher_may_see(kalimba, member, outsider) -> None:
    results = search(outsider, "kalimba", Filters())
    assert (results.total, results.more, results.pages) == (2, False, 1)
    # A title match outranks a match in the text.
    assert [h.title for h in results.hits] == ["<mark>Kalimba</mark> untuk pemula", "Sore bersama"]
    page2 = search(outsider, "kalimba", Filters(), page=2, per_page=1)
    assert (page2.total, page2.pages, [h.title for h in page2.hits]) == (2, 2, ["Sore bersama"])
    past = search(outsider, "kalimba", Filters(), page=5, per_page=1)
    assert (past.total, past.hits) == (2, [])
    assert search(outsider, "kalimba", Filters(kind="discussion")).total == 0
    mine = search(member, "kalimba", Filters())
    assert mine.total == 3 and "<mark>Kalimba</mark> rahasia" in [h.title for h in mine.hits]
    assert search(member, "kalimba", Filters(kind="discussion")).total == 1


def test_a_broad_query_lists_only_visible_matches(kalimba, member, outsider, monkeypatch) -> None:
    from sebaya.search import backends, queries

    monkeypatch.setattr(backends, "COUNT_LIMIT", 1)
    monkeypatch.setattr(queries, "COUNT_LIMIT", 1)
    results = search(outsider, "kalimba", Filters())
    assert results.more and results.total == 1
    assert sorted(h.title for h in results.hits) == ["<mark>Kalimba</mark> untuk pemula", "Sore bersama"]
    mine = search(member, "kalimba", Filters())
    assert mine.more and len(mine.hits) == 3
    assert "<mark>Kalimba</mark> rahasia" in [h.title for h in mine.hits]
    # Past the last visible match there is nothing, whoever asks.
    assert search(outsider, "kalimba", Filters(), page=3, per_page=1).hits == []

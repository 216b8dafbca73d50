from __future__ import annotations

import pytest

from sebaya.materials.models import HelpfulVote, Material, PathProgress
from sebaya.materials.services import path_create, path_step_add
from sebaya.materials.tests.factories import PDF, make_material, upload
from sebaya.meetups.tests.factories import make_meetup
from sebaya.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_it_uploads_a_file_with_multipart(community, member, as_user):
    client = as_user(member)
    response = client.post(
        f"/api/communities/{community.slug}/materials/upload",
        {"file": upload("../../Lembar.pdf"), "title": "Lembar kerja", "skills": ["fractions", "algebra"],
         "licence": "cc-by", "visibility": "public", "level_min": "1", "level_max": "2"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file"]["name"] == "Lembar.pdf" and body["file"]["content_type"] == "application/pdf"
    assert sorted(body["skills"]) == ["algebra", "fractions"] and body["visibility"] == "public"
    download = client.get(body["file"]["download_url"])
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"<html><script>alert(1)</script></html>", 400, "file_type"),
        (PDF + b"\0" * (3 * 1024 * 1024), 413, "too_large"),
    ],
)
def test_it_refuses_a_hostile_upload_with_a_json_error(community, member, as_user, content, status, code):
    response = as_user(member).post(
        f"/api/communities/{community.slug}/materials/upload", {"file": upload("x.pdf", content), "title": "X"}
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not Material.objects.exists()


def test_an_upload_over_the_limit_stops_as_it_arrives(community, member, as_user, spooled):
    # 5 MB against the tests' limit of 2: refused with 413, and no more than the limit of it went
    # on to be kept in memory or spooled to disk, for a new material or a new version of one.
    limit = 2 * 1024 * 1024
    big = PDF + b"\0" * (5 * 1024 * 1024)
    client = as_user(member)
    response = client.post(
        f"/api/communities/{community.slug}/materials/upload", {"file": upload("x.pdf", big), "title": "X"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "2 MB" in response.json()["detail"]
    assert not Material.objects.exists()
    assert 0 < sum(spooled) <= limit
    material = make_material(community, member, kind="file", upload=upload())
    spooled.clear()
    response = client.post(f"/api/materials/{material.pk}/file", {"file": upload("y.pdf", big)})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert sum(spooled) <= limit
    assert material.versions.count() == 1


def test_it_shares_a_note_and_rejects_unknown_fields(community, member, as_user):
    client = as_user(member)
    url = f"/api/communities/{community.slug}/materials"
    bad = client.post(
        url, {"kind": "note", "title": "X", "body": "Y", "colour": "red"}, content_type="application/json"
    )
    assert bad.status_code == 422
    ok = client.post(url, {"kind": "note", "title": "Catatan", "body": "**Isi**"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["body"] == "**Isi**"


def test_a_minor_cannot_share_to_the_public_commons(community, minor, as_user):
    response = as_user(minor).post(
        f"/api/communities/{community.slug}/materials",
        {"kind": "link", "title": "X", "url": "https://example.org", "visibility": "public"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "minor_public"


def test_list_and_detail_follow_the_visibility_rules(community, member, client):
    make_material(community, member, title="Komunitas")
    public = make_material(community, member, title="Publik", visibility="public")
    titles = [m["title"] for m in client.get("/api/materials").json()]
    assert titles == ["Publik"]
    assert client.get(f"/api/materials/{public.pk}").json()["author"] == "Maya Member"


def test_edit_versions_restore_and_delete(community, member, facilitator, as_user):
    m = make_material(community, member)
    url = f"/api/materials/{m.pk}"
    assert as_user(facilitator).patch(url, {"title": "Y"}, content_type="application/json").status_code == 403
    client = as_user(member)
    assert client.patch(url, {"title": "Judul baru"}, content_type="application/json").json()["version"] == 2
    versions = client.get(f"{url}/versions").json()
    assert [(v["number"], v["current"]) for v in versions] == [(2, True), (1, False)]
    restored = client.post(f"{url}/versions/1/restore")
    assert restored.json()["title"] == "Catatan pecahan" and restored.json()["version"] == 3
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_vote_once_and_not_for_oneself(community, member, organiser, as_user):
    m = make_material(community, member)
    url = f"/api/materials/{m.pk}/vote"
    assert as_user(member).put(url, {"helpful": True}, content_type="application/json").json()["code"] == "own_material"
    client = as_user(organiser)
    client.put(url, {"helpful": True}, content_type="application/json")
    assert client.put(url, {"helpful": True}, content_type="application/json").json() == {"helpful": 1, "voted": True}
    assert HelpfulVote.objects.count() == 1


def test_attach_to_a_session_and_list_its_materials(community, member, as_user, client):
    meetup = make_meetup(member.memberships.get(community=community))
    m = make_material(community, member, visibility="public")
    url = f"/api/communities/{community.slug}/sessions/{meetup.pk}/materials"
    assert as_user(member).put(f"{url}/{m.pk}").status_code == 204
    assert [x["id"] for x in client.get(url).json()] == [m.pk]
    assert client.get(f"/api/materials/{m.pk}").json()["sessions_used"] == 1


def test_paths_and_progress(community, facilitator, member, minor, as_user, client):
    path = path_create(
        community=community,
        author=facilitator,
        skill=Skill.objects.get(slug="guitar"),
        title="Gitar",
        visibility="public",
    )
    step = path_step_add(path=path, kind="session", title="Genjreng", level=1)
    path_step_add(path=path, kind="session", title="Lagu pertama", level=2)
    assert [p["title"] for p in client.get("/api/paths").json()] == ["Gitar"]
    url = f"/api/paths/{path.pk}/steps/{step.pk}/progress"
    assert client.put(url, {"done": True}, content_type="application/json").status_code == 401
    response = as_user(minor).put(url, {"done": True}, content_type="application/json")
    assert response.json() == {"done": True, "done_steps": 1, "total_steps": 2}
    detail = as_user(minor).get(f"/api/paths/{path.pk}").json()
    assert [s["done"] for s in detail["step_list"]] == [True, False] and detail["done"] == 1
    assert PathProgress.objects.get().user == minor


def test_the_list_makes_a_fixed_number_of_queries(community, member, client, django_assert_max_num_queries):
    for i in range(10):
        make_material(community, member, title=f"M{i}", visibility="public", skills=[Skill.objects.get(slug="guitar")])
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/materials").json()) == 10


def test_an_unknown_skill_is_refused_with_a_message(community, member, as_user):
    response = as_user(member).post(
        f"/api/communities/{community.slug}/materials",
        {"kind": "note", "title": "X", "body": "Y", "skills": ["no-such-skill"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "skill"
    assert not Material.objects.exists()

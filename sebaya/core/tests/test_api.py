"""The API's contract: documented, JSON errors of one shape, the same rules as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from config.api import api
from sebaya.materials.models import Material
from sebaya.materials.tests.factories import upload

pytestmark = pytest.mark.django_db


def test_the_openapi_document_loads_and_declares_errors(client) -> None:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["info"]["title"] == "Sebaya API"
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert "422" in codes, f"{method} {path} does not document validation errors"
            if {} in op["security"]:
                assert "401" not in codes, f"{method} {path} answers anonymous callers"
            else:
                assert "401" in codes, f"{method} {path} does not document 401"


def test_the_docs_page_is_served_without_a_cdn(client) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert "cdn" not in r.content.decode().lower()


def test_errors_share_one_shape(client, as_user, member, community, outsider) -> None:
    r = client.get("/api/me")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = as_user(outsider).get(f"/api/communities/{community.slug}/members")
    assert r.status_code == 403 and r.json() == {"code": "forbidden", "detail": r.json()["detail"]}
    r = client.get("/api/communities/nope")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = as_user(member).patch(
        f"/api/communities/{community.slug}/me/profile", data={"max_travel_km": "far"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    r = as_user(member).post("/api/communities", data="{not json", content_type="application/json")
    assert r.status_code in (400, 422) and set(r.json()) == {"code", "detail"}


def test_profile_api_uses_the_same_rules_as_the_page(as_user, member, community) -> None:
    client = as_user(member)
    url = f"/api/communities/{community.slug}/me/profile"
    r = client.patch(url, data={"max_sessions": 1, "max_teach": 3}, content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["max_teach"]
    r = client.patch(url, data={"availability": [0, 1, 5000]}, content_type="application/json")
    assert r.status_code == 422
    r = client.patch(
        url, data={"availability": [3, 1, 2], "home_lat": -6.123456, "home_lng": 106.9}, content_type="application/json"
    )
    assert r.status_code == 200
    body = r.json()
    assert body["availability"] == [1, 2, 3] and body["home_lat"] == -6.123


def test_a_members_point_is_never_returned_to_an_organiser(as_user, member, organiser, community) -> None:
    m = member.memberships.get(community=community)
    body = as_user(organiser).get(f"/api/communities/{community.slug}/members/{m.pk}/profile").json()
    assert body["home_lat"] is None and body["home_area"] == "Kemang"
    assert body["teaches"] == [{"skill": "guitar", "name": body["teaches"][0]["name"], "level": 4}]


def test_teach_and_learn_through_the_api(as_user, member, community) -> None:
    client = as_user(member)
    r = client.put(
        f"/api/communities/{community.slug}/me/teach",
        data={"skill": "chess", "level": 4},
        content_type="application/json",
    )
    assert r.status_code == 200 and {"skill": "chess", "name": "Chess", "level": 4} in [
        {**t, "name": "Chess"} for t in r.json()["teaches"]
    ]
    r = client.put(
        f"/api/communities/{community.slug}/me/teach",
        data={"skill": "no-such-skill", "level": 4},
        content_type="application/json",
    )
    assert r.status_code == 404
    r = client.put(
        f"/api/communities/{community.slug}/me/learn",
        data={"skill": "chess", "level": 6},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert client.delete(f"/api/communities/{community.slug}/me/teach/chess").status_code == 204


def test_joining_and_deciding_through_the_api(as_user, organiser, community, outsider) -> None:
    r = as_user(outsider).post(
        f"/api/communities/{community.slug}/join", data={"message": "Halo"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["status"] == "pending"
    r = as_user(outsider).post(f"/api/communities/{community.slug}/join", data={}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "request_open"
    req_id = as_user(organiser).get(f"/api/communities/{community.slug}/join-requests").json()[0]["id"]
    r = as_user(organiser).post(
        f"/api/communities/{community.slug}/join-requests/{req_id}/decision",
        data={"approve": True},
        content_type="application/json",
    )
    assert r.json()["status"] == "approved"
    assert community.memberships.filter(user=outsider).exists()


def test_an_invite_token_joins_through_the_api(as_user, organiser, community, outsider) -> None:
    url = as_user(organiser).post(f"/api/communities/{community.slug}/invites").json()["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    r = as_user(outsider).post(
        f"/api/communities/{community.slug}/join", data={"invite": token}, content_type="application/json"
    )
    assert r.json() == {"status": "member", "request_id": None}
    r = as_user(outsider).post(
        f"/api/communities/{community.slug}/join", data={"invite": "bad"}, content_type="application/json"
    )
    assert r.status_code == 422


def test_last_organiser_conflict_is_a_409(as_user, organiser, community) -> None:
    r = as_user(organiser).delete(f"/api/communities/{community.slug}/membership")
    assert r.status_code == 409 and r.json()["code"] == "last_organiser"


def test_a_community_through_the_api(as_user, outsider) -> None:
    client = as_user(outsider)
    data = {"name": "Kebun Belajar", "slug": "kebun", "city": "Bandung", "description": "Berkebun.", "kind": "ngo"}
    r = client.post("/api/communities", data=data, content_type="application/json")
    assert r.status_code == 201 and r.json()["slug"] == "kebun"
    r = client.post("/api/communities", data=data, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "slug_taken"
    r = client.post("/api/communities", data={**data, "slug": "bad slug!"}, content_type="application/json")
    assert r.status_code == 422


def test_venue_api_validates_like_the_form(as_user, organiser, community) -> None:
    client = as_user(organiser)
    url = f"/api/communities/{community.slug}/venues"
    r = client.post(
        url, data={"name": "Rumah", "kind": "home", "lat": -6.2, "lng": 106.8}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["host"]
    r = client.post(
        url,
        data={"name": "Daring", "kind": "online", "online_url": "https://meet.jit.si/x"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["lat"] is None
    vid = r.json()["id"]
    r = client.patch(f"{url}/{vid}", data={"is_active": False}, content_type="application/json")
    assert r.status_code == 200 and r.json()["is_active"] is False


def test_every_operation_is_in_the_api_object() -> None:
    assert len(api.get_openapi_schema()["paths"]) >= 15


def test_text_holding_a_null_character_is_refused_before_it_reaches_the_database(as_user, member, community) -> None:
    # PostgreSQL refuses such text outright (a 500 if it got that far); SQLite would store it.

    member_client = as_user(member)
    url = f"/api/communities/{community.slug}/materials"
    r = member_client.post(
        url, {"kind": "note", "title": "Catatan", "body": "Isi", "skills": ["\x00"]}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    assert "Null characters are not allowed." in str(r.json()["detail"])
    # In a key too, and in the reader's language.
    r = member_client.post(
        url, {"kind": "note", "title": "Catatan", "body": "Isi", "\x00": 1}, content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
    )  # fmt: skip
    assert r.status_code == 422
    # Form fields and query strings.
    r = member_client.post(f"{url}/upload", {"file": upload("x.pdf"), "title": "Lembar\x00"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["title"]
    # A visitor, whose language comes from the browser.
    r = Client().get("/api/search", {"q": "belajar\x00"}, HTTP_ACCEPT_LANGUAGE="id")
    assert r.status_code == 422
    assert r.json() == {
        "code": "validation_error",
        "detail": [{"loc": ["q"], "msg": "Karakter null tidak diizinkan.", "type": "value_error"}],
    }
    assert not Material.objects.exists()
    # The same text without the character goes through.
    ok = member_client.post(url, {"kind": "note", "title": "Catatan", "body": "Isi"}, content_type="application/json")
    assert ok.status_code == 201

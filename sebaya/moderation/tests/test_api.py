"""Reports and moderation through the JSON API."""

from __future__ import annotations

from conftest import login
from sebaya.meetups.tests.factories import make_meetup
from sebaya.moderation.models import Report


def test_a_member_reports_a_session_and_lists_their_reports(client, community, organiser, member):
    meetup = make_meetup(organiser.memberships.get(community=community))
    c = login(client, member)
    response = c.post(
        f"/api/communities/{community.slug}/reports",
        data={"kind": "session", "object_id": meetup.pk, "reason": "inappropriate", "details": "Rude title."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["target"], body["status"]) == ("session", "Gitar untuk pemula", "open")
    mine = c.get("/api/me/reports").json()
    assert [r["id"] for r in mine] == [body["id"]]


def test_errors_are_json_with_a_code(client, community, member, outsider):
    c = login(client, member)
    m = member.memberships.get()
    url = f"/api/communities/{community.slug}/reports"
    unknown_kind = c.post(
        url, data={"kind": "planet", "object_id": 1, "reason": "spam"}, content_type="application/json"
    )
    assert unknown_kind.status_code == 404 and unknown_kind.json()["code"] == "not_found"
    myself = c.post(url, data={"kind": "member", "object_id": m.pk, "reason": "spam"}, content_type="application/json")
    assert myself.status_code == 400 and myself.json()["code"] == "self_report"
    bad_reason = c.post(url, data={"kind": "member", "object_id": m.pk, "reason": "x"}, content_type="application/json")
    assert bad_reason.status_code == 422
    c = login(client, outsider)
    response = c.post(
        url, data={"kind": "member", "object_id": m.pk, "reason": "spam"}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_moderators_read_the_queue_and_act(client, community, facilitator, member, report_about_member, operator):
    c = login(client, facilitator)
    queue = c.get(f"/api/communities/{community.slug}/reports").json()
    assert [r["id"] for r in queue] == [report_about_member.pk]
    assert queue[0]["details"] == "Maya shouted at the children after the session."
    url = f"/api/moderation/reports/{report_about_member.pk}/actions"
    response = c.post(url, data={"action": "warn", "message": "Be gentle."}, content_type="application/json")
    assert response.status_code == 200 and response.json()["outcome"] == "warned"
    again = c.post(url, data={"action": "dismiss"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_handled"
    assert c.get(f"/api/communities/{community.slug}/reports").json() == []
    assert len(c.get(f"/api/communities/{community.slug}/reports?status=resolved").json()) == 1
    # The instance-wide queue is the operators'.
    assert c.get("/api/moderation/reports").status_code == 403
    assert len(login(client, operator).get("/api/moderation/reports?status=resolved").json()) == 1


def test_the_person_reported_never_reads_the_report(client, member, report_about_member):
    c = login(client, member)
    assert c.get(f"/api/moderation/reports/{report_about_member.pk}/actions").status_code == 405
    response = c.post(
        f"/api/moderation/reports/{report_about_member.pk}/actions",
        data={"action": "dismiss"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Report.objects.get().is_open


def test_the_operations_are_documented():
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    act = paths["/api/moderation/reports/{report_id}/actions"]["post"]["responses"]
    assert {200, 401, 403, 404, 409, 422} <= set(act)
    assert 429 in paths["/api/communities/{slug}/reports"]["post"]["responses"]

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sebaya.materials import services
from sebaya.materials.models import HelpfulVote, LearningPath, Material, PathProgress
from sebaya.materials.services import path_create, path_step_add
from sebaya.materials.tests.factories import PDF, make_material, png_bytes, upload
from sebaya.meetups.tests.factories import make_meetup
from sebaya.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_it_shares_a_file_from_the_form(community, member, as_user):
    client = as_user(member)
    response = client.post(
        reverse("materials:new", args=[community.slug]),
        {
            "kind": "file", "title": "Lembar kerja pecahan", "description": "Untuk level 1.", "language": "id",
            "skills": [Skill.objects.get(slug="fractions").pk], "level_min": 1, "level_max": 2, "licence": "cc-by",
            "visibility": "public", "upload": upload(),
        },
    )  # fmt: skip
    m = Material.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("materials:detail", args=[m.pk])
    assert (m.kind, m.visibility, m.licence, m.author) == ("file", "public", "cc-by", member)


def test_a_bad_upload_is_explained_on_the_form_and_nothing_is_saved(community, member, as_user, settings):
    client = as_user(member)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("materials:new", args=[community.slug]),
        {"kind": "file", "title": "X", "language": "id", "level_min": 1, "level_max": 5, "licence": "cc-by",
         "visibility": "community", "upload": upload("x.pdf", b"<html><script>alert(1)</script></html>")},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 200
    assert "This kind of file cannot be shared" in response.content.decode()
    assert not Material.objects.exists()


def test_a_file_over_the_limit_is_explained_and_the_rest_of_the_form_kept(community, member, as_user, spooled):
    client = as_user(member)
    response = client.post(
        reverse("materials:new", args=[community.slug]),
        {"kind": "file", "title": "Lembar besar", "language": "id", "level_min": 1, "level_max": 5,
         "licence": "cc-by", "visibility": "community", "upload": upload("x.pdf", b"%PDF" + b"\0" * (5 * 1024 * 1024))},
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file is too big: at most 2 MB." in page
    assert 'value="Lembar besar"' in page
    assert not Material.objects.exists()
    assert sum(spooled) <= 2 * 1024 * 1024


def test_the_download_is_an_attachment_with_safe_headers(community, member, client):
    m = make_material(community, member, kind="file", upload=upload("../lembar.pdf"), visibility="public")
    response = client.get(reverse("materials:download", args=[m.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and 'filename="lembar.pdf"' in response["Content-Disposition"]
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    )


def test_a_thumbnail_is_served_as_a_jpeg(community, member, client):
    m = make_material(community, member, kind="file", upload=upload("a.png", png_bytes()), visibility="public")
    response = client.get(reverse("materials:thumbnail", args=[m.pk]))
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_the_outsider_cannot_download_a_community_only_file(community, member, outsider, as_user):
    m = make_material(community, member, kind="file", upload=upload())
    assert as_user(outsider).get(reverse("materials:download", args=[m.pk])).status_code == 404


def test_the_commons_lists_without_a_query_per_material(
    community, member, organiser, client, django_assert_max_num_queries
):
    for i in range(12):
        m = make_material(
            community, member, title=f"Materi {i}", visibility="public", skills=[Skill.objects.get(slug="guitar")]
        )
        HelpfulVote.objects.create(material=m, user=organiser)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("materials:commons"))
    assert len(re.findall(r'href="/materials/\d+/"', response.content.decode())) == 12


def test_the_community_list_hides_community_only_materials_from_visitors(community, member, client):
    make_material(community, member, title="Rahasia komunitas")
    make_material(community, member, title="Untuk semua", visibility="public")
    page = client.get(reverse("materials:community", args=[community.slug])).content.decode()
    assert "Untuk semua" in page and "Rahasia komunitas" not in page


def test_a_vote_counts_once_and_answers_htmx_with_the_box(community, member, organiser, as_user):
    m = make_material(community, member)
    client = as_user(organiser)
    url = reverse("materials:vote", args=[m.pk])
    for _ in range(2):
        response = client.post(url, {"helpful": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert HelpfulVote.objects.filter(material=m).count() == 1
    client.post(url, {"helpful": "no"})
    assert not HelpfulVote.objects.exists()


def test_the_host_attaches_a_material_and_the_session_page_lists_it(community, member, minor, as_user):
    host = member.memberships.get(community=community)
    meetup = make_meetup(host)
    m = make_material(community, member, title="Kunci gitar dasar")
    response = as_user(member).post(reverse("materials:attach", args=[m.pk]), {"meetup": meetup.pk})
    assert response["Location"] == reverse("meetups:detail", args=[community.slug, meetup.pk])
    page = as_user(minor).get(response["Location"]).content.decode()
    assert "Kunci gitar dasar" in page


def test_a_member_who_is_not_the_host_cannot_attach(community, organiser, member, as_user):
    meetup = make_meetup(organiser.memberships.get(community=community))
    m = make_material(community, member)
    response = as_user(member).post(reverse("materials:attach", args=[m.pk]), {"meetup": meetup.pk})
    assert response.status_code == 403
    assert not m.meetup_links.exists()


def test_a_member_follows_a_path_at_her_own_pace(community, facilitator, member, minor, as_user):
    skill = Skill.objects.get(slug="guitar")
    response = as_user(facilitator).post(
        reverse("materials:path_new", args=[community.slug]),
        {"title": "Gitar dari nol", "skill": skill.pk, "level_from": 1, "level_to": 3, "visibility": "community"},
    )
    path = LearningPath.objects.get()
    assert response["Location"] == reverse("materials:path_detail", args=[path.pk])
    material = make_material(community, member, title="Kunci C dan G")
    as_user(facilitator).post(
        reverse("materials:path_step_add", args=[path.pk]), {"kind": "material", "material": material.pk}
    )
    as_user(facilitator).post(
        reverse("materials:path_step_add", args=[path.pk]), {"kind": "session", "title": "Genjreng bersama", "level": 2}
    )
    steps = list(path.steps.all())
    assert [(s.position, s.kind) for s in steps] == [(1, "material"), (2, "session")]
    client = as_user(minor)
    response = client.post(
        reverse("materials:path_tick", args=[path.pk, steps[0].pk]), {"done": "yes"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'value="no"' in response.content.decode()
    assert list(PathProgress.objects.values_list("user", "step")) == [(minor.pk, steps[0].pk)]
    page = client.get(reverse("materials:path_detail", args=[path.pk])).content.decode()
    assert "Genjreng bersama" in page and "Kunci C dan G" in page


def test_a_member_cannot_create_a_path_or_add_steps(community, member, facilitator, as_user):
    assert as_user(member).get(reverse("materials:path_new", args=[community.slug])).status_code == 403
    path = path_create(community=community, author=facilitator, skill=Skill.objects.get(slug="guitar"), title="P")
    response = as_user(member).post(
        reverse("materials:path_step_add", args=[path.pk]), {"kind": "session", "title": "X"}
    )
    assert response.status_code == 403 and not path.steps.exists()


def test_a_public_path_only_takes_public_materials(community, facilitator, member):
    from sebaya.core.errors import ServiceError

    path = path_create(
        community=community, author=facilitator, skill=Skill.objects.get(slug="guitar"), title="P", visibility="public"
    )
    with pytest.raises(ServiceError):
        path_step_add(path=path, kind="material", material=make_material(community, member))


def test_versions_are_for_the_author_and_organisers(community, member, facilitator, as_user):
    m = make_material(community, member)
    assert as_user(facilitator).get(reverse("materials:versions", args=[m.pk])).status_code == 403
    assert as_user(member).get(reverse("materials:versions", args=[m.pk])).status_code == 200


def test_an_earlier_versions_file_downloads_for_the_author_only(community, member, facilitator, as_user):
    m = make_material(community, member, kind="file", upload=upload("lembar.pdf"), visibility="public")
    services.material_update(material=m, by=member, upload=upload("foto.png", png_bytes()))
    url = reverse("materials:version_download", args=[m.pk, 1])
    author = as_user(member)
    assert url in author.get(reverse("materials:versions", args=[m.pk])).content.decode()
    response = author.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment") and "lembar.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # The material is public, but what it said before is only for those who may change it.
    assert as_user(facilitator).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the login page
    author = as_user(member)
    assert author.get(reverse("materials:version_download", args=[m.pk, 9])).status_code == 404
    versions = author.get(f"/api/materials/{m.pk}/versions").json()
    assert [v["download_url"] for v in versions] == [reverse("materials:version_download", args=[m.pk, 2]), url]


def test_the_guardian_sees_the_childs_materials_on_her_page(as_user, guardian, minor, member, community) -> None:
    mine = make_material(community, minor, title="Catatan Ayu tentang pecahan")
    make_material(community, member, title="Catatan orang lain")
    page = as_user(guardian).get(reverse("accounts:child_detail", args=[minor.pk])).content.decode()
    assert "Materials shared" in page and "Catatan Ayu tentang pecahan" in page
    assert reverse("materials:detail", args=[mine.pk]) in page
    assert "Catatan orang lain" not in page

"""The interfaces other parts use: the search entry, personal data, hiding after a report."""

from __future__ import annotations

import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from sebaya.materials import personal_data, services
from sebaya.materials.models import HelpfulVote, Material, MaterialVersion, PathProgress
from sebaya.materials.search import material_entry
from sebaya.materials.tests.factories import PDF, make_material, upload
from sebaya.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_the_search_entry_is_plain_text_with_facets(community, member):
    skill = Skill.objects.get(slug="fractions")
    m = make_material(
        community, member, title="Pecahan", description="**Latihan** dasar", body="# Setengah\n\n<script>x</script> 1/2",
        skills=[skill], level_min=1, level_max=2, visibility="public", language="id",
    )  # fmt: skip
    entry = material_entry(m)
    assert entry == {
        "title": "Pecahan", "body": "Latihan dasar Setengah <script>x</script> 1/2", "language": "id",
        "community_id": community.pk, "public": True, "url": reverse("materials:detail", args=[m.pk]),
        "kind": "note", "skill_ids": [skill.pk], "levels": [1, 2], "licence": "cc-by",
    }  # fmt: skip
    services.material_delete(material=m, by=member)
    m.refresh_from_db()
    assert material_entry(m) is None


def test_hiding_takes_a_material_out_of_the_commons(community, member, organiser, outsider, client):
    m = make_material(community, member, visibility="public")
    services.material_hide(material=m, by=organiser)
    assert client.get(reverse("materials:detail", args=[m.pk])).status_code == 404
    assert material_entry(m)["public"] is False


def test_export_and_files_hold_what_the_member_made(community, member, organiser):
    m = make_material(community, member, kind="file", upload=upload("lembar.pdf"))
    HelpfulVote.objects.create(material=make_material(community, organiser), user=member)
    services.material_update(material=m, by=member, title="Lembar kerja v2")
    data = personal_data.export(member)
    json.dumps(data)
    assert [x["title"] for x in data["materials"]] == ["Lembar kerja v2"]
    assert [v["number"] for v in data["versions_written"]] == [1, 2]
    assert len(data["helpful_votes"]) == 1
    [(path, file)] = personal_data.files(member)
    assert path == f"materials/{m.pk}-lembar.pdf" and file.read() == PDF


def test_erase_removes_community_only_and_keeps_the_public_commons_anonymised(
    community, member, organiser, client, django_capture_on_commit_callbacks
):
    private = make_material(community, member, kind="file", upload=upload(), title="Untuk komunitas")
    public = make_material(community, member, visibility="public", title="Untuk semua")
    services.material_update(material=make_material(community, organiser), by=member, title="Diubah Maya")
    HelpfulVote.objects.create(material=make_material(community, organiser), user=member)
    stored = private.file.name
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(member)
    private.refresh_from_db()
    public.refresh_from_db()
    assert private.deleted_at is not None and not default_storage.exists(stored)
    assert public.deleted_at is None and public.author is None
    assert not MaterialVersion.objects.filter(edited_by=member).exists()
    assert (
        not HelpfulVote.objects.filter(user=member).exists() and not PathProgress.objects.filter(user=member).exists()
    )
    assert personal_data.export(member)["materials"] == []
    page = client.get(reverse("materials:detail", args=[public.pk])).content.decode()
    assert "former member" in page or "mantan anggota" in page
    assert Material.objects.filter(author=member).count() == 0

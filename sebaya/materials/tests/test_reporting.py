from __future__ import annotations

from django.urls import reverse

from sebaya.materials.models import Material
from sebaya.materials.tests.factories import make_material
from sebaya.moderation.models import Report


def test_a_member_reports_a_material_and_a_moderator_hides_it(as_user, community, member, organiser, facilitator):
    material = make_material(community, member, title="Lembar kerja pecahan")
    client = as_user(organiser)
    page = client.get(reverse("materials:detail", args=[material.pk])).content.decode()
    link = reverse("moderation:report", args=[community.slug, "material", material.pk])
    assert link in page
    response = client.post(link, {"reason": "other", "details": "Isinya salah."})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.object_id == material.pk

    client = as_user(facilitator)
    response = client.post(reverse("moderation:report_detail", args=[report.pk]), {"action": "hide", "message": ""})
    assert response.status_code in (200, 302)
    assert Material.objects.get(pk=material.pk).hidden
    # Hidden: only its author and the organisers still see it.
    assert as_user(facilitator).get(reverse("materials:detail", args=[material.pk])).status_code == 404
    assert as_user(member).get(reverse("materials:detail", args=[material.pk])).status_code == 200


def test_a_reader_from_another_community_reports_a_commons_material(as_user, community, member, outsider):
    material = make_material(community, member, title="Lembar kerja umum", visibility=Material.Visibility.PUBLIC)
    link = reverse("moderation:report", args=[community.slug, "material", material.pk])
    client = as_user(outsider)
    assert link in client.get(reverse("materials:detail", args=[material.pk])).content.decode()
    assert client.post(link, {"reason": "other", "details": "Salah hitung."}).status_code == 302
    assert Report.objects.get().reporter == outsider
    # A community-only material stays invisible to them: nothing to report (404), nothing learnt.
    private = make_material(community, member, title="Catatan kelompok")
    response = client.get(reverse("moderation:report", args=[community.slug, "material", private.pk]))
    assert response.status_code == 404
    # Other kinds still need membership of the community.
    response = client.get(reverse("moderation:report", args=[community.slug, "member", member.memberships.get().pk]))
    assert response.status_code == 403

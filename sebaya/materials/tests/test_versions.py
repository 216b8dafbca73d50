from __future__ import annotations

import pytest

from sebaya.core.errors import Conflict
from sebaya.materials import services
from sebaya.materials.models import Material
from sebaya.materials.tests.factories import PDF, make_material, png_bytes, upload
from sebaya.skills.models import Skill

pytestmark = pytest.mark.django_db


def test_each_edit_is_a_version_and_an_old_one_can_be_restored(community, member, organiser):
    m = make_material(community, member, skills=[Skill.objects.get(slug="fractions")])
    services.material_update(
        material=m,
        by=organiser,
        title="Pecahan lanjutan",
        body="Sepertiga = 1/3.",
        skills=[Skill.objects.get(slug="algebra")],
    )
    assert (m.version, m.title) == (2, "Pecahan lanjutan")
    assert list(m.versions.values_list("number", "title", "edited_by")) == [
        (2, "Pecahan lanjutan", organiser.pk),
        (1, "Catatan pecahan", member.pk),
    ]
    services.material_restore(material=m, version=m.versions.get(number=1), by=member)
    m.refresh_from_db()
    assert (m.version, m.title, m.body) == (3, "Catatan pecahan", "Setengah = 1/2.")
    assert list(m.skills.values_list("slug", flat=True)) == ["fractions"]
    assert m.versions.get(number=3).restored_from == 1
    with pytest.raises(Conflict):
        services.material_restore(material=m, version=m.versions.get(number=3), by=member)


def test_a_new_file_keeps_the_old_one_for_its_version(community, member):
    m = make_material(community, member, kind=Material.Kind.FILE, upload=upload())
    first = m.file.name
    services.material_update(material=m, by=member, upload=upload("foto.png", png_bytes()))
    assert m.file.name != first and m.content_type == "image/png" and m.thumbnail
    services.material_restore(material=m, version=m.versions.get(number=1), by=member)
    m.refresh_from_db()
    assert m.file.name == first and m.content_type == "application/pdf" and not m.thumbnail
    assert m.file.read() == PDF

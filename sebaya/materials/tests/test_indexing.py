"""Materials in search: the public commons for everyone, the rest for the community, hidden ones for moderators."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from sebaya.materials.models import Material
from sebaya.materials.services import material_delete, material_hide, material_update
from sebaya.materials.tests.factories import make_material
from sebaya.search.backends import Filters
from sebaya.search.queries import search


def test_a_commons_material_is_found_by_another_word_form_from_anywhere(community, member, outsider) -> None:
    make_material(
        community,
        member,
        title="Lembar kerja pecahan",
        description="Latihan untuk pembelajaran pecahan campuran.",
        visibility=Material.Visibility.PUBLIC,
    )
    for who in (outsider, AnonymousUser()):
        results = search(who, "mempelajari", Filters(kind="material"))
        assert results.total == 1
        assert "<mark>pembelajaran</mark>" in results.hits[0].snippet


def test_a_community_material_is_for_its_members(community, member, facilitator, outsider) -> None:
    make_material(community, member, title="Catatan gitar kelompok", description="Kunci dasar untuk belajar gitar.")
    assert search(outsider, "gitar", Filters(kind="material")).total == 0
    assert search(facilitator, "gitar", Filters(kind="material")).total == 1


def test_edits_hiding_and_deleting_reach_the_index(community, member, organiser, facilitator) -> None:
    material = make_material(community, member, title="Catatan gitar", description="Kunci dasar.")
    material_update(material=material, by=member, title="Catatan ukulele")
    assert search(facilitator, "ukulele", Filters()).total == 1
    assert search(facilitator, "gitar", Filters(kind="material")).total == 0
    material_hide(material=material, by=organiser)
    other_member = community.memberships.exclude(user__in=[member, organiser, facilitator]).first()
    if other_member is not None:
        assert search(other_member.user, "ukulele", Filters()).total == 0
    assert search(member, "ukulele", Filters()).total == 1  # the author still finds it
    material_delete(material=material, by=member)
    assert search(organiser, "ukulele", Filters()).total == 0

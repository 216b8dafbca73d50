"""Threads about a material: of one's own community, or of the public commons from another community."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sebaya.communities.models import Community
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.discussions.models import Thread
from sebaya.materials.models import Material, Visibility
from sebaya.materials.services import material_hide
from sebaya.materials.tests.factories import make_material

from .factories import make_thread


@pytest.fixture
def other(db: Any) -> Community:
    return CommunityFactory(slug="kolektif", name="Kolektif Seni")


def _new(community: Community) -> str:
    return reverse("discussions:new", args=[community.slug])


def test_a_member_of_another_community_discusses_a_public_material(as_user, member, outsider, community, other):
    material = make_material(community, member, title="Lembar pecahan", visibility=Visibility.PUBLIC)
    MembershipFactory(user=outsider, community=other)
    client = as_user(outsider)
    form = client.get(_new(other), {"material": material.pk}).content.decode()
    assert "Lembar pecahan" in form and f'name="material" value="{material.pk}"' in form
    response = client.post(
        _new(other), {"title": "Cara memakai", "body": "Siapa sudah mencoba?", "material": material.pk}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and thread.community == other and thread.material == material
    page = client.get(reverse("discussions:detail", args=[other.slug, thread.pk])).content.decode()
    assert reverse("materials:detail", args=[material.pk]) in page and "Lembar pecahan" in page
    # On the material page: the thread for members of that community, not for the author (not a member there).
    material_page = client.get(reverse("materials:detail", args=[material.pk])).content.decode()
    assert "Cara memakai" in material_page and "Start a thread about this material" in material_page
    assert "Cara memakai" not in as_user(member).get(reverse("materials:detail", args=[material.pk])).content.decode()


def test_a_community_only_material_of_another_community_is_404(as_user, member, outsider, community, other):
    material = make_material(community, member, title="Catatan dalam")
    MembershipFactory(user=outsider, community=other)
    client = as_user(outsider)
    assert client.get(_new(other), {"material": material.pk}).status_code == 404
    r = client.post(_new(other), {"title": "x", "body": "y", "material": material.pk})
    assert r.status_code == 404 and not Thread.objects.exists()
    r = client.post(
        f"/api/communities/{other.slug}/threads",
        {"title": "x", "body": "y", "material": material.pk},
        content_type="application/json",
    )
    assert r.status_code == 404 and not Thread.objects.exists()


def test_the_api_takes_and_returns_the_material(as_user, member, community):
    material = make_material(community, member)
    client = as_user(member)
    r = client.post(
        f"/api/communities/{community.slug}/threads",
        {"title": "Soal 3", "body": "Jawabannya?", "material": material.pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["material"] == material.pk
    listed = client.get(f"/api/communities/{community.slug}/threads", {"material": material.pk}).json()
    assert [t["title"] for t in listed] == ["Soal 3"]


def test_a_member_of_several_communities_picks_one(as_user, member, community, other):
    material = make_material(community, member, visibility=Visibility.PUBLIC)
    MembershipFactory(user=member, community=other)
    client = as_user(member)
    page = client.get(reverse("materials:detail", args=[material.pk])).content.decode()
    assert 'name="community"' in page and "Kolektif Seni" in page
    r = client.get(reverse("discussions:new_about_material"), {"community": other.slug, "material": material.pk})
    assert r.status_code == 302 and r["Location"] == f"{_new(other)}?material={material.pk}"
    # A community they are not in: 403; a material they cannot see: 404.
    stranger = CommunityFactory(slug="asing")
    r = client.get(reverse("discussions:new_about_material"), {"community": stranger.slug, "material": material.pk})
    assert r.status_code == 403
    hidden = make_material(stranger, MembershipFactory(community=stranger).user, title="Rahasia")
    r = client.get(reverse("discussions:new_about_material"), {"community": other.slug, "material": hidden.pk})
    assert r.status_code == 404


def test_a_hidden_material_is_no_longer_named_on_the_thread(as_user, member, facilitator, organiser, community):
    material = make_material(community, organiser, title="Judul yang dilaporkan")
    thread = make_thread(member, community, material=material)
    material_hide(material=material, by=organiser)
    page = as_user(facilitator).get(reverse("discussions:detail", args=[community.slug, thread.pk])).content.decode()
    assert "Judul yang dilaporkan" not in page


def test_deleting_the_material_keeps_the_thread(member, community):
    material = make_material(community, member)
    thread = make_thread(member, community, material=material)
    Material.objects.filter(pk=material.pk).delete()
    thread.refresh_from_db()
    assert thread.material is None and thread.posts.count() == 1

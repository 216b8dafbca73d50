"""Who sees which material: community-only, public commons, hidden, deleted; minors' names and choices."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sebaya.accounts.tests.factories import GuardianshipFactory, UserFactory
from sebaya.communities.permissions import shown_name
from sebaya.communities.tests.factories import CommunityFactory, MembershipFactory
from sebaya.core.errors import ServiceError
from sebaya.materials import services
from sebaya.materials.models import Material
from sebaya.materials.permissions import get_material, get_rw_material, readable_materials
from sebaya.materials.tests.factories import make_material

pytestmark = pytest.mark.django_db


def test_it_shows_a_community_only_material_to_members_and_their_guardians_only(
    community, member, facilitator, minor, guardian, outsider
):
    m = make_material(community, member)
    for who in (member, facilitator, minor):
        assert get_material(who, m.pk) == m
    # A parent who is not a member themselves still sees what their child's community reads.
    parent = UserFactory(email="papa@example.org")
    GuardianshipFactory(guardian=parent, minor=minor)
    assert get_material(parent, m.pk) == m
    from django.contrib.auth.models import AnonymousUser

    for who in (outsider, AnonymousUser()):
        with pytest.raises(Http404):
            get_material(who, m.pk)


def test_it_shows_the_public_commons_to_everyone(community, member, outsider):
    from django.contrib.auth.models import AnonymousUser

    m = make_material(community, member, visibility=Material.Visibility.PUBLIC)
    other = CommunityFactory(slug="lain")
    stranger = UserFactory(email="s@example.org")
    MembershipFactory(user=stranger, community=other)
    for who in (outsider, AnonymousUser(), stranger):
        assert m in readable_materials(who)


def test_only_the_author_and_organisers_change_a_material(community, member, organiser, facilitator, guardian):
    m = make_material(community, member)
    assert get_rw_material(member, m.pk) == m
    assert get_rw_material(organiser, m.pk) == m
    for who in (facilitator, guardian):
        with pytest.raises(PermissionDenied):
            get_rw_material(who, m.pk)


def test_a_hidden_material_is_for_its_author_and_the_organisers(community, member, organiser, facilitator, outsider):
    m = make_material(community, member, visibility=Material.Visibility.PUBLIC)
    services.material_hide(material=m, by=organiser)
    assert get_material(member, m.pk) and get_material(organiser, m.pk)
    for who in (facilitator, outsider):
        with pytest.raises(Http404):
            get_material(who, m.pk)


def test_a_deleted_material_is_gone_for_everyone(community, member):
    m = make_material(community, member)
    services.material_delete(material=m, by=member)
    with pytest.raises(Http404):
        get_material(member, m.pk)


def test_a_minor_shares_only_with_her_community(community, minor):
    with pytest.raises(ServiceError) as e:
        make_material(community, minor, visibility=Material.Visibility.PUBLIC)
    assert e.value.code == "minor_public"
    m = make_material(community, minor)
    with pytest.raises(ServiceError):
        services.material_update(material=m, by=minor, visibility=Material.Visibility.PUBLIC)


def test_a_minor_is_named_by_first_name_and_initial_and_an_erased_author_as_former_member(minor, member):
    assert shown_name(minor, member) == "Ayu P."
    assert shown_name(minor, minor) == "Ayu Pratama Putri"
    from django.utils import translation

    with translation.override("en"):
        assert shown_name(None, member) == "former member"
    with translation.override("id"):
        assert shown_name(None, member) == "mantan anggota"


def test_a_community_only_material_cannot_be_used_in_another_communitys_session(community, member, organiser):
    from sebaya.meetups.tests.factories import make_meetup

    other = CommunityFactory(slug="lain")
    MembershipFactory(user=member, community=other, role="organiser")
    foreign = make_meetup(member.memberships.get(community=other))
    m = make_material(community, member)
    with pytest.raises(ServiceError) as e:
        services.material_attach(material=m, meetup=foreign, by=member)
    assert e.value.code == "not_shareable"
    services.material_update(material=m, by=member, visibility=Material.Visibility.PUBLIC)
    services.material_attach(material=m, meetup=foreign, by=member)
    assert services.sessions_used(m) == 1

from __future__ import annotations

import factory

from sebaya.accounts.tests.factories import UserFactory
from sebaya.communities.models import Community, Membership


class CommunityFactory(factory.django.DjangoModelFactory[Community]):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Komunitas {n}")
    slug = factory.Sequence(lambda n: f"komunitas-{n}")
    kind = Community.Kind.FAMILY_CIRCLE
    city = "Jakarta Selatan"
    description = "Belajar bersama."
    norms = "Saling menghormati."
    visibility = Community.Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    role = Membership.Role.MEMBER
    home_area = "Kemang"
    home_lat = -6.261
    home_lng = 106.813
    availability = factory.LazyFunction(lambda: [70, 71, 72, 73])

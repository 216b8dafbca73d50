from __future__ import annotations

import factory

from sebaya.communities.tests.factories import CommunityFactory
from sebaya.venues.models import Venue


class VenueFactory(factory.django.DjangoModelFactory[Venue]):
    class Meta:
        model = Venue

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"Perpustakaan {n}")
    kind = Venue.Kind.PUBLIC
    address = "Jl. Merdeka 1"
    lat = -6.29
    lng = 106.80
    capacity = 12
    rooms = 1
    minors_ok = True
    opening = factory.LazyFunction(lambda: list(range(70, 80)))

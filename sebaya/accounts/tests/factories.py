from __future__ import annotations

import datetime

import factory

from sebaya.accounts.models import Guardianship, User

PASSWORD = "a-long-test-password-42"


def years_ago(years: int) -> datetime.date:
    today = datetime.date.today()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    birth_date = factory.LazyFunction(lambda: years_ago(35))
    language = "en"
    password = factory.django.Password(PASSWORD)


class MinorFactory(UserFactory):
    email = None
    username = factory.Sequence(lambda n: f"child{n}")
    birth_date = factory.LazyFunction(lambda: years_ago(12))


class GuardianshipFactory(factory.django.DjangoModelFactory[Guardianship]):
    class Meta:
        model = Guardianship

    guardian = factory.SubFactory(UserFactory)
    minor = factory.SubFactory(MinorFactory)

from __future__ import annotations

import pytest
from django.urls import reverse

from sebaya.skills.models import LearnSkill, Skill, TeachSkill

pytestmark = pytest.mark.django_db


def profile_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "home_area": "Cipete",
        "home_lat": "-6.272345",
        "home_lng": "106.801987",
        "max_travel_km": "4",
        "max_sessions": "3",
        "max_teach": "1",
        "availability": ["0", "1", "70"],
        "languages": ["id", "en"],
    }
    data.update(overrides)
    return data


def test_it_saves_availability_and_rounds_the_home_point(as_user, community, member) -> None:
    r = as_user(member).post(reverse("communities:my_profile", args=[community.slug]), profile_form())
    assert r.status_code == 302
    m = member.memberships.get(community=community)
    assert m.availability == [0, 1, 70]
    assert (m.home_lat, m.home_lng) == (-6.272, 106.802)
    assert m.languages == ["id", "en"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"availability": ["0", "500"]}, "availability"),
        ({"availability": ["x"]}, "availability"),
        ({"max_teach": "5", "max_sessions": "2"}, "max_teach"),
        ({"home_lng": ""}, "home_lng"),
        ({"home_lat": "91"}, "home_lat"),
        ({"max_travel_km": "-1"}, "max_travel_km"),
    ],
)
def test_bad_profile_input_is_refused_and_kept(as_user, community, member, overrides, field) -> None:
    r = as_user(member).post(reverse("communities:my_profile", args=[community.slug]), profile_form(**overrides))
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert 'value="Cipete"' in r.content.decode()
    assert member.memberships.get(community=community).home_area == "Kemang"


def test_the_week_grid_shows_the_saved_hours(as_user, community, member) -> None:
    page = as_user(member).get(reverse("communities:my_profile", args=[community.slug])).content.decode()
    # The factory gives slots 70–73 (Saturday 08:00–12:00).
    assert 'value="70" data-day="5" data-hour="8" checked' in page
    assert 'value="69" data-day="4" data-hour="21">' in page


def test_teach_and_learn_are_added_updated_and_removed_with_htmx(as_user, community, member) -> None:
    client = as_user(member)
    chess = Skill.objects.get(slug="chess")
    r = client.post(
        reverse("skills:teach_add", args=[community.slug]),
        {"teach-skill": chess.pk, "teach-level": 3},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "<html" not in r.content.decode()
    client.post(
        reverse("skills:teach_add", args=[community.slug]),
        {"teach-skill": chess.pk, "teach-level": 5},
        HTTP_HX_REQUEST="true",
    )
    item = TeachSkill.objects.get(membership__user=member, skill=chess)
    assert item.level == 5
    client.post(
        reverse("skills:learn_add", args=[community.slug]),
        {"learn-skill": chess.pk, "learn-level": 1, "learn-priority": 3},
    )
    assert LearnSkill.objects.get(membership__user=member, skill=chess).priority == 3
    client.post(reverse("skills:teach_remove", args=[community.slug, item.pk]), HTTP_HX_REQUEST="true")
    assert not TeachSkill.objects.filter(pk=item.pk).exists()


def test_an_invalid_level_is_answered_with_the_form_and_its_error(as_user, community, member) -> None:
    r = as_user(member).post(
        reverse("skills:teach_add", args=[community.slug]),
        {"teach-skill": Skill.objects.get(slug="chess").pk, "teach-level": 9},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 400
    assert "errorlist" in r.content.decode()


def test_another_communitys_own_skill_cannot_be_chosen(as_user, community, member) -> None:
    from sebaya.communities.tests.factories import CommunityFactory

    foreign = Skill.objects.create(
        slug="wayang", name_id="Wayang", name_en="Shadow puppets", community=CommunityFactory()
    )
    r = as_user(member).post(
        reverse("skills:teach_add", args=[community.slug]), {"teach-skill": foreign.pk, "teach-level": 3}
    )
    assert r.status_code == 400
    assert not TeachSkill.objects.filter(skill=foreign).exists()


def test_others_see_skills_but_not_availability(as_user, community, member, facilitator, organiser) -> None:
    m = member.memberships.get(community=community)
    url = reverse("communities:member_detail", args=[community.slug, m.pk])
    page = as_user(facilitator).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Guitar basics" in page and "Free each week" not in page
    page = as_user(organiser).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Free each week" in page and "08:00–12:00" in page
    # Nobody else ever sees the home point.
    assert "106.813" not in page

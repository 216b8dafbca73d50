from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from sebaya.core.errors import ServiceError
from sebaya.meetups import services
from sebaya.meetups.models import Meetup
from sebaya.meetups.tests.factories import make_meetup, soon

pytestmark = pytest.mark.django_db


def test_a_member_schedules_only_sessions_she_hosts(community, member, facilitator) -> None:
    mine = member.memberships.get(community=community)
    other = facilitator.memberships.get(community=community)
    with pytest.raises(ServiceError):
        make_meetup(other, by=mine)
    assert make_meetup(mine).host == mine
    community.members_can_host = False
    community.save()
    mine.refresh_from_db()
    with pytest.raises(ServiceError):
        make_meetup(mine)
    assert make_meetup(mine, by=other).host == mine  # a facilitator may schedule for anyone


def test_a_weekly_series_keeps_the_local_time(community, organiser) -> None:
    community.timezone = "Asia/Makassar"
    community.save()
    host = organiser.memberships.get(community=community)
    created = services.meetup_create(
        by=host, host=host, skill=__import__("sebaya.skills.models", fromlist=["Skill"]).Skill.objects.get(slug="chess"),
        title="Catur", starts_at=soon(30), ends_at=soon(31), online_url="https://meet.jit.si/catur", weeks=8,
    )  # fmt: skip
    assert len(created) == 8 and len({m.series_id for m in created}) == 1
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    assert len({m.starts_at.astimezone(wita).time() for m in created}) == 1
    assert created[-1].starts_at - created[0].starts_at == datetime.timedelta(weeks=7)


def test_editing_the_rest_of_a_series_moves_later_sessions_only(community, organiser) -> None:
    host = organiser.memberships.get(community=community)
    created = make_meetup(host, weeks=4).series.meetups.order_by("starts_at")
    second = created[1]
    services.meetup_update(
        meetup=second,
        occurrences="rest",
        title="Baru",
        starts_at=second.starts_at + datetime.timedelta(hours=1),
        ends_at=second.ends_at + datetime.timedelta(hours=1),
    )
    titles = list(Meetup.objects.filter(series=second.series).order_by("starts_at").values_list("title", flat=True))
    assert titles == ["Gitar untuk pemula", "Baru", "Baru", "Baru"]


def test_the_form_creates_a_session_in_the_communitys_time_zone(as_user, community, organiser, venue) -> None:
    community.timezone = "Asia/Makassar"
    community.save()
    date = soon(72).date()
    r = as_user(organiser).post(
        reverse("meetups:new", args=[community.slug]),
        {
            "title": "Batik tulis", "skill": __import__("sebaya.skills.models", fromlist=["Skill"]).Skill.objects.get(slug="batik").pk,
            "host": organiser.memberships.get(community=community).pk, "date": date.isoformat(), "start": "10:00", "end": "12:00",
            "venue": venue.pk, "online_url": "", "capacity": "", "level_min": "1", "level_max": "5", "agenda": "", "weeks": "1", "publish": "on",
        },
    )  # fmt: skip
    assert r.status_code == 302
    m = Meetup.objects.get(title="Batik tulis")
    assert m.starts_at.astimezone(datetime.UTC).hour == 2  # 10:00 WITA is 02:00 UTC
    assert m.status == "published"
    # A viewer in WIB sees 09:00.
    organiser.timezone = "Asia/Jakarta"
    organiser.save()
    page = as_user(organiser).get(reverse("meetups:detail", args=[community.slug, m.pk])).content.decode()
    assert "09:00–11:00" in page


def test_bad_session_input_re_renders_and_keeps_it(as_user, community, organiser) -> None:
    r = as_user(organiser).post(
        reverse("meetups:new", args=[community.slug]),
        {"title": "Tanpa tempat", "date": soon().date().isoformat(), "start": "10:00", "end": "09:00", "weeks": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert {"end", "venue", "skill"} <= set(errors)
    assert 'value="Tanpa tempat"' in r.content.decode()


def test_drafts_are_invisible_to_other_members(client, as_user, community, organiser, member) -> None:
    m = make_meetup(organiser.memberships.get(community=community), publish=False)
    url = reverse("meetups:detail", args=[community.slug, m.pk])
    assert as_user(member).get(url).status_code == 404
    assert as_user(organiser).get(url).status_code == 200
    services.meetup_publish(meetup=m)
    client.logout()
    assert client.get(url).status_code == 200


def test_a_home_address_is_only_for_those_going(as_user, community, organiser, member, facilitator, home_venue) -> None:
    host = organiser.memberships.get(community=community)
    m = make_meetup(host, venue=home_venue)
    url = reverse("meetups:detail", args=[community.slug, m.pk])
    assert "Jl. Rahasia 7" not in as_user(facilitator).get(url).content.decode()
    services.meetup_rsvp(meetup=m, membership=facilitator.memberships.get(community=community), going=True)
    assert "Jl. Rahasia 7" in as_user(facilitator).get(url).content.decode()
    assert "Jl. Rahasia 7" in as_user(organiser).get(url).content.decode()


def test_attendee_names_only_to_members(client, as_user, community, organiser, member) -> None:
    m = make_meetup(organiser.memberships.get(community=community))
    services.meetup_rsvp(meetup=m, membership=member.memberships.get(community=community), going=True)
    url = reverse("meetups:detail", args=[community.slug, m.pk])
    assert member.display_name not in client.get(url).content.decode()
    assert member.display_name in as_user(organiser).get(url).content.decode()


def test_calendar_week_and_list_and_my_week(
    as_user, community, organiser, member, django_assert_max_num_queries
) -> None:
    host = organiser.memberships.get(community=community)
    m = make_meetup(host, weeks=3)
    services.meetup_rsvp(meetup=m, membership=member.memberships.get(community=community), going=True)
    client = as_user(member)
    week = client.get(reverse("meetups:calendar", args=[community.slug]), {"week": m.starts_at.date().isoformat()})
    assert m.title in week.content.decode()
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("meetups:calendar", args=[community.slug]), {"view": "list"})
    assert listing.content.decode().count("Gitar untuk pemula") == 3
    assert (
        client.get(reverse("meetups:calendar", args=[community.slug]), {"view": "list", "skill": "chess"})
        .content.decode()
        .count("Gitar untuk pemula")
        == 0
    )
    mine = client.get(reverse("meetups:my_week"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gitar untuk pemula" in mine and "Going" in mine

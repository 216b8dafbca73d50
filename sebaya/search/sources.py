"""Sessions and communities in the search index (other apps register their own models)."""

from __future__ import annotations

from django.urls import reverse

from sebaya.communities.models import Community, CommunityVisibility
from sebaya.meetups.models import Meetup, MeetupStatus
from sebaya.skills.models import Skill

from .registry import Entry, register


def community_entry(community: Community) -> Entry:
    """A public community is found by anyone; an unlisted one only by its own members."""
    return Entry(
        kind="community",
        title=community.name,
        body=f"{community.city}\n{community.description}\n{community.norms}",
        url=reverse("communities:detail", args=[community.slug]),
        community_id=community.pk,
        public=community.visibility == CommunityVisibility.PUBLIC,
    )


def meetup_entry(meetup: Meetup) -> Entry | None:
    """A published or past session is found like its community; a draft only by those who may
    change it; a cancelled one not at all (it stays in the community's calendar)."""
    if meetup.status == MeetupStatus.CANCELLED:
        return None
    community = meetup.community
    skill = meetup.skill
    draft = meetup.status == MeetupStatus.DRAFT
    return Entry(
        kind="session",
        title=meetup.title,
        # The skill's names in both languages, so that "guitar" finds "Gitar untuk pemula". Never the
        # venue's address or the online link: those are for participants only.
        body=f"{skill.name_id} · {skill.name_en}\n{meetup.agenda}",
        url=reverse("meetups:detail", args=[community.slug, meetup.pk]),
        community_id=community.pk,
        public=not draft and community.visibility == CommunityVisibility.PUBLIC,
        staff_only=draft,
        owner_id=meetup.host.user_id if draft and meetup.host is not None else None,
        skill_ids=(meetup.skill_id,),
        levels=tuple(range(meetup.level_min, meetup.level_max + 1)),
    )


register(Community, kind="community", entry=community_entry)
register(
    Meetup,
    kind="session",
    entry=meetup_entry,
    # A session's entry holds its community's visibility and its skill's names: renaming a skill
    # re-indexes its sessions.
    also={
        Community: lambda community: community.meetups.select_related("community", "skill", "host"),
        Skill: lambda skill: skill.meetups.select_related("community", "skill", "host"),
    },
)

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from sebaya.core.api import Body, Count, Flag, Number, TimeZone

from .models import CommunityKind, CommunityVisibility, JoinRequestStatus, MembershipRole

SLUG = r"^[-a-zA-Z0-9_]+$"


class CommunityOut(Schema):
    slug: str
    name: str
    kind: CommunityKind
    city: str
    description: str
    norms: str
    visibility: CommunityVisibility
    timezone: str
    members_can_host: bool
    created_at: datetime


class CommunityIn(Body):
    name: str = Field(min_length=1, max_length=100)
    slug: str = Field(min_length=1, max_length=60, pattern=SLUG)
    kind: CommunityKind = CommunityKind.FAMILY_CIRCLE
    city: str = Field(min_length=1, max_length=80)
    description: str = Field(min_length=1, max_length=20000)
    norms: str = Field("", max_length=20000)
    visibility: CommunityVisibility = CommunityVisibility.PUBLIC
    timezone: TimeZone = "Asia/Jakarta"
    members_can_host: Flag = True


class CommunityPatch(Body):
    name: str | None = Field(None, min_length=1, max_length=100)
    kind: CommunityKind | None = None
    city: str | None = Field(None, min_length=1, max_length=80)
    description: str | None = Field(None, min_length=1, max_length=20000)
    norms: str | None = Field(None, max_length=20000)
    visibility: CommunityVisibility | None = None
    timezone: TimeZone | None = None
    members_can_host: Flag | None = None


class SkillLevelOut(Schema):
    skill: str
    name: str
    level: int


class LearnWishOut(SkillLevelOut):
    priority: int


class MemberOut(Schema):
    id: int
    name: str
    role: MembershipRole
    is_minor: bool
    teaches: list[SkillLevelOut]
    learns: list[LearnWishOut]


class RoleIn(Body):
    role: MembershipRole


class JoinIn(Body):
    message: str = Field("", max_length=1000)
    invite: str | None = Field(None, max_length=64, description="An invite token: joins at once instead of asking.")


class JoinOut(Schema):
    status: str = Field(description="`member` when joined, otherwise the join request's status.")
    request_id: int | None = None


class JoinRequestOut(Schema):
    id: int
    user_name: str
    message: str
    status: JoinRequestStatus
    created_at: datetime


class DecisionIn(Body):
    approve: Flag


class InviteOut(Schema):
    id: int
    url: str
    expires_at: datetime


class ProfileOut(Schema):
    """A member's planning profile. Coordinates are only ever returned to the member themself."""

    home_area: str
    home_lat: float | None = None
    home_lng: float | None = None
    max_travel_km: float
    max_sessions: int
    max_teach: int
    availability: list[int] = Field(description="Weekly one-hour slots: day × 14 + (hour − 8), Monday = day 0.")
    languages: list[str]
    teaches: list[SkillLevelOut]
    learns: list[LearnWishOut]


class ProfileIn(Body):
    home_area: str | None = Field(None, max_length=100)
    home_lat: Number | None = Field(None, ge=-90, le=90)
    home_lng: Number | None = Field(None, ge=-180, le=180)
    max_travel_km: Number | None = Field(None, ge=0, le=100)
    max_sessions: Count | None = Field(None, ge=0, le=20)
    max_teach: Count | None = Field(None, ge=0, le=20)
    availability: list[Count] | None = Field(None, max_length=98)
    languages: list[str] | None = Field(None, max_length=6)


class TeachIn(Body):
    skill: str = Field(min_length=1, max_length=60, pattern=SLUG)
    level: Count = Field(ge=1, le=5)


class LearnIn(TeachIn):
    priority: Count = Field(2, ge=1, le=3)

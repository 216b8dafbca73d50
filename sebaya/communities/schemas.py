from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from .models import Community, JoinRequest, Membership

SLUG = r"^[-a-zA-Z0-9_]+$"


class CommunityOut(Schema):
    slug: str
    name: str
    kind: Community.Kind
    city: str
    description: str
    norms: str
    visibility: Community.Visibility
    created_at: datetime


class CommunityIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    slug: str = Field(min_length=1, max_length=60, pattern=SLUG)
    kind: Community.Kind = Community.Kind.FAMILY_CIRCLE
    city: str = Field(min_length=1, max_length=80)
    description: str = Field(min_length=1, max_length=20000)
    norms: str = Field("", max_length=20000)
    visibility: Community.Visibility = Community.Visibility.PUBLIC


class CommunityPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=100)
    kind: Community.Kind | None = None
    city: str | None = Field(None, min_length=1, max_length=80)
    description: str | None = Field(None, min_length=1, max_length=20000)
    norms: str | None = Field(None, max_length=20000)
    visibility: Community.Visibility | None = None


class SkillLevelOut(Schema):
    skill: str
    name: str
    level: int


class LearnWishOut(SkillLevelOut):
    priority: int


class MemberOut(Schema):
    id: int
    name: str
    role: Membership.Role
    is_minor: bool
    teaches: list[SkillLevelOut]
    learns: list[LearnWishOut]


class RoleIn(Schema):
    role: Membership.Role


class JoinIn(Schema):
    message: str = Field("", max_length=1000)
    invite: str | None = Field(None, max_length=64, description="An invite token: joins at once instead of asking.")


class JoinOut(Schema):
    status: str = Field(description="`member` when joined, otherwise the join request's status.")
    request_id: int | None = None


class JoinRequestOut(Schema):
    id: int
    user_name: str
    message: str
    status: JoinRequest.Status
    created_at: datetime


class DecisionIn(Schema):
    approve: bool


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


class ProfileIn(Schema):
    home_area: str | None = Field(None, max_length=100)
    home_lat: float | None = Field(None, ge=-90, le=90)
    home_lng: float | None = Field(None, ge=-180, le=180)
    max_travel_km: float | None = Field(None, ge=0, le=100)
    max_sessions: int | None = Field(None, ge=0, le=20)
    max_teach: int | None = Field(None, ge=0, le=20)
    availability: list[int] | None = Field(None, max_length=98)
    languages: list[str] | None = Field(None, max_length=6)


class TeachIn(Schema):
    skill: str = Field(min_length=1, max_length=60, pattern=SLUG)
    level: int = Field(ge=1, le=5)


class LearnIn(TeachIn):
    priority: int = Field(2, ge=1, le=3)

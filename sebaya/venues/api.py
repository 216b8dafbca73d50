from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from sebaya.communities.models import Community
from sebaya.communities.permissions import get_community, get_member_community, get_organised_community
from sebaya.core.api import READ, WRITE, Body, Count, Flag, Number
from sebaya.core.errors import InvalidInput

from .forms import VenueForm
from .models import Venue, VenueKind
from .permissions import can_see_address, get_rw_venue_for_user, get_venue_for_user, venues_for

router = Router(tags=["venues"])


class VenueOut(Schema):
    id: int
    name: str
    kind: VenueKind
    address: str | None = Field(
        description="Null when the caller may not see it (a home's address is for its host and organisers)."
    )
    lat: float | None
    lng: float | None
    online_url: str
    capacity: int
    rooms: int
    opening: list[int]
    minors_ok: bool
    notes: str
    host: int | None = Field(description="The hosting membership's id, for a home.")
    is_active: bool


class VenueIn(Body):
    name: str = Field(min_length=1, max_length=100)
    kind: VenueKind = VenueKind.PUBLIC
    address: str = Field("", max_length=255)
    lat: Number | None = Field(None, ge=-90, le=90)
    lng: Number | None = Field(None, ge=-180, le=180)
    online_url: str = Field("", max_length=200)
    capacity: Count = Field(10, ge=2, le=500)
    rooms: Count = Field(1, ge=1, le=50)
    opening: list[Count] = Field(default_factory=list, max_length=98)
    minors_ok: Flag = False
    notes: str = Field("", max_length=5000)
    host: Count | None = None
    is_active: Flag = True


class VenuePatch(Body):
    name: str | None = Field(None, min_length=1, max_length=100)
    kind: VenueKind | None = None
    address: str | None = Field(None, max_length=255)
    lat: Number | None = Field(None, ge=-90, le=90)
    lng: Number | None = Field(None, ge=-180, le=180)
    online_url: str | None = Field(None, max_length=200)
    capacity: Count | None = Field(None, ge=2, le=500)
    rooms: Count | None = Field(None, ge=1, le=50)
    opening: list[Count] | None = Field(None, max_length=98)
    minors_ok: Flag | None = None
    notes: str | None = Field(None, max_length=5000)
    host: Count | None = None
    is_active: Flag | None = None


FIELDS = [
    "name",
    "kind",
    "address",
    "lat",
    "lng",
    "online_url",
    "capacity",
    "rooms",
    "opening",
    "minors_ok",
    "notes",
    "host",
    "is_active",
]


def _out(venue: Venue, show_address: bool) -> dict[str, Any]:
    out = model_to_dict(venue, fields=FIELDS)
    out["id"] = venue.pk
    if not show_address:
        out["address"] = out["lat"] = out["lng"] = None
    return out


def _save(community: Community, data: dict[str, Any], instance: Venue | None = None) -> Venue:
    # The page's form validates the API too, so both refuse exactly the same input.
    form = VenueForm(data={k: "" if v is None else v for k, v in data.items()}, instance=instance, community=community)
    if not form.is_valid():
        raise InvalidInput.from_form(form)
    return form.save()


@router.get(
    "/communities/{slug}/venues", response={200: list[VenueOut], **READ}, summary="Where the community meets (members)"
)
def venue_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    _community, viewer = get_member_community(request.user, slug)
    return [_out(v, can_see_address(viewer, v)) for v in venues_for(viewer).order_by("name")]


@router.post("/communities/{slug}/venues", response={201: VenueOut, **WRITE}, summary="Add a venue (organisers)")
def venue_create(request: HttpRequest, slug: str, payload: VenueIn) -> Status[dict[str, Any]]:
    community, _m = get_organised_community(request.user, slug)
    return Status(201, _out(_save(community, payload.model_dump()), True))


@router.get("/communities/{slug}/venues/{venue_id}", response={200: VenueOut, **READ}, summary="A venue (members)")
def venue_get(request: HttpRequest, slug: str, venue_id: int) -> dict[str, Any]:
    venue, viewer = get_venue_for_user(request.user, get_community(slug), venue_id)
    return _out(venue, can_see_address(viewer, venue))


@router.patch(
    "/communities/{slug}/venues/{venue_id}",
    response={200: VenueOut, **WRITE},
    summary="Change a venue (organisers, a home's host)",
)
def venue_update(request: HttpRequest, slug: str, venue_id: int, payload: VenuePatch) -> dict[str, Any]:
    community = get_community(slug)
    venue, _viewer = get_rw_venue_for_user(request.user, community, venue_id)
    data = model_to_dict(venue, fields=FIELDS)
    data.update(payload.model_dump(exclude_unset=True))
    return _out(_save(community, data, venue), True)

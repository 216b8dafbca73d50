"""The benchmark's carved communities: valid instances of the people nearest a point."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from bench.carve import VENUE_KM, carve
from planner.geo import km
from planner.io import instance_from_dict
from planner.tests.conftest import shared_dir


@pytest.fixture(scope="module")
def city() -> dict[str, Any]:
    """The shared 2,000-person sample."""
    path = shared_dir() / "planner" / "instances" / "district-2000-seed4.json"
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def test_a_carved_community_is_a_valid_instance_of_the_people_nearest_a_member(city: dict[str, Any]) -> None:
    before = copy.deepcopy(city)
    part = carve(city, 200, seed=3)
    assert city == before
    # Every reference resolves: the reader refuses unknown people, guardians and venues.
    inst = instance_from_dict(part)
    people = {p["id"]: p for p in part["people"]}
    assert len(inst.people) == len(people) == 200
    for p in people.values():
        if p.get("minor"):
            assert set(p["guardians"]) <= set(people)
    # Nearest first: the first person left out comes near the end of the 200 nearest, and the
    # farthest person kept soon after them (a family that would overflow is left out).
    order = sorted(city["people"], key=lambda p: (km(part["generator"]["centre"], p["home"]), p["id"]))
    first_out = next(i for i, p in enumerate(order) if p["id"] not in people)
    assert first_out >= 200 - 10
    assert max(i for i, p in enumerate(order) if p["id"] in people) < 200 + 10


def test_a_carved_community_keeps_only_the_venues_and_sessions_its_people_can_use(city: dict[str, Any]) -> None:
    part = carve(city, 200, seed=2)
    homes = [p["home"] for p in part["people"]]
    kept = {v["id"] for v in part["venues"]}
    for v in city["venues"]:
        if v["kind"] == "online":
            assert v["id"] in kept
        elif v["kind"] == "home":
            assert (v["id"] in kept) == (v["location"] in homes)
        else:
            assert (v["id"] in kept) == any(km(v["location"], h) <= VENUE_KM for h in homes)
    assert 0 < len(kept) < len(city["venues"])
    ids = {p["id"] for p in part["people"]}
    for key in ("pinned", "previous"):
        dropped = [s for s in city[key] if s not in part[key]]
        assert all(s["venue"] in kept and {s["teacher"], *s["learners"]} <= ids for s in part[key])
        assert all(s["venue"] not in kept or not {s["teacher"], *s["learners"]} <= ids for s in dropped)
    # Previous sessions of the carved people stay with them (the sample's seed 2 keeps ten).
    assert part["previous"]


def test_a_cut_through_a_family_keeps_its_minors_guardians(city: dict[str, Any]) -> None:
    # A family shares one home point, so some of these cuts fall between a child and a parent.
    for people in range(190, 210):
        part = carve(city, people, seed=1)
        ids = {p["id"] for p in part["people"]}
        assert len(ids) == people
        assert all(set(p["guardians"]) <= ids for p in part["people"] if p.get("minor"))
        instance_from_dict(part)


def test_the_seed_chooses_the_community_and_the_same_seed_the_same_one(city: dict[str, Any]) -> None:
    assert carve(city, 150, seed=4) == carve(city, 150, seed=4)
    one = {p["id"] for p in carve(city, 150, seed=4)["people"]}
    other = {p["id"] for p in carve(city, 150, seed=5)["people"]}
    assert one != other

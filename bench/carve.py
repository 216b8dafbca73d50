"""Communities carved out of a larger instance, to benchmark the planner on their shape.

A carved community is the people who live nearest to one member's home (each minor with their
guardians), and the venues they could use there: their own homes, the online venues, and the
cafés and public places within ``VENUE_KM`` of one of their homes. Sessions pinned or kept from
last week stay when all of their people and their venue do. Carved from the shared 2,000-person sample,
a 200-person community is shaped like the shared 200-person one (a few neighbourhoods a few
kilometres across, about eight venues per hundred people), where the generated cities of
:mod:`bench.citygen` are shaped by its own rules.

Usage: python bench/carve.py INSTANCE.json PEOPLE [--seed N] [-o FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.geo import km  # noqa: E402

# Cafés and public places within this distance of a carved member's home stay: on the shared
# 2,000-person sample, 200 people then keep 9 to 15 venues (seeds 1 to 6; the 200-person sample
# has 16).
VENUE_KM = 0.3


def carve(instance: dict[str, Any], people: int, seed: int) -> dict[str, Any]:
    """``people`` members living nearest to a member drawn with ``seed``, each minor with their
    guardians, and the venues and sessions they keep; ``instance`` is not changed."""
    everyone = instance["people"]
    centre = everyone[random.Random(seed).randrange(len(everyone))]["home"]
    by_id = {p["id"]: p for p in everyone}
    # Nearest first, each minor with their guardians; a family that would overflow is left out.
    kept: set[str] = set()
    for p in sorted(everyone, key=lambda p: (km(centre, p["home"]), p["id"])):
        family = {p["id"], *(p.get("guardians", []) if p.get("minor") else [])} - kept
        if len(kept) + len(family) <= people:
            kept |= family
        if len(kept) == people:
            break
    homes = [by_id[i]["home"] for i in kept]
    home_points = {tuple(h) for h in homes}

    def keeps(v: dict[str, Any]) -> bool:
        if v["kind"] == "online":
            return True
        if v["kind"] == "home":
            return tuple(v["location"]) in home_points
        return any(km(v["location"], h) <= VENUE_KM for h in homes)

    venues = [v for v in instance["venues"] if keeps(v)]
    venue_ids = {v["id"] for v in venues}

    def stays(s: dict[str, Any]) -> bool:
        return s["venue"] in venue_ids and s["teacher"] in kept and all(ln in kept for ln in s["learners"])

    out = dict(instance)
    out["people"] = [p for p in everyone if p["id"] in kept]
    out["venues"] = venues
    out["pinned"] = [s for s in instance.get("pinned", []) if stays(s)]
    out["previous"] = [s for s in instance.get("previous", []) if stays(s)]
    out["generator"] = {
        "tool": "bench/carve.py",
        "from": instance.get("generator"),
        "people": people,
        "seed": seed,
        "centre": centre,
    }
    return out


def main(argv: list[str] | None = None) -> int:
    """Write one carved community as JSON."""
    ap = argparse.ArgumentParser(description="Carve a community out of a planner instance.")
    ap.add_argument("instance", type=Path)
    ap.add_argument("people", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", type=Path, default=None)
    args = ap.parse_args(argv)
    text = json.dumps(carve(json.loads(args.instance.read_text(encoding="utf-8")), args.people, args.seed))
    if args.output is None:
        print(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

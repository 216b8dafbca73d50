"""Generate realistic Jakarta-like planner instances of any size (seeded, reproducible).

People live in neighbourhood clusters (kelurahan-sized, a few hundred metres across) around
real Jakarta areas; families share one home point, with school-age children who are minors
and list their parents as guardians. Adults are free on weekday evenings and weekends,
children after school and at weekends. Skills follow a long-tailed popularity curve. Venues
are members' homes, cafés, public places (RPTRA, libraries, parks) and one online room.

Usage: python bench/citygen.py SIZE [--seed N] [-o FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from typing import Any

AREAS = [
    ("Menteng", -6.1960, 106.8300),
    ("Tebet", -6.2260, 106.8540),
    ("Kebayoran", -6.2440, 106.7990),
    ("Cempaka-Putih", -6.1780, 106.8700),
    ("Grogol", -6.1640, 106.7900),
    ("Kemang", -6.2600, 106.8140),
    ("Duren-Sawit", -6.2330, 106.9100),
    ("Kelapa-Gading", -6.1580, 106.9050),
    ("Cilandak", -6.2850, 106.7950),
    ("Pasar-Minggu", -6.2850, 106.8440),
    ("Palmerah", -6.2000, 106.7970),
    ("Matraman", -6.2050, 106.8600),
    ("Senen", -6.1770, 106.8430),
    ("Tanjung-Priok", -6.1210, 106.8800),
    ("Cengkareng", -6.1500, 106.7350),
    ("Jatinegara", -6.2150, 106.8700),
]
SKILLS = [
    ("bahasa-inggris", "Bahasa Inggris", 1),
    ("matematika", "Matematika SD", 1),
    ("gitar", "Gitar dasar", 2),
    ("masak-nusantara", "Masak Nusantara", 2),
    ("python", "Python dasar", 2),
    ("spreadsheet", "Spreadsheet", 1),
    ("jahit", "Menjahit", 2),
    ("fotografi-ponsel", "Fotografi ponsel", 1),
    ("bahasa-arab", "Bahasa Arab", 1),
    ("mengaji", "Mengaji", 1),
    ("pencak-silat", "Pencak silat", 2),
    ("batik", "Membatik", 2),
    ("public-speaking", "Public speaking", 1),
    ("desain-grafis", "Desain grafis", 2),
    ("catur", "Catur", 1),
    ("kompos", "Membuat kompos", 2),
    ("bahasa-jepang", "Bahasa Jepang", 1),
    ("keuangan", "Keuangan keluarga", 1),
    ("angklung", "Angklung", 1),
    ("tari-saman", "Tari Saman", 2),
    ("scratch", "Scratch untuk anak", 1),
    ("robotika", "Robotika", 2),
    ("kaligrafi", "Kaligrafi", 1),
    ("berkebun", "Berkebun kota", 2),
    ("video-editing", "Edit video", 2),
    ("bahasa-korea", "Bahasa Korea", 1),
    ("menulis-kreatif", "Menulis kreatif", 1),
    ("pertolongan-pertama", "Pertolongan pertama", 2),
    ("servis-motor", "Servis motor", 2),
    ("yoga", "Yoga", 1),
]
NAMES = [
    "ayu",
    "budi",
    "citra",
    "dewi",
    "eko",
    "fajar",
    "gita",
    "hendra",
    "intan",
    "joko",
    "kirana",
    "lestari",
    "made",
    "nanda",
    "oki",
    "putri",
    "rahmat",
    "sari",
    "taufik",
    "umar",
    "vina",
    "wahyu",
    "yuni",
    "zainal",
    "agus",
    "bagus",
    "dian",
    "fitri",
    "gilang",
    "laras",
    "melati",
    "nyoman",
    "reza",
    "siti",
    "tono",
    "wulan",
]
SPD, DAYS = 14, 7


def _ranges(slots: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for s in sorted(set(slots)):
        if out and out[-1][1] == s:
            out[-1][1] = s + 1
        else:
            out.append([s, s + 1])
    return out


def _availability(rng: random.Random, child: bool) -> list[list[int]]:
    slots: list[int] = []
    for day in range(DAYS):
        weekend = day >= 5
        if weekend:
            if rng.random() < 0.7:
                a = rng.randint(0, 8)
                slots += [day * SPD + h for h in range(a, min(SPD, a + rng.randint(2, 5)))]
        elif child:
            if rng.random() < 0.45:
                a = rng.randint(6, 8)  # after school, 14:00–16:00 start
                slots += [day * SPD + h for h in range(a, a + rng.randint(2, 3))]
        elif rng.random() < 0.5:
            a = rng.randint(10, 11)  # evenings, 18:00–19:00 start
            slots += [day * SPD + h for h in range(a, min(SPD, a + rng.randint(2, 3)))]
    return _ranges(slots)


def generate(size: int, seed: int) -> dict[str, Any]:
    """A ``sebaya-instance/1`` object with ``size`` people."""
    rng = random.Random(seed)
    n_skills = min(len(SKILLS), max(8, int(6 + 4 * math.log2(max(size, 2)))))
    skills = []
    for i, (sid, name, dur) in enumerate(SKILLS[:n_skills]):
        lo = rng.choice([1, 1, 1, 2])
        skills.append(
            {
                "id": sid,
                "name": name,
                "duration": dur,
                "min_group": lo,
                "max_group": rng.randint(max(lo, 3), 8),
                "category": "umum",
                "rank": i,
            }
        )
    # Zipf-like popularity: the first skills are wanted far more than the tail.
    weights = [1.0 / (i + 1) ** 0.9 for i in range(n_skills)]
    n_clusters = max(1, size // 60)
    clusters = []
    for c in range(n_clusters):
        name, lat, lon = AREAS[c % len(AREAS)]
        spread = 0.02 * (1 + c // len(AREAS))
        clusters.append((f"{name}-{c}", lat + rng.uniform(-spread, spread), lon + rng.uniform(-spread, spread)))

    people: list[dict[str, Any]] = []
    ids: set[str] = set()
    homes: list[tuple[float, float, str]] = []
    counter: dict[str, int] = {}

    def pid(base: str) -> str:
        """A fresh person id from a first name: ``name-1``, ``name-2``, ..."""
        counter[base] = counter.get(base, 0) + 1
        return f"{base}-{counter[base]}"

    while len(people) < size:
        area, clat, clon = clusters[rng.randrange(n_clusters)]
        home = [round(clat + rng.gauss(0, 0.004), 6), round(clon + rng.gauss(0, 0.004), 6)]
        adults = [pid(rng.choice(NAMES)) for _ in range(1 if rng.random() < 0.4 else 2)]
        kids = [pid(rng.choice(NAMES)) for _ in range(rng.choice([0, 0, 1, 1, 2]))]
        for who in adults + kids:
            if len(people) >= size:
                break
            child = who in kids
            teach = []
            for s in rng.sample(range(n_skills), rng.choice([0, 1, 1, 2, 2, 3])):
                teach.append({"skill": skills[s]["id"], "level": rng.choice([2, 3, 3, 4, 4, 5])})
            taught = {t["skill"] for t in teach}
            learn = []
            for s in sorted(set(rng.choices(range(n_skills), weights=weights, k=rng.randint(1, 4)))):
                if skills[s]["id"] not in taught:
                    learn.append(
                        {
                            "skill": skills[s]["id"],
                            "level": rng.choice([1, 1, 1, 2, 3]),
                            "priority": rng.choice([1, 2, 2, 3]),
                        }
                    )
            people.append(
                {
                    "id": who,
                    "name": who.split("-")[0].title(),
                    "minor": child,
                    "guardians": [a for a in adults if a in ids] if child else [],
                    "home": home,
                    "max_travel_km": 2.0 if child else rng.choice([2.0, 3.0, 3.0, 4.0, 5.0]),
                    "available": _availability(rng, child),
                    "max_sessions": rng.randint(1, 4),
                    "max_teach": rng.choice([1, 1, 2]),
                    "teach": teach,
                    "learn": learn,
                    "area": area,
                }
            )
            ids.add(who)
            if not child and rng.random() < 0.15:
                homes.append((home[0], home[1], who))

    venues: list[dict[str, Any]] = []
    for lat, lon, owner in homes:
        venues.append(
            {
                "id": f"rumah-{owner}",
                "name": f"Rumah {owner.split('-')[0].title()}",
                "kind": "home",
                "location": [lat, lon],
                "capacity": rng.randint(3, 7),
                "rooms": 1,
                "open": _availability(rng, False),
                "minors_ok": rng.random() < 0.8,
            }
        )
    for c, (area, clat, clon) in enumerate(clusters):
        for k in range(rng.randint(1, 2)):
            venues.append(
                {
                    "id": f"kafe-{c}-{k}",
                    "name": f"Kopi {area}",
                    "kind": "cafe",
                    "location": [round(clat + rng.gauss(0, 0.005), 6), round(clon + rng.gauss(0, 0.005), 6)],
                    "capacity": rng.randint(6, 10),
                    "rooms": rng.choice([1, 2]),
                    "open": [[d * SPD + 2, d * SPD + SPD] for d in range(DAYS)],
                    "minors_ok": rng.random() < 0.7,
                }
            )
        venues.append(
            {
                "id": f"rptra-{c}",
                "name": f"RPTRA {area}",
                "kind": "public",
                "location": [round(clat + rng.gauss(0, 0.004), 6), round(clon + rng.gauss(0, 0.004), 6)],
                "capacity": rng.randint(12, 20),
                "rooms": 2,
                "open": [[d * SPD, d * SPD + 13] for d in range(DAYS)],
                "minors_ok": True,
            }
        )
    venues.append(
        {
            "id": "daring",
            "name": "Ruang daring",
            "kind": "online",
            "capacity": 19,
            "rooms": 1,
            "open": [[0, SPD * DAYS]],
            "minors_ok": True,
        }
    )
    return {
        "format": "sebaya-instance/1",
        "horizon": {
            "start_date": "2026-12-07",
            "days": DAYS,
            "slots_per_day": SPD,
            "slot_minutes": 60,
            "day_start": "08:00",
            "timezone": "Asia/Jakarta",
        },
        "skills": skills,
        "people": people,
        "venues": venues,
        "pinned": [],
        "previous": [],
    }


def main(argv: list[str] | None = None) -> int:
    """Write a generated instance to a file or stdout."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output")
    args = ap.parse_args(argv)
    text = json.dumps(generate(args.size, args.seed), ensure_ascii=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

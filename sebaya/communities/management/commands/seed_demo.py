"""Load the demo: a home-school circle in South Jakarta and an art collective in Yogyakarta.

Run by ``make run``. Idempotent: when the demo communities exist, it changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from sebaya.accounts.models import Guardianship, User
from sebaya.communities.models import Community, Membership
from sebaya.core.weekgrid import slot
from sebaya.skills.models import LearnSkill, Skill, TeachSkill
from sebaya.venues.models import Venue

PASSWORD = "belajar-bersama-2026"  # noqa: S105 - the published demo password
DOMAIN = "demo.sebaya.id"
THIS_YEAR = datetime.date.today().year


def hours(days: range | list[int], start: int, end: int) -> list[int]:
    return [slot(d, h) for d in days for h in range(start, end)]


WEEKDAYS = range(5)
ADULT = hours(WEEKDAYS, 18, 21) + hours([5, 6], 8, 12)
PARENT_AT_HOME = hours(WEEKDAYS, 9, 12) + hours(WEEKDAYS, 14, 18) + hours([5], 8, 12)
SCHOOL_CHILD = hours(WEEKDAYS, 14, 18) + hours([5], 8, 12)
ARTIST = hours(WEEKDAYS, 16, 22) + hours([5, 6], 10, 18)

# key, display name, age, e-mail (None for a child who logs in by username), home area, point, availability,
# teach [(skill, level)], learn [(skill, level, priority)], guardians
JAKARTA: list[dict[str, Any]] = [
    {
        "key": "rina",
        "name": "Rina Wulandari",
        "age": 41,
        "area": "Cilandak Barat",
        "point": (-6.2870, 106.7950),
        "free": PARENT_AT_HOME,
        "teach": [("english-conversation", 4), ("creative-writing", 4)],
        "learn": [("batik", 1, 2)],
        "role": "organiser",
    },
    {
        "key": "ayu",
        "name": "Ayu Pratama",
        "age": 13,
        "area": "Cilandak Barat",
        "point": (-6.2870, 106.7950),
        "free": SCHOOL_CHILD,
        "teach": [("scratch", 3)],
        "learn": [("guitar", 1, 3), ("english-conversation", 2, 2)],
        "guardians": ["rina"],
        "login": "ayu",
    },
    {
        "key": "budi",
        "name": "Budi Santoso",
        "age": 45,
        "area": "Kemang",
        "point": (-6.2610, 106.8130),
        "free": ADULT,
        "teach": [("guitar", 4), ("python", 5)],
        "learn": [("traditional-cakes", 1, 2)],
        "role": "facilitator",
    },
    {
        "key": "dewi",
        "name": "Dewi Santoso",
        "age": 43,
        "area": "Kemang",
        "point": (-6.2610, 106.8130),
        "free": PARENT_AT_HOME,
        "teach": [("traditional-cakes", 5), ("biology-basics", 4)],
        "learn": [("python", 1, 2)],
    },
    {
        "key": "raka",
        "name": "Raka Santoso",
        "age": 15,
        "area": "Kemang",
        "point": (-6.2610, 106.8130),
        "free": SCHOOL_CHILD,
        "teach": [("guitar", 3), ("fractions", 4)],
        "learn": [("python", 2, 3), ("algebra", 2, 2)],
        "guardians": ["budi", "dewi"],
        "login": "raka",
    },
    {
        "key": "sari",
        "name": "Sari Santoso",
        "age": 10,
        "area": "Kemang",
        "point": (-6.2610, 106.8130),
        "free": SCHOOL_CHILD,
        "teach": [("drawing", 3)],
        "learn": [("fractions", 1, 3), ("reading-aloud", 2, 2), ("scratch", 1, 2)],
        "guardians": ["budi", "dewi"],
        "login": "sari",
    },
    {
        "key": "hendra",
        "name": "Hendra Gunawan",
        "age": 39,
        "area": "Pondok Labu",
        "point": (-6.3070, 106.7960),
        "free": ADULT + PARENT_AT_HOME[:6],
        "teach": [("algebra", 5), ("chess", 4)],
        "learn": [("drawing", 1, 1)],
    },
    {
        "key": "putri",
        "name": "Putri Gunawan",
        "age": 11,
        "area": "Pondok Labu",
        "point": (-6.3070, 106.7960),
        "free": SCHOOL_CHILD,
        "teach": [("reading-aloud", 4)],
        "learn": [("chess", 1, 2), ("english-conversation", 1, 3)],
        "guardians": ["hendra"],
        "login": "putri",
    },
    {
        "key": "siti",
        "name": "Siti Rahmawati",
        "age": 37,
        "area": "Cipete Selatan",
        "point": (-6.2720, 106.8010),
        "free": PARENT_AT_HOME,
        "teach": [("sewing", 5), ("healthy-cooking", 4)],
        "learn": [("english-conversation", 2, 3)],
    },
    {
        "key": "fajar",
        "name": "Fajar Nugroho",
        "age": 14,
        "area": "Cipete Selatan",
        "point": (-6.2720, 106.8010),
        "free": SCHOOL_CHILD,
        "teach": [("badminton", 4), ("fractions", 3)],
        "learn": [("physics-everyday", 2, 3), ("guitar", 1, 2)],
        "guardians": ["siti"],
        "login": "fajar",
    },
    {
        "key": "agus",
        "name": "Agus Setiawan",
        "age": 48,
        "area": "Fatmawati",
        "point": (-6.2930, 106.7970),
        "free": ADULT,
        "teach": [("physics-everyday", 5), ("woodworking", 4)],
        "learn": [("sewing", 1, 1)],
    },
    {
        "key": "maya",
        "name": "Maya Lestari",
        "age": 44,
        "area": "Fatmawati",
        "point": (-6.2930, 106.7970),
        "free": PARENT_AT_HOME,
        "teach": [("watercolour", 4), ("drawing", 5)],
        "learn": [("healthy-cooking", 2, 2)],
    },
    {
        "key": "nadia",
        "name": "Nadia Setiawan",
        "age": 16,
        "area": "Fatmawati",
        "point": (-6.2930, 106.7970),
        "free": SCHOOL_CHILD,
        "teach": [("english-conversation", 3), ("watercolour", 3)],
        "learn": [("python", 1, 3), ("public-speaking", 1, 2)],
        "guardians": ["agus", "maya"],
        "login": "nadia",
    },
    {
        "key": "lina",
        "name": "Lina Marlina",
        "age": 35,
        "area": "Lebak Bulus",
        "point": (-6.3000, 106.7780),
        "free": PARENT_AT_HOME,
        "teach": [("storytelling", 5), ("public-speaking", 4)],
        "learn": [("watercolour", 1, 2)],
    },
    {
        "key": "bima",
        "name": "Bima Saputra",
        "age": 12,
        "area": "Lebak Bulus",
        "point": (-6.3000, 106.7780),
        "free": SCHOOL_CHILD,
        "teach": [("chess", 3)],
        "learn": [("biology-basics", 2, 3), ("drawing", 2, 2), ("badminton", 1, 1)],
        "guardians": ["lina"],
        "login": "bima",
    },
]

YOGYA: list[dict[str, Any]] = [
    {
        "key": "wahyu",
        "name": "Wahyu Hidayat",
        "age": 34,
        "area": "Prawirotaman",
        "point": (-7.8190, 110.3680),
        "free": ARTIST,
        "teach": [("screen-printing", 5), ("comics", 4)],
        "learn": [("video-editing", 1, 3)],
        "role": "organiser",
    },
    {
        "key": "indah",
        "name": "Indah Permata",
        "age": 29,
        "area": "Tirtodipuran",
        "point": (-7.8150, 110.3620),
        "free": ARTIST,
        "teach": [("batik", 5), ("watercolour", 3)],
        "learn": [("photography", 2, 3)],
        "role": "facilitator",
    },
    {
        "key": "yoga",
        "name": "Yoga Pratama",
        "age": 26,
        "area": "Mantrijeron",
        "point": (-7.8230, 110.3590),
        "free": ARTIST,
        "teach": [("photography", 5), ("video-editing", 4)],
        "learn": [("batik", 1, 3)],
    },
    {
        "key": "dian",
        "name": "Dian Kusuma",
        "age": 31,
        "area": "Kotagede",
        "point": (-7.8280, 110.3980),
        "free": ADULT,
        "teach": [("pottery", 4), ("calligraphy", 3)],
        "learn": [("screen-printing", 1, 2)],
    },
    {
        "key": "eko",
        "name": "Eko Prasetyo",
        "age": 38,
        "area": "Mergangsan",
        "point": (-7.8120, 110.3730),
        "free": ARTIST,
        "teach": [("gamelan", 5), ("guitar", 3)],
        "learn": [("web-basics", 1, 2)],
    },
    {
        "key": "ratna",
        "name": "Ratna Sari",
        "age": 24,
        "area": "Kotabaru",
        "point": (-7.7850, 110.3760),
        "free": ADULT,
        "teach": [("web-basics", 4), ("spreadsheets", 4)],
        "learn": [("gamelan", 1, 3), ("pottery", 1, 2)],
    },
    {
        "key": "teguh",
        "name": "Teguh Wibowo",
        "age": 42,
        "area": "Sewon",
        "point": (-7.8480, 110.3600),
        "free": ADULT,
        "teach": [("woodworking", 5)],
        "learn": [("photography", 1, 2), ("comics", 1, 1)],
    },
    {
        "key": "ani",
        "name": "Ani Suryani",
        "age": 33,
        "area": "Prawirotaman",
        "point": (-7.8185, 110.3700),
        "free": ARTIST,
        "teach": [("creative-writing", 4), ("poetry", 5)],
        "learn": [("watercolour", 1, 3)],
    },
    {
        "key": "joko",
        "name": "Joko Susilo",
        "age": 50,
        "area": "Brontokusuman",
        "point": (-7.8170, 110.3770),
        "free": ADULT,
        "teach": [("traditional-dance", 5)],
        "learn": [("spreadsheets", 1, 2)],
    },
    {
        "key": "melati",
        "name": "Melati Ayuningtyas",
        "age": 27,
        "area": "Tirtodipuran",
        "point": (-7.8140, 110.3640),
        "free": ARTIST,
        "teach": [("drawing", 4), ("comics", 3)],
        "learn": [("pottery", 1, 2), ("batik", 2, 3)],
    },
    {
        "key": "arif",
        "name": "Arif Rahman",
        "age": 30,
        "area": "Gondomanan",
        "point": (-7.8030, 110.3680),
        "free": ADULT,
        "teach": [("entrepreneurship", 4), ("public-speaking", 4)],
        "learn": [("screen-printing", 2, 3)],
    },
    {
        "key": "tari",
        "name": "Tari Anggraini",
        "age": 36,
        "area": "Wirobrajan",
        "point": (-7.8020, 110.3480),
        "free": ARTIST,
        "teach": [("singing", 4), ("javanese", 5)],
        "learn": [("traditional-dance", 1, 3), ("creative-writing", 2, 2)],
    },
]

COMMUNITIES = [
    {
        "slug": "lingkar-belajar-cilandak",
        "name": "Lingkar Belajar Cilandak",
        "kind": Community.Kind.FAMILY_CIRCLE,
        "city": "Jakarta Selatan",
        "description": (
            "Enam keluarga *homeschooling* di Jakarta Selatan yang belajar bersama. Orang tua dan anak "
            "bergantian mengajar: sains, bahasa, seni, dan keterampilan hidup. Kami bertemu di rumah, "
            "di perpustakaan kecamatan, dan di taman."
        ),
        "norms": (
            "- Anak-anak tidak pernah berdua saja dengan orang dewasa yang bukan walinya.\n"
            "- Datang tepat waktu; kabari grup jika berhalangan.\n"
            "- Semua orang boleh bertanya, tidak ada pertanyaan bodoh.\n"
            "- Alamat rumah hanya dibagikan kepada peserta sesi."
        ),
        "people": JAKARTA,
        "venues": [
            {
                "name": "Rumah keluarga Santoso",
                "kind": "home",
                "address": "Jl. Kemang Timur Raya No. 12, Jakarta Selatan",
                "point": (-6.2612, 106.8128),
                "capacity": 8,
                "rooms": 1,
                "minors_ok": True,
                "host": "budi",
                "open": PARENT_AT_HOME + hours([5], 12, 16),
            },
            {
                "name": "Rumah Bu Rina",
                "kind": "home",
                "address": "Jl. Cilandak KKO No. 5, Jakarta Selatan",
                "point": (-6.2871, 106.7952),
                "capacity": 6,
                "rooms": 1,
                "minors_ok": True,
                "host": "rina",
                "open": PARENT_AT_HOME,
            },
            {
                "name": "Perpustakaan Kecamatan Cilandak",
                "kind": "public",
                "address": "Jl. T.B. Simatupang, Cilandak, Jakarta Selatan",
                "point": (-6.2915, 106.8005),
                "capacity": 20,
                "rooms": 2,
                "minors_ok": True,
                "open": hours(range(6), 8, 17),
            },
            {
                "name": "Taman Langsat",
                "kind": "public",
                "address": "Jl. Barito II, Kebayoran Baru, Jakarta Selatan",
                "point": (-6.2370, 106.7990),
                "capacity": 30,
                "rooms": 3,
                "minors_ok": True,
                "open": hours(range(7), 8, 18),
            },
        ],
    },
    {
        "slug": "kolektif-seni-prawirotaman",
        "name": "Kolektif Seni Prawirotaman",
        "kind": Community.Kind.ART_COLLECTIVE,
        "city": "Yogyakarta",
        "description": (
            "Seniman, perajin, dan pembelajar di selatan Kota Yogyakarta yang saling berbagi keterampilan: "
            "sablon, batik, fotografi, gamelan, menulis. Setiap anggota mengajar sesuatu dan belajar sesuatu."
        ),
        "norms": (
            "- Hormati karya dan proses orang lain; kritik yang membangun.\n"
            "- Bahan bersama dipakai hemat dan dikembalikan bersih.\n"
            "- Karya yang dibagikan di commons memakai lisensi terbuka."
        ),
        "people": YOGYA,
        "venues": [
            {
                "name": "Kedai Kopi Tirtodipuran",
                "kind": "cafe",
                "address": "Jl. Tirtodipuran No. 30, Yogyakarta",
                "point": (-7.8145, 110.3635),
                "capacity": 10,
                "rooms": 1,
                "minors_ok": True,
                "open": hours(range(7), 10, 22),
            },
            {
                "name": "Kafe Buku Prawirotaman",
                "kind": "cafe",
                "address": "Jl. Prawirotaman II No. 8, Yogyakarta",
                "point": (-7.8195, 110.3690),
                "capacity": 8,
                "rooms": 1,
                "minors_ok": False,
                "open": hours(range(7), 16, 22),
            },
            {
                "name": "Pendopo Kampung Mergangsan",
                "kind": "public",
                "address": "Kampung Mergangsan, Yogyakarta",
                "point": (-7.8115, 110.3725),
                "capacity": 30,
                "rooms": 2,
                "minors_ok": True,
                "open": hours([5, 6], 8, 20) + hours(WEEKDAYS, 16, 21),
            },
            {
                "name": "Ruang Daring Kolektif",
                "kind": "online",
                "online_url": "https://meet.jit.si/kolektif-seni-prawirotaman",
                "capacity": 25,
                "rooms": 1,
                "minors_ok": False,
                "open": hours(range(7), 8, 22),
            },
        ],
    },
]


def birth_date(age: int) -> datetime.date:
    # Mid-year birthdays keep each demo person at the stated age for most of the year.
    return datetime.date(THIS_YEAR - age - 1, 11, 15) if age < 18 else datetime.date(THIS_YEAR - age, 3, 10)


class Command(BaseCommand):
    help = "Load the demo communities (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Community.objects.filter(slug__in=[c["slug"] for c in COMMUNITIES]).exists():
            # A demo loaded before the knowledge commons existed gets its materials now.
            if self._materials():
                self.stdout.write(self.style.SUCCESS("Demo materials loaded."))
            else:
                self.stdout.write("Demo data is already loaded.")
        else:
            with transaction.atomic():
                for spec in COMMUNITIES:
                    self._community(spec)
                self._sessions()
                self._materials()
                # The instance operator, for the Django admin.
                User.objects.create_superuser(f"operator@{DOMAIN}", PASSWORD, display_name="Operator Sebaya")
            self.stdout.write(self.style.SUCCESS("Demo communities loaded."))
        # Discussions came later than the communities: a demo loaded before them gets its threads now.
        from sebaya.discussions.models import Thread

        if not Thread.objects.filter(community__slug__in=[c["slug"] for c in COMMUNITIES]).exists():
            with transaction.atomic():
                self._threads()
            self.stdout.write(self.style.SUCCESS("Demo discussions loaded."))

    def _threads(self) -> None:
        """A few discussions in Indonesian (and one bilingual), with replies, mentions and an answer."""
        from sebaya.discussions.services import post_reply, thread_create, thread_resolve
        from sebaya.meetups.models import Meetup

        def member(slug: str, key: str) -> Membership:
            return Membership.objects.select_related("user", "community").get(
                Q(user__email=f"{key}@{DOMAIN}") | Q(user__username=key), community__slug=slug
            )

        cilandak, seni = "lingkar-belajar-cilandak", "kolektif-seni-prawirotaman"
        fractions = Meetup.objects.filter(community__slug=cilandak, skill__slug="fractions").first()
        thread = thread_create(
            community=member(cilandak, "ayu").community, by=member(cilandak, "ayu"),
            title="Bingung menjumlahkan pecahan campuran",
            body="Aku masih bingung cara menjumlahkan pecahan campuran, misalnya 1½ + 2⅓. Ada yang punya cara mudah untuk mempelajarinya?",
            skill=Skill.objects.get(slug="fractions", community=None), meetup=fractions,
        )  # fmt: skip
        answer = post_reply(
            thread=thread, by=member(cilandak, "budi"),
            body="Ubah dulu jadi pecahan biasa: 1½ = 3/2 dan 2⅓ = 7/3. Samakan penyebutnya (6), lalu jumlahkan: 9/6 + 14/6 = 23/6 = 3⅚. Hari Rabu kita latihan dengan pizza kertas, @raka yang memandu.",
        )  # fmt: skip
        post_reply(
            thread=thread, by=member(cilandak, "raka"), body="Siap! Bawa gunting dan kertas warna ya.", quote=answer
        )
        thread_resolve(thread=thread, by=member(cilandak, "ayu"), answer=answer)

        guitar = Meetup.objects.filter(community__slug=cilandak, skill__slug="guitar").first()
        thread = thread_create(
            community=member(cilandak, "rina").community, by=member(cilandak, "rina"),
            title="Persiapan sesi gitar hari Sabtu",
            body="Ada yang bisa membawa gitar cadangan untuk teman-teman yang baru belajar? @budi, apakah capo perlu dibawa juga?",
            meetup=guitar,
        )  # fmt: skip
        post_reply(
            thread=thread,
            by=member(cilandak, "budi"),
            body="Saya bawa dua gitar dan satu capo. Pemula cukup membawa semangat 🙂",
        )

        thread = thread_create(
            community=member(cilandak, "rina").community, by=member(cilandak, "rina"),
            title="Bahan pembelajaran bahasa Inggris / English learning materials",
            body="Mari kumpulkan bahan bacaan untuk percakapan bahasa Inggris. Let's collect short stories and podcasts that are easy to follow.",
            skill=Skill.objects.get(slug="english-conversation", community=None),
        )  # fmt: skip
        post_reply(
            thread=thread,
            by=member(cilandak, "nadia"),
            body="I like graded readers: the stories are short and the vocabulary grows slowly.",
        )

        thread = thread_create(
            community=member(seni, "wahyu").community, by=member(seni, "wahyu"),
            title="Tinta sablon berbasis air: pengalaman kalian?",
            body="Saya sedang mencoba tinta berbasis air untuk kaos katun. Warnanya bagus, tapi cepat kering di screen. Ada tips?",
            skill=Skill.objects.get(slug="screen-printing", community=None),
        )  # fmt: skip
        post_reply(
            thread=thread,
            by=member(seni, "yoga"),
            body="Semprot screen dengan air tipis-tipis di sela tarikan, dan kerjakan di tempat teduh.",
        )

    def _sessions(self) -> None:
        """A few sessions in the coming week, with answers, so that calendars and "My week" have content."""
        from sebaya.meetups.services import community_zone, meetup_create, meetup_rsvp, rsvp_guardian_decide

        def member(slug: str, key: str) -> Membership:
            # Adults log in by e-mail, children by username: the demo key is one or the other.
            return Membership.objects.select_related("user", "community").get(
                Q(user__email=f"{key}@{DOMAIN}") | Q(user__username=key), community__slug=slug
            )

        today = datetime.date.today()
        for slug, host, skill, title, weekday, hour, hours, venue, attendees in [
            (
                "lingkar-belajar-cilandak",
                "budi",
                "guitar",
                "Gitar dasar: kunci C, G, Am",
                5,
                9,
                2,
                "Rumah keluarga Santoso",
                ["ayu", "fajar", "siti"],
            ),
            (
                "lingkar-belajar-cilandak",
                "raka",
                "fractions",
                "Pecahan dengan pizza kertas",
                2,
                15,
                1,
                "Perpustakaan Kecamatan Cilandak",
                ["sari", "bima"],
            ),
            (
                "lingkar-belajar-cilandak",
                "rina",
                "english-conversation",
                "English conversation: my neighbourhood",
                3,
                10,
                1,
                "Perpustakaan Kecamatan Cilandak",
                ["putri", "siti", "nadia"],
            ),
            (
                "kolektif-seni-prawirotaman",
                "wahyu",
                "screen-printing",
                "Sablon kaos satu warna",
                3,
                19,
                2,
                "Pendopo Kampung Mergangsan",
                ["arif", "dian", "yoga"],
            ),
            (
                "kolektif-seni-prawirotaman",
                "yoga",
                "photography",
                "Fotografi ponsel: cahaya alami",
                5,
                15,
                2,
                "Kedai Kopi Tirtodipuran",
                ["indah", "teguh"],
            ),
        ]:
            community = Community.objects.get(slug=slug)
            zone = community_zone(community)
            day = today + datetime.timedelta(days=(weekday - today.weekday()) % 7 or 7)
            start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
            host_m = member(slug, host)
            organiser = (
                Membership.objects.filter(community=community, role=Membership.Role.ORGANISER)
                .select_related("user", "community")
                .first()
            )
            assert organiser is not None
            meetup = meetup_create(
                by=organiser, host=host_m, skill=Skill.objects.get(slug=skill, community=None), title=title,
                starts_at=start, ends_at=start + datetime.timedelta(hours=hours),
                venue=Venue.objects.get(community=community, name=venue), publish=True,
            )[0]  # fmt: skip
            for key in attendees:
                m = member(slug, key)
                answer = meetup_rsvp(meetup=meetup, membership=m, going=True)
                guardian = m.user.guardians().first()
                if guardian is not None:
                    rsvp_guardian_decide(rsvp=answer, guardian=guardian, approve=True)

    def _materials(self) -> bool:
        """Demo materials (some in the public commons), a learning path, and materials used in sessions.

        Returns False, changing nothing, when they are there already.
        """
        from sebaya.materials import demo

        return demo.load(DOMAIN)

    def _community(self, spec: dict[str, Any]) -> None:
        people: dict[str, Membership] = {}
        first = spec["people"][0]
        community = Community.objects.create(
            slug=spec["slug"], name=spec["name"], kind=spec["kind"], city=spec["city"],
            description=spec["description"], norms=spec["norms"], visibility=Community.Visibility.PUBLIC,
        )  # fmt: skip
        skills = {s.slug: s for s in Skill.objects.filter(community=None)}
        for p in spec["people"]:
            login = p.get("login")
            user = User.objects.create_user(
                None if login else f"{p['key']}@{DOMAIN}",
                PASSWORD,
                username=login,
                display_name=p["name"],
                birth_date=birth_date(p["age"]),
                language="id",
            )
            for g in p.get("guardians", []):
                Guardianship.objects.create(guardian=people[g].user, minor=user)
            m = Membership.objects.create(
                user=user, community=community, role=p.get("role", Membership.Role.MEMBER),
                home_area=p["area"], home_lat=p["point"][0], home_lng=p["point"][1],
                max_travel_km=3.0 if p["age"] < 18 else 8.0, max_sessions=3, max_teach=1 if p["age"] < 18 else 2,
                availability=sorted(set(p["free"])), languages=["id", "en"] if p["key"] in {"rina", "nadia", "budi"} else ["id"],
            )  # fmt: skip
            people[p["key"]] = m
            for slug, level in p["teach"]:
                TeachSkill.objects.create(membership=m, skill=skills[slug], level=level)
            for slug, level, priority in p["learn"]:
                LearnSkill.objects.create(membership=m, skill=skills[slug], level=level, priority=priority)
        community.created_by = people[first["key"]].user
        community.save(update_fields=["created_by"])
        for v in spec["venues"]:
            point = v.get("point") or (None, None)
            Venue.objects.create(
                community=community, name=v["name"], kind=v["kind"], address=v.get("address", ""),
                lat=point[0], lng=point[1], online_url=v.get("online_url", ""), capacity=v["capacity"],
                rooms=v["rooms"], minors_ok=v["minors_ok"], opening=sorted(set(v["open"])),
                host=people[v["host"]] if v.get("host") else None,
            )  # fmt: skip

"""Seed the global skills catalogue: about sixty skills that peer communities in Indonesia teach."""

from django.db import migrations

# slug, Indonesian name, English name, category, hours per session, fewest learners, most learners
CATALOGUE = [
    ("biology-basics", "Biologi dasar", "Basic biology", "science", 2, 1, 6),
    ("chemistry-experiments", "Eksperimen kimia sederhana", "Simple chemistry experiments", "science", 2, 2, 6),
    ("physics-everyday", "Fisika sehari-hari", "Everyday physics", "science", 2, 1, 6),
    ("astronomy", "Astronomi", "Astronomy", "science", 2, 1, 8),
    ("gardening-hydroponics", "Hidroponik", "Hydroponic gardening", "nature", 2, 1, 6),
    ("composting", "Membuat kompos", "Composting", "nature", 1, 1, 10),
    ("birdwatching", "Mengamati burung", "Birdwatching", "nature", 2, 1, 8),
    ("waste-sorting", "Memilah sampah dan daur ulang", "Waste sorting and recycling", "nature", 1, 2, 12),
    ("arithmetic", "Berhitung", "Arithmetic", "mathematics", 1, 1, 4),
    ("fractions", "Pecahan", "Fractions", "mathematics", 1, 1, 4),
    ("algebra", "Aljabar", "Algebra", "mathematics", 2, 1, 5),
    ("geometry", "Geometri", "Geometry", "mathematics", 2, 1, 5),
    ("statistics-basics", "Statistika dasar", "Basic statistics", "mathematics", 2, 1, 6),
    ("mental-math", "Sempoa dan hitung cepat", "Abacus and mental maths", "mathematics", 1, 1, 6),
    ("drawing", "Menggambar", "Drawing", "art", 2, 1, 8),
    ("watercolour", "Cat air", "Watercolour painting", "art", 2, 1, 8),
    ("batik", "Membatik", "Batik", "art", 3, 2, 8),
    ("photography", "Fotografi ponsel", "Phone photography", "art", 2, 1, 8),
    ("calligraphy", "Kaligrafi", "Calligraphy", "art", 2, 1, 8),
    ("comics", "Membuat komik", "Making comics", "art", 2, 1, 6),
    ("screen-printing", "Sablon", "Screen printing", "art", 3, 2, 6),
    ("guitar", "Gitar dasar", "Guitar basics", "music", 2, 1, 5),
    ("angklung", "Angklung", "Angklung", "music", 2, 3, 15),
    ("gamelan", "Gamelan", "Gamelan", "music", 2, 3, 12),
    ("singing", "Bernyanyi", "Singing", "music", 1, 1, 10),
    ("ukulele", "Ukulele", "Ukulele", "music", 1, 1, 6),
    ("keyboard", "Keyboard dan piano", "Keyboard and piano", "music", 1, 1, 3),
    ("python", "Pemrograman Python", "Python programming", "technology", 2, 1, 6),
    ("scratch", "Pemrograman Scratch", "Scratch programming", "technology", 2, 1, 6),
    ("web-basics", "Membuat situs web", "Building web pages", "technology", 2, 1, 6),
    ("robotics", "Robotika dan Arduino", "Robotics and Arduino", "technology", 3, 2, 6),
    ("spreadsheets", "Lembar kerja (spreadsheet)", "Spreadsheets", "technology", 2, 1, 8),
    ("video-editing", "Menyunting video", "Video editing", "technology", 2, 1, 6),
    ("digital-safety", "Aman di internet", "Staying safe online", "technology", 1, 2, 15),
    ("english-conversation", "Percakapan bahasa Inggris", "English conversation", "languages", 1, 2, 6),
    ("english-grammar", "Tata bahasa Inggris", "English grammar", "languages", 1, 1, 6),
    ("javanese", "Bahasa Jawa", "Javanese", "languages", 1, 1, 6),
    ("sundanese", "Bahasa Sunda", "Sundanese", "languages", 1, 1, 6),
    ("japanese", "Bahasa Jepang", "Japanese", "languages", 1, 1, 6),
    ("mandarin", "Bahasa Mandarin", "Mandarin Chinese", "languages", 1, 1, 6),
    ("arabic", "Bahasa Arab", "Arabic", "languages", 1, 1, 6),
    ("sign-language", "Bahasa Isyarat Indonesia (BISINDO)", "Indonesian Sign Language (BISINDO)", "languages", 1, 1, 8),
    ("reading-aloud", "Membaca nyaring", "Reading aloud", "literacy", 1, 1, 8),
    ("creative-writing", "Menulis kreatif", "Creative writing", "literacy", 2, 1, 8),
    ("storytelling", "Mendongeng", "Storytelling", "literacy", 1, 2, 12),
    ("poetry", "Puisi", "Poetry", "literacy", 1, 1, 8),
    ("journalism", "Jurnalisme warga", "Citizen journalism", "literacy", 2, 2, 8),
    ("sewing", "Menjahit", "Sewing", "crafts", 2, 1, 5),
    ("woodworking", "Pertukangan kayu", "Woodworking", "crafts", 3, 1, 4),
    ("knitting", "Merajut", "Knitting and crochet", "crafts", 2, 1, 8),
    ("pottery", "Membuat gerabah", "Pottery", "crafts", 3, 1, 6),
    ("upcycling", "Kerajinan daur ulang", "Upcycled crafts", "crafts", 2, 1, 10),
    ("traditional-cakes", "Kue tradisional", "Traditional cakes (kue)", "cooking", 2, 1, 6),
    ("healthy-cooking", "Memasak sehat", "Healthy cooking", "cooking", 2, 1, 6),
    ("bread-baking", "Membuat roti", "Bread baking", "cooking", 3, 1, 6),
    ("badminton", "Bulu tangkis", "Badminton", "sport", 2, 1, 8),
    ("pencak-silat", "Pencak silat", "Pencak silat", "sport", 2, 2, 12),
    ("traditional-dance", "Tari tradisional", "Traditional dance", "sport", 2, 2, 12),
    ("yoga", "Yoga", "Yoga", "sport", 1, 1, 12),
    ("football", "Sepak bola", "Football", "sport", 2, 4, 16),
    ("chess", "Catur", "Chess", "sport", 1, 1, 6),
    ("public-speaking", "Berbicara di depan umum", "Public speaking", "soft_skills", 2, 2, 10),
    ("first-aid", "Pertolongan pertama", "First aid", "soft_skills", 2, 2, 12),
    ("financial-literacy", "Mengelola uang", "Managing money", "soft_skills", 2, 2, 10),
    ("entrepreneurship", "Kewirausahaan", "Entrepreneurship", "soft_skills", 2, 2, 10),
    ("critical-thinking", "Berpikir kritis", "Critical thinking", "soft_skills", 2, 2, 10),
    ("facilitation", "Memfasilitasi diskusi", "Facilitating discussions", "soft_skills", 2, 2, 10),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Skill = apps.get_model("skills", "Skill")
    for slug, name_id, name_en, category, hours, lo, hi in CATALOGUE:
        Skill.objects.update_or_create(
            slug=slug,
            community=None,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "category": category,
                "duration_hours": hours,
                "min_group": lo,
                "max_group": hi,
            },
        )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("skills", "Skill").objects.filter(community=None, slug__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    """CREATE VIRTUAL TABLE search_document_fts USING fts5(
        stem_title, stem_body, stem_tags, content='search_documenttext', content_rowid='document_id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_document_ai AFTER INSERT ON search_documenttext BEGIN
        INSERT INTO search_document_fts(rowid, stem_title, stem_body, stem_tags) VALUES (new.document_id, new.stem_title, new.stem_body, new.stem_tags);
    END""",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_documenttext BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, stem_title, stem_body, stem_tags)
        VALUES ('delete', old.document_id, old.stem_title, old.stem_body, old.stem_tags);
    END""",
    """CREATE TRIGGER search_document_au AFTER UPDATE OF stem_title, stem_body, stem_tags ON search_documenttext BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, stem_title, stem_body, stem_tags)
        VALUES ('delete', old.document_id, old.stem_title, old.stem_body, old.stem_tags);
        INSERT INTO search_document_fts(rowid, stem_title, stem_body, stem_tags) VALUES (new.document_id, new.stem_title, new.stem_body, new.stem_tags);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_document_fts",
]
POSTGRES = [
    """ALTER TABLE search_documenttext ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(stem_title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(stem_body, '')), 'B')
        || to_tsvector('simple', coalesce(stem_tags, ''))) STORED""",
    "CREATE INDEX search_document_vector ON search_documenttext USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_documenttext DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("communities", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("source", models.CharField(max_length=60)),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("language", models.CharField(max_length=8, verbose_name="language")),
                ("audience", models.CharField(choices=[("public", "Anyone"), ("members", "Members of the community"), ("staff", "Organisers and facilitators of the community (and the owner)")], max_length=10, verbose_name="who may find it")),
                ("owner_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("url", models.CharField(max_length=300, verbose_name="link")),
                ("levels", models.PositiveSmallIntegerField(default=0)),
                ("licence", models.CharField(blank=True, max_length=40, verbose_name="licence")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("community", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="communities.community")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "indexes": [
                    models.Index(fields=["community", "audience"], name="search_docu_communi_idx"),
                    models.Index(fields=["source", "updated_at"], name="search_docu_source_idx"),
                ],
                "constraints": [models.UniqueConstraint(fields=("source", "object_id"), name="search_document_unique")],
            },
        ),
        migrations.CreateModel(
            name="DocumentText",
            fields=[
                ("document", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="text", serialize=False, to="search.document")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("stem_title", models.TextField(blank=True)),
                ("stem_body", models.TextField(blank=True)),
                ("stem_tags", models.TextField(blank=True)),
            ],
            options={"verbose_name": "search document text", "verbose_name_plural": "search document texts"},
        ),
        migrations.CreateModel(
            name="DocumentSkill",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("skill_id", models.PositiveBigIntegerField()),
                ("document", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="skills", to="search.document")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("skill_id", "document"), name="search_document_skill_unique")],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]

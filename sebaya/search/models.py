"""The search index: one row per searchable thing, with what decides who may find it.

The full-text part lives beside this table and is created by the migration for each database:
an FTS5 table kept in step by triggers on SQLite, a generated ``tsvector`` column with a GIN index
on PostgreSQL, both on :class:`DocumentText`. Both index ``stem_title`` and ``stem_body``; ``title``
and ``body`` keep the text as written, for the result list and its snippets.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Anyone")
    MEMBERS = "members", _("Members of the community")
    STAFF = "staff", _("Organisers and facilitators of the community (and the owner)")


class Document(models.Model):
    Audience = Audience

    # The model the row stands for ("meetups.Meetup") and its primary key; ``kind`` is what the
    # searcher sees and filters on (a thread and its replies are both "discussion").
    source = models.CharField(max_length=60)
    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8)
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    audience = models.CharField(_("who may find it"), max_length=10, choices=Audience.choices)
    # Someone who may find the document besides its audience, e.g. the host of a draft session.
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.CharField(_("link"), max_length=300)
    # Levels 1–5 as bits (1 << level), so that "level 3" is one bitwise test in SQL on every database.
    levels = models.PositiveSmallIntegerField(default=0)
    licence = models.CharField(_("licence"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_document_unique")]
        indexes = [
            models.Index(fields=["community", "audience"], name="search_docu_communi_idx"),
            models.Index(fields=["source", "updated_at"], name="search_docu_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class DocumentText(models.Model):
    """A document's text, apart from the narrow row above: a search checks visibility and filters
    on thousands of matching rows and must not read their texts to do so."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, primary_key=True, related_name="text")
    body = models.TextField(_("text"), blank=True)
    stem_title = models.TextField(blank=True)
    stem_body = models.TextField(blank=True)
    # Visibility and filters as words ("vpub", "c17", "ksession"…) so that SQLite's FTS5 intersects
    # them with the words searched for, without reading a row of the table (see backends.py).
    stem_tags = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document text")
        verbose_name_plural = _("search document texts")

    def __str__(self) -> str:
        return f"text of {self.document_id}"


class DocumentSkill(models.Model):
    """The skills a document is about, for the skill filter (a document may be about several)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="skills")
    skill_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["skill_id", "document"], name="search_document_skill_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} → skill {self.skill_id}"

"""The knowledge commons: learning materials, their version history, votes, and learning paths.

A material belongs to the community it was shared in. It is either for that community only or in
the **public commons**, where every community (and every visitor) can find and reuse it; reuse
always shows the author, the community it comes from and the licence. Deleting a material keeps a
tombstone row (``deleted_at``) so that search indexes and counts can forget it; its files go.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sebaya.skills.models import LEVEL_VALIDATORS


class MaterialKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    NOTE = "note", _("Note")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("CC BY 4.0 (reuse with attribution)")
    CC_BY_SA = "cc-by-sa", _("CC BY-SA 4.0 (reuse with attribution, share alike)")
    CC0 = "cc0", _("CC0 (public domain)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


class Visibility(models.TextChoices):
    COMMUNITY = "community", _("This community only")
    PUBLIC = "public", _("Public commons: any community can find and reuse it")


class MaterialLanguage(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")
    OTHER = "", _("Other or none")


def material_upload_to(instance: models.Model, filename: str) -> str:
    # The services name every stored file themselves (a random name with the extension of the
    # sniffed type); this only satisfies FileField, which wants an upload_to.
    return f"materials/{filename}"


class Material(models.Model):
    Kind = MaterialKind
    Licence = Licence
    Visibility = Visibility
    Language = MaterialLanguage

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="materials", verbose_name=_("community")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, blank=True, default="id")
    skills = models.ManyToManyField("skills.Skill", blank=True, related_name="materials", verbose_name=_("skills"))
    level_min = models.PositiveSmallIntegerField(_("from level"), default=1, validators=LEVEL_VALIDATORS)
    level_max = models.PositiveSmallIntegerField(_("to level"), default=5, validators=LEVEL_VALIDATORS)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY)
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.COMMUNITY
    )
    url = models.URLField(_("link"), blank=True, max_length=500)
    body = models.TextField(_("note"), blank=True, max_length=50000)
    file = models.FileField(_("file"), upload_to=material_upload_to, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    thumbnail = models.FileField(upload_to=material_upload_to, blank=True, max_length=200)
    version = models.PositiveIntegerField(default=1)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden after a report: only the author and the organisers see it.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["community", "deleted_at"]),
            models.Index(fields=["visibility", "deleted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level_min__lte=models.F("level_max")), name="material_level_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def levels(self) -> list[int]:
        return list(range(self.level_min, self.level_max + 1))


class MaterialVersion(models.Model):
    """What a material said after one edit. Version 1 is the material as first shared."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    level_min = models.PositiveSmallIntegerField(default=1)
    level_max = models.PositiveSmallIntegerField(default=5)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices)
    skill_ids = models.JSONField(default=list)
    url = models.URLField(blank=True, max_length=500)
    body = models.TextField(blank=True)
    # Files are never overwritten: a version points at the stored file it had.
    file = models.FileField(upload_to=material_upload_to, blank=True, max_length=200)
    file_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    thumbnail = models.FileField(upload_to=material_upload_to, blank=True, max_length=200)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="material_versions",
        verbose_name=_("edited by"),
    )
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        ordering = ["material", "-number"]
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="material_version_unique")]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"


class HelpfulVote(models.Model):
    """One member finds a material helpful (one vote each)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="material_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [models.UniqueConstraint(fields=["material", "user"], name="helpful_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.material_id}"


class MeetupMaterial(models.Model):
    """A material used in a session (kept here so that the sessions app needs no migration)."""

    meetup = models.ForeignKey("meetups.Meetup", on_delete=models.CASCADE, related_name="material_links")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="meetup_links")
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material of a session")
        verbose_name_plural = _("materials of sessions")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["meetup", "material"], name="meetup_material_once")]

    def __str__(self) -> str:
        return f"{self.meetup_id} ← {self.material_id}"


class LearningPath(models.Model):
    """An ordered list of materials and suggested sessions that takes a learner through a skill."""

    Visibility = Visibility

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="learning_paths", verbose_name=_("community")
    )
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.PROTECT, related_name="learning_paths", verbose_name=_("skill")
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    level_from = models.PositiveSmallIntegerField(_("from level"), default=1, validators=LEVEL_VALIDATORS)
    level_to = models.PositiveSmallIntegerField(_("to level"), default=5, validators=LEVEL_VALIDATORS)
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.COMMUNITY
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning_paths"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["skill", "level_from", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level_from__lte=models.F("level_to")), name="path_level_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class StepKind(models.TextChoices):
    MATERIAL = "material", _("Material")
    SESSION = "session", _("Suggested session")


class PathStep(models.Model):
    """One step: a material to study, or a session to take (a suggestion, or a scheduled one)."""

    Kind = StepKind

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, null=True, blank=True, related_name="path_steps", verbose_name=_("material")
    )
    title = models.CharField(_("suggested session"), max_length=140, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    meetup = models.ForeignKey(
        "meetups.Meetup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="path_steps",
        verbose_name=_("scheduled session"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="path_step_position_unique"),
            models.CheckConstraint(
                condition=(models.Q(kind="material", material__isnull=False) | models.Q(kind="session")),
                name="path_step_material_has_material",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.path_id}#{self.position}"


class PathProgress(models.Model):
    """A member has done a step of a path (each follows a path at their own pace)."""

    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_progress")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="path_progress_once")]

    def __str__(self) -> str:
        return f"{self.user_id} ✓ {self.step_id}"

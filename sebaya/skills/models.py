from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SCIENCE = "science", _("Science")
    MATHEMATICS = "mathematics", _("Mathematics")
    ART = "art", _("Art")
    MUSIC = "music", _("Music")
    TECHNOLOGY = "technology", _("Technology")
    LANGUAGES = "languages", _("Languages")
    LITERACY = "literacy", _("Reading and writing")
    CRAFTS = "crafts", _("Crafts")
    COOKING = "cooking", _("Cooking")
    SPORT = "sport", _("Sport and movement")
    NATURE = "nature", _("Nature and environment")
    SOFT_SKILLS = "soft_skills", _("Soft skills")
    OTHER = "other", _("Other")


class Level(models.IntegerChoices):
    BEGINNER = 1, _("1 · Beginner: I have just started")
    BASIC = 2, _("2 · Basic: I can do simple things with help")
    INTERMEDIATE = 3, _("3 · Intermediate: I can do it on my own")
    ADVANCED = 4, _("4 · Advanced: I handle hard cases and help others")
    EXPERT = 5, _("5 · Expert: I could teach anyone, at any level")


class Priority(models.IntegerChoices):
    NICE = 1, _("Nice to have")
    WANT = 2, _("I want this")
    MOST = 3, _("Most wanted")


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class SkillQuerySet(models.QuerySet["Skill"]):
    def available_to(self, community_id: int | None) -> SkillQuerySet:
        """The global catalogue plus the community's own skills."""
        if community_id is None:
            return self.filter(community__isnull=True)
        return self.filter(models.Q(community__isnull=True) | models.Q(community_id=community_id))


class Skill(models.Model):
    """A skill people teach and learn. Global ones form the catalogue; a community may add its own."""

    slug = models.SlugField(_("short name"), max_length=60)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_skills",
        verbose_name=_("community"),
        help_text=_("Empty for the global catalogue."),
    )
    # What the planner needs to know about a session of this skill.
    duration_hours = models.PositiveSmallIntegerField(
        _("session length (hours)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    min_group = models.PositiveSmallIntegerField(
        _("fewest learners"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    max_group = models.PositiveSmallIntegerField(
        _("most learners"), default=6, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category", "name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(community__isnull=True), name="skill_global_slug_unique"
            ),
            models.UniqueConstraint(fields=["community", "slug"], name="skill_community_slug_unique"),
            models.CheckConstraint(condition=models.Q(min_group__lte=models.F("max_group")), name="skill_group_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class TeachSkill(models.Model):
    """A member can teach a skill, at a level."""

    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="teach_skills", verbose_name=_("member")
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="teachers", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("my level"), choices=Level.choices, validators=LEVEL_VALIDATORS)

    class Meta:
        verbose_name = _("skill I teach")
        verbose_name_plural = _("skills I teach")
        constraints = [models.UniqueConstraint(fields=["membership", "skill"], name="teach_skill_unique")]

    def __str__(self) -> str:
        return f"{self.membership} teaches {self.skill} ({self.level})"


class LearnSkill(models.Model):
    """A member wants to learn a skill: where they stand now, and how much they want it."""

    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="learn_skills", verbose_name=_("member")
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="learners", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("my level now"), choices=Level.choices, validators=LEVEL_VALIDATORS)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.WANT)

    class Meta:
        verbose_name = _("skill I want to learn")
        verbose_name_plural = _("skills I want to learn")
        constraints = [models.UniqueConstraint(fields=["membership", "skill"], name="learn_skill_unique")]

    def __str__(self) -> str:
        return f"{self.membership} learns {self.skill} ({self.level}, p{self.priority})"

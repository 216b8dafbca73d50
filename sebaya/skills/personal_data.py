"""What the skills app holds about a person: the skills they teach and want to learn."""

from __future__ import annotations

from typing import Any

from sebaya.accounts.models import User

from .models import LearnSkill, TeachSkill


def export(user: User) -> dict[str, Any]:
    return {
        "teach": [
            {"community": t.membership.community.name, "skill": t.skill.slug, "level": t.level}
            for t in TeachSkill.objects.filter(membership__user=user).select_related("skill", "membership__community")
        ],
        "learn": [
            {"community": s.membership.community.name, "skill": s.skill.slug, "level": s.level, "priority": s.priority}
            for s in LearnSkill.objects.filter(membership__user=user).select_related("skill", "membership__community")
        ],
    }


def erase(user: User) -> None:
    TeachSkill.objects.filter(membership__user=user).delete()
    LearnSkill.objects.filter(membership__user=user).delete()

from __future__ import annotations

import pytest
from django.core.management import call_command

from sebaya.materials.models import LearningPath, Material, MeetupMaterial

pytestmark = pytest.mark.django_db


def test_the_demo_has_materials_a_path_and_materials_in_sessions_once(capsys):
    call_command("seed_demo")
    counts = (Material.objects.count(), LearningPath.objects.count(), MeetupMaterial.objects.count())
    assert counts[0] == 5 and counts[1] == 1 and counts[2] == 2
    assert Material.objects.filter(visibility="public").count() == 4
    assert Material.objects.filter(kind="file", content_type="image/png").exclude(thumbnail="").exists()
    assert [s.kind for s in LearningPath.objects.get().steps.all()] == ["material", "session", "session", "session"]
    call_command("seed_demo")
    assert (Material.objects.count(), LearningPath.objects.count(), MeetupMaterial.objects.count()) == counts
    # A demo loaded before the knowledge commons existed gets its materials on the next run.
    LearningPath.objects.all().delete()
    Material.objects.all().delete()
    call_command("seed_demo")
    assert Material.objects.count() == 5
    assert "Demo materials loaded." in capsys.readouterr().out

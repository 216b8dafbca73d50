"""What plans hold about a person: their place in stored planner inputs and drafts.

A stored plan keeps its input so that it can be checked again; erasure removes the person's home
point from those inputs and their name from the list of members left out."""

from __future__ import annotations

from typing import Any

from sebaya.accounts.models import User
from sebaya.communities.models import Membership

from .instance import person_id
from .models import PlanRun


def _runs(user: User) -> list[tuple[PlanRun, set[str]]]:
    ids = {m.community_id: person_id(m.pk) for m in Membership.objects.filter(user=user)}
    return [(run, {ids[run.community_id]}) for run in PlanRun.objects.filter(community_id__in=ids)]


def export(user: User) -> dict[str, Any]:
    found = []
    for run, ids in _runs(user):
        people = (run.instance or {}).get("people", []) if isinstance(run.instance, dict) else []
        mine = [p for p in people if isinstance(p, dict) and p.get("id") in ids]
        if mine:
            found.append({"community": run.community.name, "week_start": run.week_start, "input": mine})
    return {"plans": found}


def erase(user: User) -> None:
    for run, ids in _runs(user):
        changed = False
        if isinstance(run.instance, dict):
            for p in run.instance.get("people", []):
                if isinstance(p, dict) and p.get("id") in ids and p.get("home") is not None:
                    p["home"] = None
                    changed = True
        left_out = [e for e in run.left_out if not (isinstance(e, dict) and e.get("member") == user.display_name)]
        if changed or left_out != run.left_out:
            run.left_out = left_out
            run.save(update_fields=["instance", "left_out"])

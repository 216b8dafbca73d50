from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user
from sebaya.communities.permissions import get_organised_community
from sebaya.core.errors import ServiceError

from . import reasons, services
from .instance import next_monday
from .models import PlanRun, PlanStatus


def _run(request: HttpRequest, slug: str, run_id: int) -> tuple[Any, Any, PlanRun]:
    community, organiser = get_organised_community(request.user, slug)
    return community, organiser, get_object_or_404(PlanRun, pk=run_id, community=community)


@login_required
def plan_index(request: HttpRequest, slug: str) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    return render(
        request,
        "planning/index.html",
        {
            "community": community,
            "runs": community.plan_runs.all()[:20],
            "next_week": next_monday(timezone.localdate()),
        },
    )


@login_required
@require_POST
def plan_start(request: HttpRequest, slug: str) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    try:
        run = services.plan_start(community=community, by=request_user(request))
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("planning:index", community.slug)
    return redirect("planning:detail", community.slug, run.pk)


def _names(run: PlanRun, community: Any) -> dict[str, str]:
    ids = [int(p["id"].removeprefix("m")) for p in run.instance["people"]]
    members = community.memberships.filter(pk__in=ids).select_related("user")
    # The plan names a minor "Ayu P.", as every page does for those who are not her guardians.
    names = {f"m{m.pk}": m.user.first_name_and_initial if m.user.is_minor else m.user.display_name for m in members}
    names |= {f"v{v.pk}": v.name for v in community.venues.all()}
    names |= {s["id"]: s["name"] for s in run.instance["skills"]}
    return names


@login_required
def plan_detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, _organiser, run = _run(request, slug, run_id)
    context: dict[str, Any] = {"community": community, "run": run}
    if run.plan:
        names = _names(run, community)
        days: dict[Any, list[dict[str, Any]]] = {}
        for s in sorted(run.plan.get("sessions", []), key=lambda s: s["start"]):
            start = services.slot_start(run, s["start"])
            lines = [r for r in (reasons.render(x, names) for x in s.get("reasons", [])) if r]
            travel = reasons.travel_line(s.get("reasons", []), names)
            days.setdefault(start.date(), []).append(
                {
                    "start": start,
                    "skill": names.get(s["skill"], s["skill"]),
                    "teacher": names.get(s["teacher"], s["teacher"]),
                    "learners": [names.get(x, x) for x in s["learners"]],
                    "venue": names.get(s["venue"], s["venue"]),
                    "why": list(dict.fromkeys(lines)) + ([travel] if travel else []),
                }
            )
        fair = services.fairness(run)
        fair["unserved"] = [
            {"learner": names.get(u["learner"], u["learner"]), "skill": names.get(u["skill"], u["skill"])}
            for u in fair["unserved"]
        ]
        context |= {"days": sorted(days.items()), "fairness": fair}
    return render(request, "planning/detail.html", context)


@login_required
def plan_progress(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, _organiser, run = _run(request, slug, run_id)
    response = render(request, "planning/detail.html#progress", {"community": community, "run": run})
    if run.status not in {PlanStatus.QUEUED, PlanStatus.RUNNING}:
        response["HX-Refresh"] = "true"  # the draft is ready: show the whole page
    return response


@login_required
@require_POST
def plan_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, organiser, run = _run(request, slug, run_id)
    try:
        created = services.plan_publish(run=run, by=organiser)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("planning:detail", community.slug, run.pk)
    messages.success(
        request,
        ngettext(
            "%(n)s session published; everyone has been told.",
            "%(n)s sessions published; everyone has been told.",
            len(created),
        )
        % {"n": len(created)},
    )
    return redirect("meetups:calendar", community.slug)

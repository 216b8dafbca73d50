from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user
from sebaya.communities.permissions import get_organised_community
from sebaya.core.errors import ServiceError
from sebaya.core.weekgrid import DAY_NAMES, FIRST_HOUR, LAST_HOUR

from . import draft, reasons, services
from .instance import next_monday
from .models import Decline, DeclineOutcome, DeclineRole, PlanRun, PlanStatus
from .permissions import get_declinable, get_plan_run


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


def draft_context(run: PlanRun) -> dict[str, Any]:
    """The draft as the page shows it: sessions by day with their reasons, and the fairness figures."""
    if not run.plan:
        return {}
    names = services.names_of(run)
    days: dict[Any, list[dict[str, Any]]] = {}
    for s in sorted(run.plan.get("sessions", []), key=lambda s: s["start"]):
        start = services.slot_start(run, s["start"])
        lines = [r for r in (reasons.render(x, names) for x in s.get("reasons", [])) if r]
        travel = reasons.travel_line(s.get("reasons", []), names)
        key = draft.session_key(s)
        days.setdefault(start.date(), []).append(
            {
                "key": key,
                "pinned": key in run.pinned,
                "start": start,
                "day": start.weekday(),
                "hour": start.hour,
                "venue_id": s["venue"],
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
    removed = [
        {"skill": names.get(sk, sk), "teacher": names.get(t, t), "start": services.slot_start(run, start)}
        for sk, t, start in run.excluded
    ]
    venues = [(v["id"], names.get(v["id"], v["id"])) for v in run.instance.get("venues", [])]
    return {"days": sorted(days.items()), "fairness": fair, "removed": removed, "venues": venues}


def _detail(request: HttpRequest, community: Any, run: PlanRun) -> HttpResponse:
    context: dict[str, Any] = {
        "community": community,
        "run": run,
        "week_days": list(enumerate(DAY_NAMES)),
        "hours": range(FIRST_HOUR, LAST_HOUR),
        **draft_context(run),
        "declines": Decline.objects.filter(planned__run=run).select_related(
            "membership__user", "replacement__user", "planned__meetup"
        ),
    }
    return render(request, "planning/detail.html", context)


@login_required
def plan_detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, _organiser, run = get_plan_run(request.user, slug, run_id)
    return _detail(request, community, run)


@login_required
def plan_progress(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, _organiser, run = get_plan_run(request.user, slug, run_id)
    response = render(request, "planning/detail.html#progress", {"community": community, "run": run})
    if run.status not in {PlanStatus.QUEUED, PlanStatus.RUNNING}:
        response["HX-Refresh"] = "true"  # the draft is ready: show the whole page
    return response


def _edited(request: HttpRequest, community: Any, run: PlanRun, done: str) -> HttpResponse:
    """After an edit of the draft: the page again (htmx swaps its main part) or a redirect."""
    messages.success(request, done)
    if request.htmx:  # type: ignore[attr-defined]
        run.refresh_from_db()
        return _detail(request, community, run)
    return redirect("planning:detail", community.slug, run.pk)


def _failed(request: HttpRequest, community: Any, run: PlanRun, error: ServiceError) -> HttpResponse:
    messages.error(request, error.message)
    if request.htmx:  # type: ignore[attr-defined]
        run.refresh_from_db()
        return _detail(request, community, run)
    return redirect("planning:detail", community.slug, run.pk)


@login_required
@require_POST
def session_pin(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, organiser, run = get_plan_run(request.user, slug, run_id)
    pinned = request.POST.get("pinned") != "no"
    try:
        services.draft_session_pin(run=run, by=organiser, key=request.POST.get("session", ""), pinned=pinned)
    except ServiceError as e:
        return _failed(request, community, run, e)
    done = _("Pinned: a re-plan keeps this session exactly.") if pinned else _("Unpinned.")
    return _edited(request, community, run, done)


@login_required
@require_POST
def session_remove(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, organiser, run = get_plan_run(request.user, slug, run_id)
    try:
        services.draft_session_remove(run=run, by=organiser, key=request.POST.get("session", ""))
    except ServiceError as e:
        return _failed(request, community, run, e)
    return _edited(request, community, run, _("Removed from the draft; a re-plan will not propose it again."))


@login_required
@require_POST
def session_move(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, organiser, run = get_plan_run(request.user, slug, run_id)
    try:
        day, hour = int(request.POST.get("day", "")), int(request.POST.get("hour", ""))
    except ValueError:
        return _failed(request, community, run, ServiceError(_("Choose a day and an hour.")))
    try:
        start = services.draft_slot(run, day, hour) if run.instance.get("horizon") else -1
        services.draft_session_move(
            run=run, by=organiser, key=request.POST.get("session", ""), start=start, venue=request.POST.get("venue", "")
        )
    except ServiceError as e:
        return _failed(request, community, run, e)
    return _edited(request, community, run, _("Moved and pinned."))


@login_required
@require_POST
def plan_replan(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, organiser, run = get_plan_run(request.user, slug, run_id)
    try:
        child = services.plan_replan(run=run, by=organiser)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("planning:detail", community.slug, run.pk)
    return redirect("planning:detail", community.slug, child.pk)


@login_required
def plan_check(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, _organiser, run = get_plan_run(request.user, slug, run_id)
    try:
        report = services.plan_recheck(run)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("planning:detail", community.slug, run.pk)
    context = {"community": community, "run": run, "report": report}
    template = "planning/check.html#verdict" if request.htmx else "planning/check.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def plan_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    community, organiser, run = get_plan_run(request.user, slug, run_id)
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


def _declined_message(decline: Decline) -> str:
    if decline.outcome == DeclineOutcome.REPLACED and decline.replacement is not None:
        return _("Declined: %(name)s teaches it instead, and everyone has been told.") % {
            "name": decline.replacement.user.display_name
        }
    if decline.outcome == DeclineOutcome.CANCELLED and decline.role == DeclineRole.TEACHER:
        return _("Declined. Nobody else could teach it then, so the session is cancelled; everyone has been told.")
    if decline.outcome == DeclineOutcome.CANCELLED:
        return _("Declined. Nobody else was left to learn, so the session is cancelled; the teacher has been told.")
    return _("Declined: the seat is free for someone else, and the rest of the plan stays as it is.")


@login_required
def assignment_decline(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    """The page a planned teacher or learner (or their guardian) reaches from the notice or the
    session's page: what they are asked to do, and a button to decline it."""
    community, meetup, planned, choices = get_declinable(request.user, slug, meetup_id)
    if request.method == "POST":
        try:
            member_id = int(request.POST.get("member", ""))
        except ValueError:
            member_id = -1
        member = next((m for m in choices if m.pk == member_id), None)
        if member is None:
            messages.error(request, _("Choose whose place to give up."))
            return redirect("planning:decline", community.slug, meetup.pk)
        try:
            decline = services.assignment_decline(planned=planned, membership=member, by=request_user(request))
        except ServiceError as e:
            messages.error(request, e.message)
            return redirect("planning:decline", community.slug, meetup.pk)
        messages.success(request, _declined_message(decline))
        return redirect("meetups:detail", community.slug, meetup.pk)
    rows = [(m, services.assignment_role(meetup, m)) for m in choices]
    return render(
        request, "planning/decline.html", {"community": community, "meetup": meetup, "planned": planned, "rows": rows}
    )

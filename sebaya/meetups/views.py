from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sebaya.accounts.permissions import request_user
from sebaya.communities.models import Community, JoinRequest, Membership
from sebaya.communities.permissions import get_member_community, membership_of
from sebaya.core.errors import ServiceError
from sebaya.core.htmx import render_page
from sebaya.skills.models import Skill

from . import services
from .forms import CheckInForm, FeedbackForm, MeetupForm, NotesForm, OccurrencesForm
from .models import Feedback, Meetup, MeetupStatus, Rsvp, RsvpStatus
from .permissions import can_change, can_see_address, get_meetup, get_member_meetup, get_rw_meetup


def visible_meetups(community: Community, viewer: Membership | None) -> QuerySet[Meetup]:
    """Published, done and cancelled sessions; drafts too for those who may change them."""
    qs = Meetup.objects.filter(community=community)
    shown = Q(status__in=[MeetupStatus.PUBLISHED, MeetupStatus.DONE, MeetupStatus.CANCELLED])
    if viewer is not None and viewer.can_facilitate:
        shown |= Q(status=MeetupStatus.DRAFT)
    elif viewer is not None:
        shown |= Q(status=MeetupStatus.DRAFT, host=viewer)
    return qs.filter(shown).select_related("skill", "venue", "host__user")


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's sessions: a week at a time (default) or a list of all coming ones."""
    from sebaya.communities.permissions import get_community

    community = get_community(slug)
    viewer = membership_of(request.user, community)
    qs = visible_meetups(community, viewer).annotate(n_going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
    skill = request.GET.get("skill", "")
    if skill:
        qs = qs.filter(skill__slug=skill)
    # Days and weeks as the viewer lives them: their own time zone decides which day a session is on.
    zone = timezone.get_current_timezone()
    view = "list" if request.GET.get("view") == "list" else "week"
    today = timezone.now().astimezone(zone).date()
    try:
        week_of = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        week_of = today
    monday = week_of - datetime.timedelta(days=week_of.weekday())
    if view == "week":
        start = datetime.datetime.combine(monday, datetime.time(), tzinfo=zone)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=7))
        days: list[tuple[datetime.date, list[Meetup]]] = [(monday + datetime.timedelta(days=i), []) for i in range(7)]
        by_day = dict(days)
        for m in qs.order_by("starts_at"):
            by_day[m.starts_at.astimezone(zone).date()].append(m)
        meetups: Any = days
    else:
        meetups = qs.filter(ends_at__gte=timezone.now()).order_by("starts_at")[:200]
    context = {
        "community": community,
        "viewer": viewer,
        "view": view,
        "meetups": meetups,
        "monday": monday,
        "prev_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "skills": Skill.objects.filter(meetups__community=community).distinct().order_by("name_en"),
        "skill": skill,
        "can_schedule": viewer is not None and (viewer.can_facilitate or community.members_can_host),
    }
    return render_page(request, "meetups/calendar.html", context, partial="sessions")


@login_required
def meetup_new(request: HttpRequest, slug: str) -> HttpResponse:
    community, viewer = get_member_community(request.user, slug)
    if not (viewer.can_facilitate or community.members_can_host):
        messages.error(request, _("In this community, organisers and facilitators schedule the sessions."))
        return redirect("meetups:calendar", community.slug)
    form = MeetupForm(request.POST or None, community=community, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = services.meetup_create(
                by=viewer, host=d["host"], skill=d["skill"], title=d["title"], starts_at=d["starts_at"],
                ends_at=d["ends_at"], venue=d["venue"], online_url=d["online_url"], capacity=d["capacity"],
                agenda=d["agenda"], level_min=d["level_min"], level_max=d["level_max"], weeks=d["weeks"],
                publish=d["publish"], cohosts=[c for c in d.get("cohosts", []) if c.pk != d["host"].pk],
            )  # fmt: skip
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request,
                _("Session scheduled.")
                if len(created) == 1
                else _("%(n)s weekly sessions scheduled.") % {"n": len(created)},
            )
            return redirect("meetups:detail", community.slug, created[0].pk)
    return render(request, "meetups/form.html", {"community": community, "form": form})


def _detail_context(
    request: HttpRequest, community: Community, meetup: Meetup, viewer: Membership | None
) -> dict[str, Any]:
    rsvp = Rsvp.objects.filter(meetup=meetup, membership=viewer).first() if viewer else None
    editable = can_change(viewer, meetup)
    going = meetup.rsvps.filter(status=RsvpStatus.GOING).select_related("membership__user").order_by("created_at")
    return {
        "community": community,
        "meetup": meetup,
        "viewer": viewer,
        "rsvp": rsvp,
        "position": services.waitlist_position(rsvp) if rsvp else None,
        "can_change": editable,
        "show_address": can_see_address(viewer, meetup),
        "going": going if viewer else None,
        "n_going": going.count(),
        "n_waiting": meetup.rsvps.filter(status=RsvpStatus.WAITLISTED).count(),
        "checkin_open": meetup.starts_at - services.CHECKIN_EARLY <= timezone.now() <= meetup.ends_at,
        "feedback_open": meetup.starts_at <= timezone.now() and meetup.status != MeetupStatus.CANCELLED,
        "gave_feedback": bool(viewer) and Feedback.objects.filter(meetup=meetup, membership=viewer).exists(),
        "summary": services.feedback_summary(meetup) if editable else None,
        "checkin_form": CheckInForm(),
        "feedback_form": FeedbackForm(),
        "notes_form": NotesForm(initial={"notes": meetup.notes}),
    }


def meetup_detail(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, viewer = get_meetup(request.user, slug, meetup_id)
    return render(request, "meetups/detail.html", _detail_context(request, community, meetup, viewer))


@login_required
@require_POST
def rsvp(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, viewer = get_member_meetup(request.user, slug, meetup_id)
    try:
        result = services.meetup_rsvp(meetup=meetup, membership=viewer, going=request.POST.get("going") == "yes")
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, str(RsvpStatus(result.status).label))
        meetup.refresh_from_db(fields=["flagged"])
        if meetup.flagged and result.status == RsvpStatus.NOT_GOING:
            messages.warning(
                request, _("Now only one child and one adult remain in this session; the organisers have been told.")
            )
    if request.htmx:  # type: ignore[attr-defined]
        # The whole page, of which htmx swaps the main part: the answer, the seat count, the list of
        # who is coming and any message all change together.
        return render(request, "meetups/detail.html", _detail_context(request, community, meetup, viewer))
    return redirect("meetups:detail", community.slug, meetup.pk)


@login_required
def meetup_edit(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, viewer = get_rw_meetup(request.user, slug, meetup_id)
    zone = services.community_zone(community)
    initial = {
        "title": meetup.title, "skill": meetup.skill_id, "venue": meetup.venue_id, "online_url": meetup.online_url,
        "capacity": meetup.capacity, "level_min": meetup.level_min, "level_max": meetup.level_max, "agenda": meetup.agenda,
        "date": meetup.starts_at.astimezone(zone).date(), "start": meetup.starts_at.astimezone(zone).time(),
        "end": meetup.ends_at.astimezone(zone).time(),
    }  # fmt: skip
    form = MeetupForm(request.POST or None, initial=initial, community=community, viewer=viewer, editing=True)
    scope = OccurrencesForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and scope.is_valid():
        d = form.cleaned_data
        changes = {
            "title": d["title"], "skill": d["skill"], "venue": d["venue"], "online_url": d["online_url"],
            "capacity": d["capacity"] or meetup.capacity, "level_min": d["level_min"], "level_max": d["level_max"],
            "agenda": d["agenda"], "starts_at": d["starts_at"], "ends_at": d["ends_at"],
        }  # fmt: skip
        try:
            services.meetup_update(meetup=meetup, occurrences=scope.cleaned_data["occurrences"], **changes)
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("meetups:detail", community.slug, meetup.pk)
    return render(
        request, "meetups/form.html", {"community": community, "form": form, "scope": scope, "meetup": meetup}
    )


def _host_action(
    request: HttpRequest, slug: str, meetup_id: int, action: Callable[..., object], done: str
) -> HttpResponse:
    """Run one of the host's one-click actions and come back to the session with its outcome."""
    community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    try:
        action(meetup=meetup)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, done)
    return redirect("meetups:detail", community.slug, meetup.pk)


@login_required
@require_POST
def meetup_publish(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    return _host_action(request, slug, meetup_id, services.meetup_publish, _("Published: the members have been told."))


@login_required
@require_POST
def meetup_cancel(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    return _host_action(
        request,
        slug,
        meetup_id,
        services.meetup_cancel,
        _("The session is cancelled; everyone who was coming has been told."),
    )


@login_required
def attendance(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    if request.method == "POST":
        present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        try:
            services.attendance_mark(meetup=meetup, present=present)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("meetups:detail", community.slug, meetup.pk)
    going = (
        meetup.rsvps.filter(status=RsvpStatus.GOING)
        .select_related("membership__user")
        .order_by("membership__user__display_name")
    )
    return render(request, "meetups/attendance.html", {"community": community, "meetup": meetup, "going": going})


@login_required
@require_POST
def check_in(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, viewer = get_member_meetup(request.user, slug, meetup_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the six digits the host shows."))
    else:
        try:
            services.check_in(meetup=meetup, membership=viewer, code=form.cleaned_data["code"])
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("You are checked in. Enjoy the session!"))
    return redirect("meetups:detail", community.slug, meetup.pk)


@login_required
@require_POST
def notes(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, _viewer = get_rw_meetup(request.user, slug, meetup_id)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.meetup_notes(meetup=meetup, notes=form.cleaned_data["notes"])
        messages.success(request, _("Notes saved."))
    else:
        messages.error(request, _("The notes are too long."))
    return redirect("meetups:detail", community.slug, meetup.pk)


@login_required
@require_POST
def feedback(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    community, meetup, viewer = get_member_meetup(request.user, slug, meetup_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_give(meetup=meetup, membership=viewer, **form.cleaned_data)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("meetups:detail", community.slug, meetup.pk)
    context = _detail_context(request, community, meetup, viewer)
    context["feedback_form"] = form
    return render(request, "meetups/detail.html", context, status=400 if form.errors else 200)


@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    """What I host and what I answered, this week and the coming ones, in my own time zone."""
    user = request_user(request)
    now = timezone.now()
    mine = Q(host__user=user) | Q(cohosts__user=user)
    hosting = Meetup.objects.filter(mine, ends_at__gte=now).exclude(status=MeetupStatus.DRAFT).distinct()
    rsvps = (
        Rsvp.objects.filter(membership__user=user, meetup__ends_at__gte=now)
        .exclude(status=RsvpStatus.NOT_GOING)
        .select_related("meetup__community", "meetup__skill", "meetup__venue")
        .order_by("meetup__starts_at")
    )
    return render(
        request,
        "meetups/my_week.html",
        {
            "hosting": hosting.select_related("community", "skill", "venue").order_by("starts_at")[:50],
            "rsvps": rsvps[:100],
            "drafts": Meetup.objects.filter(mine, status=MeetupStatus.DRAFT, ends_at__gte=now)
            .select_related("community")
            .distinct(),
        },
    )


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """What waits for a guardian's consent: a guardian's children's answers to sessions and requests
    to join communities, with one-tap approve and decline; a minor sees their own waiting ones."""
    user = request_user(request)
    fields = ("membership__user", "meetup__community", "meetup__venue", "meetup__skill")
    pending = (
        Rsvp.objects.filter(membership__user__guarded_by__guardian=user, status=RsvpStatus.PENDING_GUARDIAN)
        .select_related(*fields)
        .order_by("meetup__starts_at")
    )
    join_requests = JoinRequest.objects.filter(
        user__guarded_by__guardian=user, status=JoinRequest.Status.PENDING_GUARDIAN
    ).select_related("user", "community")
    mine = Rsvp.objects.none()
    my_requests = JoinRequest.objects.none()
    if user.is_minor:
        mine = (
            Rsvp.objects.filter(membership__user=user, status=RsvpStatus.PENDING_GUARDIAN)
            .select_related(*fields)
            .order_by("meetup__starts_at")
        )
        my_requests = JoinRequest.objects.filter(user=user, status=JoinRequest.Status.PENDING_GUARDIAN).select_related(
            "community"
        )
    return render(
        request,
        "meetups/consents.html",
        {"pending": pending, "join_requests": join_requests, "mine": mine, "my_requests": my_requests},
    )


@login_required
@require_POST
def consent_decide(request: HttpRequest, rsvp_id: int) -> HttpResponse:
    rsvp_obj = get_object_or_404(
        Rsvp.objects.select_related("meetup"), pk=rsvp_id, membership__user__guarded_by__guardian=request.user
    )
    try:
        services.rsvp_guardian_decide(
            rsvp=rsvp_obj, guardian=request_user(request), approve=request.POST.get("decision") == "approve"
        )
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Thank you, your answer is saved."))
    return redirect("meetups:consents")

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sebaya.accounts.permissions import request_user
from sebaya.core.errors import ServiceError

from . import services
from .forms import ActionForm, ReportForm
from .models import Report, Status
from .permissions import get_moderated_community, get_report_for_moderator, get_reportable, instance_reports, my_reports
from .registry import load, target_for

QUEUE_SIZE = 100


@login_required
def report_new(request: HttpRequest, slug: str, kind: str, object_id: int) -> HttpResponse:
    """The small form behind every "Report" link."""
    target = target_for(kind)
    community, obj = get_reportable(request.user, slug, target, object_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request_user(request),
                community=community,
                target=target,
                obj=obj,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Thank you. The community's moderators will look at your report."))
            return redirect("moderation:mine")
    return render(
        request,
        "moderation/report_form.html",
        {"community": community, "form": form, "label": target.describe(obj), "back": target.url(obj)},
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/mine.html", {"reports": my_reports(request.user)[:QUEUE_SIZE]})


def _queue_context(reports: Any, request: HttpRequest) -> dict[str, Any]:
    show = request.GET.get("show", "open")
    if show != "all":
        reports = reports.filter(status=Status.OPEN)
    return {"reports": list(reports[:QUEUE_SIZE]), "show": show}


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    community, reports = get_moderated_community(request.user, slug)
    return render(request, "moderation/queue.html", {"community": community, **_queue_context(reports, request)})


@login_required
def instance_queue(request: HttpRequest) -> HttpResponse:
    reports = instance_reports(request.user)
    return render(request, "moderation/queue.html", {"community": None, **_queue_context(reports, request)})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One report and, while it is open, the decision form."""
    report = get_report_for_moderator(request.user, report_id)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_act(
                report=report,
                by=request_user(request),
                action=data["action"],
                message=data["message"],
                until=_end_of(data["until"]),
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Done. Those concerned have been told."))
            return redirect("moderation:report_detail", report.pk)
    target = target_for(report.kind)
    obj = load(report.kind, report.object_id)
    others = Report.objects.filter(
        community_id=report.community_id, kind=report.kind, object_id=report.object_id
    ).exclude(pk=report.pk)
    return render(
        request,
        "moderation/report_detail.html",
        {
            "report": report,
            "form": form,
            "url": target.url(obj) if obj is not None else "",
            "can_hide": target.hide is not None,
            "others": others.count(),
        },
    )


def _end_of(day: datetime.date | None) -> datetime.datetime | None:
    """A suspension "until 12 March" lasts through that day in the moderator's time zone."""
    if day is None:
        return None
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sebaya.accounts.permissions import request_user

from .models import Action, AuditEvent

PER_PAGE = 50


@login_required
def my_activity(request: HttpRequest) -> HttpResponse:
    """The sensitive actions done by or to the logged-in person."""
    user = request_user(request)
    events = AuditEvent.objects.filter(Q(subject=user) | Q(actor=user)).select_related("actor", "subject", "community")
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "mine": True})


@login_required
def operator_log(request: HttpRequest) -> HttpResponse:
    """The whole log, for the instance's operators, filterable by action."""
    if not request_user(request).is_staff:
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor", "subject", "community")
    action = request.GET.get("action", "")
    if action in Action.values:
        events = events.filter(action=action)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "audit/list.html", {"page": page, "mine": False, "actions": Action.choices, "action": action}
    )

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sebaya.communities.permissions import get_community, get_member_community, get_organised_community
from sebaya.core.weekgrid import describe

from .forms import VenueForm
from .permissions import can_change, can_see_address, get_rw_venue_for_user, get_venue_for_user, venues_for


@login_required
def venue_list(request: HttpRequest, slug: str) -> HttpResponse:
    community, viewer = get_member_community(request.user, slug)
    rows = [
        {"venue": v, "show_address": can_see_address(viewer, v)}
        for v in venues_for(viewer).order_by("-is_active", "name")
    ]
    return render(request, "venues/list.html", {"community": community, "viewer": viewer, "rows": rows})


@login_required
def venue_detail(request: HttpRequest, slug: str, venue_id: int) -> HttpResponse:
    community = get_community(slug)
    venue, viewer = get_venue_for_user(request.user, community, venue_id)
    return render(
        request,
        "venues/detail.html",
        {
            "community": community,
            "venue": venue,
            "show_address": can_see_address(viewer, venue),
            "can_change": can_change(viewer, venue),
            "opening": describe(venue.opening),
        },
    )


@login_required
def venue_new(request: HttpRequest, slug: str) -> HttpResponse:
    community, _organiser = get_organised_community(request.user, slug)
    form = VenueForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        venue = form.save()
        messages.success(request, _("Venue “%(name)s” added.") % {"name": venue.name})
        return redirect("venues:detail", community.slug, venue.pk)
    return render(request, "venues/form.html", {"community": community, "form": form})


@login_required
def venue_edit(request: HttpRequest, slug: str, venue_id: int) -> HttpResponse:
    community = get_community(slug)
    venue, _viewer = get_rw_venue_for_user(request.user, community, venue_id)
    form = VenueForm(request.POST or None, instance=venue, community=community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("venues:detail", community.slug, venue.pk)
    return render(request, "venues/form.html", {"community": community, "form": form, "venue": venue})

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sebaya.accounts.models import User
from sebaya.accounts.permissions import request_user
from sebaya.communities.models import Community
from sebaya.meetups.permissions import get_meetup

from . import feeds
from .models import CalendarToken
from .permissions import get_feed_owner, get_public_community


def _page(request: HttpRequest, user: User, **extra: Any) -> HttpResponse:
    public = Community.objects.filter(memberships__user=user, visibility=Community.Visibility.PUBLIC).order_by("name")
    context = {
        "token": CalendarToken.objects.active_for(user),
        "community_feeds": [
            (c, settings.SITE_URL + reverse("calendars:community_feed", args=[c.slug])) for c in public
        ],
        **extra,
    }
    return render(request, "calendars/calendar.html", context)


@login_required
@require_safe
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Whether I have a feed link, and the buttons to make, replace or switch it off."""
    return _page(request, request_user(request))


@login_required
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    """Make my feed link, or a new one in place of the old; show it this once."""
    user = request_user(request)
    raw = CalendarToken.objects.issue(user)
    url = settings.SITE_URL + reverse("calendars:member_feed", args=[raw])
    # Rendered, not redirected: the link exists only in this response and is never stored,
    # and neither may the browser's cache keep the page that shows it.
    response = _page(request, user, feed_url=url, webcal_url="webcal://" + url.split("://", 1)[1])
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """Switch my feed link off; the page then offers to make a new one."""
    if CalendarToken.objects.revoke(request_user(request)):
        messages.success(request, _("Your calendar link no longer works."))
    return redirect("calendars:page")


def _ics(request: HttpRequest, body: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # Personal content behind a secret: no shared cache may keep a copy.
        patch_cache_control(response, private=True, no_cache=True)
    # Calendar apps poll again and again; a feed that has not changed answers 304 without a body.
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


@require_safe
def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed owner's sessions, for whoever holds the link (no log-in: the token is the credential)."""
    user = get_feed_owner(token)
    response = _ics(request, feeds.member_feed(user), "sebaya.ics", private=True)
    # The link is a credential; keep it out of search engines should it ever leak onto a page.
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def community_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """A public community's sessions, for anyone."""
    community = get_public_community(slug)
    return _ics(request, feeds.community_feed(community), f"{community.slug}.ics", private=False)


@require_safe
def meetup_ics(request: HttpRequest, slug: str, meetup_id: int) -> HttpResponse:
    """One session as an .ics file, for whoever may see its page."""
    community, meetup, viewer = get_meetup(request.user, slug, meetup_id)
    return _ics(request, feeds.meetup_feed(meetup, viewer), f"{community.slug}-{meetup.pk}.ics", private=True)

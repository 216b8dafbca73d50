"""Rate limits on the doors that attract abuse: sign-up, log-in, password reset, invites, reports.

The counting is django-ratelimit's; which requests count is this one table, so that the limits
live in one place instead of in decorators spread over apps. Rates come from settings (and so
from the environment). A limited page answers 429 with a translated page, the API with
``{"code": "rate_limited", "detail": …}``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

# Which POSTs count, by URL name for pages and by route for API operations: (limit name, key).
# "ip" counts per client address (nobody is logged in yet); "user_or_ip" per account when there is one.
LIMITED: dict[str, tuple[str, str]] = {
    "accounts:signup": ("signup", "ip"),
    "accounts:login": ("login", "ip"),
    "accounts:password_reset": ("password_reset", "ip"),
    "communities:invites": ("invite", "user_or_ip"),
    "api/communities/<slug>/invites": ("invite", "user_or_ip"),
    "moderation:report": ("report", "user_or_ip"),
    "api/communities/<slug>/reports": ("report", "user_or_ip"),
}


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind a trusted proxy, the one it appended to X-Forwarded-For."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR") or "0.0.0.0")  # noqa: S104 - an address to count, not to bind


def _rule(request: HttpRequest) -> tuple[str, str] | None:
    match = request.resolver_match
    if match is None or request.method != "POST":
        return None
    return LIMITED.get(match.view_name) or LIMITED.get(match.route)


def limited_response(request: HttpRequest) -> HttpResponse:
    detail = _("Too many attempts. Please wait a while and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "rate_limited", "detail": detail}, status=429)
    return render(request, "429.html", {"detail": detail}, status=429)


class RateLimitMiddleware:
    """Counts the POSTs named in ``LIMITED`` and refuses those over the configured rate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponse | None:
        rule = _rule(request)
        if rule is None:
            return None
        name, key = rule
        rate = settings.SEBAYA_RATE_LIMITS.get(name)
        if not rate:
            return None
        by_ip = key == "ip" or not request.user.is_authenticated
        counted = "ip" if by_ip else "user"
        value = client_ip(request) if by_ip else str(request.user.pk)
        if is_ratelimited(
            request,
            group=f"sebaya.{name}.{counted}",
            key=lambda _group, _request: value,
            rate=rate,
            method="POST",
            increment=True,
        ):
            return limited_response(request)
        return None


# Browser features no page of Sebaya uses; denying them limits what injected content could do.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

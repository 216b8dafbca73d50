"""The JSON API: one NinjaAPI that mounts each app's router and shapes every error in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sebaya.accounts.api import router as accounts_router
from sebaya.communities.api import router as communities_router
from sebaya.core.api import AUTH, TextParser
from sebaya.core.errors import ServiceError
from sebaya.core.uploads import upload_too_large
from sebaya.discussions.api import router as discussions_router
from sebaya.materials.api import router as materials_router
from sebaya.materials.files import too_large
from sebaya.meetups.api import router as meetups_router
from sebaya.moderation.api import router as moderation_router
from sebaya.planning.api import router as planning_router
from sebaya.search.api import router as search_router
from sebaya.skills.api import router as skills_router
from sebaya.venues.api import router as venues_router

api = NinjaAPI(
    title="Sebaya API",
    version="1",
    description=(
        "Communities, members, skills, planning profiles, venues, sessions, materials, learning paths, "
        "discussions, reports and search of Sebaya. "
        "Authenticate with a personal token (`Authorization: Bearer sby_…`, created on your profile page) "
        "or with the browser session (unsafe methods then need the `X-CSRFToken` header). "
        'Every error is JSON: `{"code": "…", "detail": "…"}`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    parser=TextParser(),
)


def _error(request: HttpRequest, status: int, code: str, detail: object) -> HttpResponse:
    return api.create_response(request, {"code": code, "detail": detail}, status=status)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, exc.status, exc.code, getattr(exc, "errors", exc.message))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You may not do this."))


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", _("Log in or send a valid API token."))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if upload_too_large(request):
        # The file was dropped as it arrived (see sebaya.core.uploads), so it reads as missing.
        return service_error(request, too_large())
    return _error(request, 422, "validation_error", exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja raises this for a body it cannot parse (not JSON, not UTF-8) and for similar slips.
    return _error(request, exc.status_code, "bad_request" if exc.status_code == 400 else "error", str(exc))


api.add_router("/", accounts_router)
api.add_router("/", communities_router)
api.add_router("/", skills_router)
api.add_router("/", venues_router)
api.add_router("/", meetups_router)
api.add_router("/", planning_router)
api.add_router("/", materials_router)
api.add_router("/", moderation_router)
api.add_router("/", discussions_router)
api.add_router("/", search_router)

"""Requests refused before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sebaya.core.errors import has_null, null_characters


class NullCharactersMiddleware:
    """A page's query string holding a NUL character gets a 400 page: views filter on query
    parameters, and PostgreSQL refuses such text with an error. Forms refuse it in posted fields
    themselves, and the API (``/api/``) answers with its own JSON error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and has_null(dict(request.GET.lists())):
            return render(request, "400.html", {"detail": null_characters()}, status=400)
        return self.get_response(request)

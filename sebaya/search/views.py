from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from sebaya.communities.permissions import communities_of
from sebaya.core.htmx import render_page
from sebaya.skills.models import Skill

from .forms import SearchForm, filters_from
from .models import Audience, Document
from .queries import search


def search_page(request: HttpRequest) -> HttpResponse:
    """One search box over materials, sessions, discussions and communities, with filters.

    htmx asks for the results partial as the person types; the whole page works without it.
    """
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"].strip() or any(data[k] for k in ("kind", "skill", "level", "language", "community", "licence")):
            results = search(request.user, data["q"], filters_from(data), page=data["page"] or 1)
    context = {
        "form": form,
        "results": results,
        "skills": Skill.objects.filter(community__isnull=True).order_by("name_en"),
        "communities": communities_of(request.user).order_by("name"),
        "licences": (
            Document.objects.filter(audience=Audience.PUBLIC)
            .exclude(licence="")
            .order_by("licence")
            .values_list("licence", flat=True)
            .distinct()
        ),
        "query_string": _without_page(request),
    }
    return render_page(request, "search/search.html", context, partial="results")


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

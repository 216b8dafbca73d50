from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from sebaya.core.api import OPEN, OPTIONAL_AUTH, Error

from .forms import filters_from
from .queries import MAX_PAGE, search

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="Words in Indonesian or English; affixed forms match their stem.")
    kind: Literal["material", "session", "discussion", "community"] | None = None
    skill: str | None = Field(None, max_length=60, description="A skill's short name, e.g. `guitar`.")
    level: int | None = Field(None, ge=1, le=5)
    language: Literal["id", "en"] | None = None
    community: str | None = Field(None, max_length=60, description="A community's web address (slug).")
    licence: str | None = Field(None, max_length=40)
    page: int = Field(1, ge=1, le=MAX_PAGE)


class HitOut(Schema):
    kind: str
    title: str = Field(description="HTML: escaped text with matching words in `<mark>`.")
    snippet: str = Field(description="HTML: escaped text with matching words in `<mark>`.")
    url: str
    language: str
    community: str | None


class SearchOut(Schema):
    total: int = Field(description="How many results the caller may see in all (at most 1,000: see `more`).")
    more: bool = Field(description="True when there are more than `total` results.")
    page: int
    pages: int
    results: list[HitOut]


@router.get(
    "/search", response={200: SearchOut, 422: Error}, auth=OPTIONAL_AUTH, openapi_extra=OPEN,
    summary="Search materials, sessions, discussions and communities",
    description="Returns only what the caller may see: public documents and those of their own communities.",
)  # fmt: skip
def search_api(request: HttpRequest, params: Query[SearchQuery]) -> dict[str, Any]:
    data = params.model_dump()
    results = search(request.user, params.q, filters_from(data), page=params.page)
    return {
        "total": results.total,
        "more": results.more,
        "page": results.page,
        "pages": results.pages,
        "results": [
            {"kind": h.kind, "title": str(h.title), "snippet": str(h.snippet), "url": h.url,
             "language": h.language, "community": h.community}
            for h in results.hits
        ],
    }  # fmt: skip

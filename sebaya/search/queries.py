"""Searching as a given person: what they may find, ranked, with highlighted snippets."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import SafeString, mark_safe

from sebaya.accounts.models import User
from sebaya.communities.models import Membership

from .backends import COUNT_LIMIT, Filters, Scope, get_backend
from .models import Document
from .text import highlight, query_terms

PER_PAGE = 20
MAX_PAGE = 50


@dataclass(frozen=True)
class Hit:
    kind: str
    title: SafeString
    snippet: SafeString
    url: str
    language: str
    community: str | None


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    # True when there are more results than ``total`` says: counting stops at COUNT_LIMIT.
    more: bool = False


def scope_for(user: User | AnonymousUser) -> Scope:
    """The communities whose members-only documents ``user`` may find, and those they facilitate."""
    if not user.is_authenticated:
        return Scope()
    rows = list(Membership.objects.filter(user_id=user.pk).values_list("community_id", "role"))
    staff = {Membership.Role.ORGANISER, Membership.Role.FACILITATOR}
    return Scope(
        user_id=user.pk,
        member_of=tuple(sorted(c for c, _r in rows)),
        staff_of=tuple(sorted(c for c, r in rows if r in staff)),
    )


def search(
    user: User | AnonymousUser, query: str, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE
) -> Results:
    """The page ``page`` of what ``user`` may find for ``query`` and ``filters``, best first.

    An empty query lists what the filters select, newest first. Snippets come from the stored
    original text, escaped, with the words whose stems match the query's in ``<mark>``.
    """
    page = max(1, min(page, MAX_PAGE))
    terms = query_terms(query)
    ids, total = get_backend().search(terms, scope_for(user), filters, limit=per_page, offset=(page - 1) * per_page)
    # One query for the page: the documents, their texts (for the snippets) and community names.
    docs = Document.objects.select_related("text", "community").in_bulk(ids)
    stems = frozenset().union(*terms) if terms else frozenset()
    hits = []
    for pk in ids:
        doc = docs.get(pk)
        if doc is None:
            continue
        hits.append(
            Hit(
                kind=doc.kind,
                # highlight() escapes everything it does not mark.
                title=mark_safe(highlight(doc.title, doc.language, stems, size=60)),  # noqa: S308
                snippet=mark_safe(highlight(doc.text.body, doc.language, stems)),  # noqa: S308
                url=doc.url,
                language=doc.language,
                community=doc.community.name if doc.community is not None else None,
            )
        )
    shown = min(total, COUNT_LIMIT)
    return Results(hits=hits, total=shown, page=page, pages=max(1, -(-shown // per_page)), more=total > COUNT_LIMIT)

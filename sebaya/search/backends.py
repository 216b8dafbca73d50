"""Full-text search on each database behind one interface.

SQLite answers from an FTS5 table (ranked by BM25), PostgreSQL from a ``tsvector`` column with a GIN
index (ranked by ``ts_rank``). Both receive words already stemmed by :mod:`sebaya.search.text`, and
both apply the same visibility and filters *inside* the query, so that a row the searcher may not
see is never ranked, counted or returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection

from .models import Audience


@dataclass(frozen=True)
class Scope:
    """Who is searching: the communities they belong to and those they organise or facilitate."""

    user_id: int | None = None
    member_of: tuple[int, ...] = ()
    staff_of: tuple[int, ...] = ()


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    skill_ids: tuple[int, ...] = field(default_factory=tuple)
    level: int | None = None
    language: str = ""
    community_id: int | None = None
    licence: str = ""


class Backend(Protocol):
    def search(
        self, terms: list[frozenset[str]], scope: Scope, filters: Filters, *, limit: int, offset: int
    ) -> tuple[list[int], int]:
        """The ids of the best ``limit`` documents from ``offset`` on, best first, and how many match."""
        ...


def _in(values: tuple[int, ...]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def where_visible(scope: Scope) -> tuple[str, list[Any]]:
    """Public documents, or those of the searcher's communities that their role lets them see."""
    if not scope.member_of:
        return "d.audience = %s", [Audience.PUBLIC.value]
    staff = ""
    params: list[Any] = [Audience.PUBLIC.value, *scope.member_of, Audience.MEMBERS.value]
    if scope.staff_of:
        staff = f" OR d.community_id IN {_in(scope.staff_of)}"
        params += list(scope.staff_of)
    params.append(scope.user_id)
    sql = (
        f"(d.audience = %s OR (d.community_id IN {_in(scope.member_of)}"
        f" AND (d.audience = %s{staff} OR d.owner_id = %s)))"
    )
    return sql, params


def where_filters(filters: Filters) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if filters.kind:
        parts.append("d.kind = %s")
        params.append(filters.kind)
    if filters.language:
        parts.append("d.language = %s")
        params.append(filters.language)
    if filters.community_id is not None:
        parts.append("d.community_id = %s")
        params.append(filters.community_id)
    if filters.licence:
        parts.append("d.licence = %s")
        params.append(filters.licence)
    if filters.level is not None:
        parts.append("(d.levels & %s) <> 0")
        params.append(1 << filters.level)
    if filters.skill_ids:
        parts.append(f"d.id IN (SELECT document_id FROM search_documentskill WHERE skill_id IN {_in(filters.skill_ids)})")
        params += list(filters.skill_ids)
    return " AND ".join(parts) or "1 = 1", params


def _run(sql: str, params: list[Any]) -> tuple[list[int], int | None]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [r[0] for r in rows], (rows[0][1] if rows else None)


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _count(sql_from_where: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {sql_from_where}", params)
        return int(cursor.fetchone()[0])


class _Base:
    def _query(
        self, match_from: str, match_params: list[Any], rank: str, rank_params: list[Any], direction: str,
        scope: Scope, filters: Filters, limit: int, offset: int,
    ) -> tuple[list[int], int]:  # fmt: skip
        vis, vis_params = where_visible(scope)
        flt, flt_params = where_filters(filters)
        from_where = f"{match_from} AND {vis} AND {flt}"
        params = match_params + vis_params + flt_params
        # Rank in an inner query: FTS5's bm25() may not sit beside a window function.
        ids, total = _run(
            f"SELECT id, COUNT(*) OVER () FROM (SELECT d.id AS id, {rank} AS score {from_where}) AS matches"
            f" ORDER BY score {direction}, id DESC LIMIT %s OFFSET %s",
            rank_params + params + [limit, offset],
        )
        if total is None:
            # A page past the end returns no row to carry the total: count on its own.
            total = _count(from_where, params) if offset else 0
        return ids, int(total)

    def browse(self, scope: Scope, filters: Filters, *, limit: int, offset: int) -> tuple[list[int], int]:
        return self._query(
            "FROM search_document d WHERE 1 = 1", [], "d.updated_at", [], "DESC", scope, filters, limit, offset
        )


class SqliteBackend(_Base):
    """FTS5 with an external-content table kept in step by triggers (see the migration).

    BM25 has to score every match before the best can be picked, which grows with the matches: a
    query that matches more than :data:`RANK_ALL` visible documents is ordered more cheaply, title
    matches first and then the newest, after one fast count.
    """

    RANK_ALL = 1500

    def search(
        self, terms: list[frozenset[str]], scope: Scope, filters: Filters, *, limit: int, offset: int
    ) -> tuple[list[int], int]:
        if not terms:
            return self.browse(scope, filters, limit=limit, offset=offset)
        # Words are letters and digits only (see text.words), so quoting them is enough.
        groups = ["(" + " OR ".join(f'"{s}"' for s in sorted(t)) + ")" for t in terms]
        match = " AND ".join(groups)
        vis, vis_params = where_visible(scope)
        flt, flt_params = where_filters(filters)
        from_where = (
            "FROM search_document_fts JOIN search_document d ON d.id = search_document_fts.rowid"
            f" WHERE search_document_fts MATCH %s AND {vis} AND {flt}"
        )
        params = [match, *vis_params, *flt_params]
        total = _count(from_where, params)
        if total == 0 or offset >= total:
            return [], total
        if total <= self.RANK_ALL:
            # Title matches weigh four times as much as matches in the text; lower is better.
            sql = (
                f"SELECT id FROM (SELECT d.id AS id, bm25(search_document_fts, 4.0, 1.0) AS score {from_where})"
                " AS matches ORDER BY score, id DESC LIMIT %s OFFSET %s"
            )
            return [r[0] for r in _fetch(sql, [*params, limit, offset])], total
        in_title = "{stem_title} : (" + " AND ".join(groups) + ")"
        sql = (
            f"SELECT d.id {from_where} ORDER BY d.id IN (SELECT rowid FROM search_document_fts"
            " WHERE search_document_fts MATCH %s) DESC, d.updated_at DESC, d.id DESC LIMIT %s OFFSET %s"
        )
        return [r[0] for r in _fetch(sql, [*params, in_title, limit, offset])], total


class PostgresBackend(_Base):
    """A generated ``tsvector`` (title weighted A, text B) with a GIN index (see the migration)."""

    def search(
        self, terms: list[frozenset[str]], scope: Scope, filters: Filters, *, limit: int, offset: int
    ) -> tuple[list[int], int]:
        if not terms:
            return self.browse(scope, filters, limit=limit, offset=offset)
        tsquery = " & ".join("(" + " | ".join(f"'{s}'" for s in sorted(t)) + ")" for t in terms)
        return self._query(
            "FROM search_documenttext t JOIN search_document d ON d.id = t.document_id"
            " WHERE t.search_vector @@ to_tsquery('simple', %s)",
            [tsquery],
            "ts_rank(t.search_vector, to_tsquery('simple', %s))",
            [tsquery],
            "DESC",
            scope, filters, limit, offset,
        )  # fmt: skip


def get_backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()

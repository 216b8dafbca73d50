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
        parts.append(
            f"d.id IN (SELECT document_id FROM search_documentskill WHERE skill_id IN {_in(filters.skill_ids)})"
        )
        params += list(filters.skill_ids)
    return " AND ".join(parts) or "1 = 1", params


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# Counting stops here: nobody reads past page 50 of 20 results, and counting every match of a
# common word costs as much as the search itself. The result says "more than 1,000".
COUNT_LIMIT = 1000


def _capped_count(sql_from_where: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {sql_from_where} LIMIT {COUNT_LIMIT + 1}) AS c", params)
        return int(cursor.fetchone()[0])


class _Base:
    def browse(self, scope: Scope, filters: Filters, *, limit: int, offset: int) -> tuple[list[int], int]:
        """No words, only filters: the newest documents first."""
        vis, vis_params = where_visible(scope)
        flt, flt_params = where_filters(filters)
        sql, params = f"FROM search_document d WHERE {vis} AND {flt}", [*vis_params, *flt_params]
        total = _capped_count(sql, params)
        ids = [
            r[0] for r in _fetch(f"SELECT d.id {sql} ORDER BY d.id DESC LIMIT %s OFFSET %s", [*params, limit, offset])
        ]
        return ids, total


def tag_groups(scope: Scope, filters: Filters) -> list[list[str]]:
    """Visibility and filters as groups of tag words (see ``text.tags``): a visible, filtered
    document has at least one word of every group."""
    from .text import tag

    visible = [tag("vpub")]
    visible += [tag("vm", c) for c in scope.member_of]
    visible += [tag("vs", c) for c in scope.staff_of]
    visible += [tag("vo", f"{c}x{scope.user_id}") for c in scope.member_of]
    groups = [visible]
    if filters.kind:
        groups.append([tag("k", filters.kind)])
    if filters.language:
        groups.append([tag("lang", filters.language)])
    if filters.community_id is not None:
        groups.append([tag("c", int(filters.community_id))])
    if filters.level is not None:
        groups.append([tag("lv", int(filters.level))])
    if filters.licence:
        groups.append([tag("lic", filters.licence)])
    if filters.skill_ids:
        groups.append([tag("sk", int(s)) for s in filters.skill_ids])
    return groups


class SqliteBackend(_Base):
    """FTS5 with an external-content table kept in step by triggers (see the migration).

    Visibility and filters are words of the index too (``stem_tags``), so one FTS5 expression finds
    exactly the visible, filtered matches by intersecting posting lists, without reading the rows.
    BM25 must score every match before the best can be picked: up to :data:`COUNT_LIMIT` visible
    matches are ranked by it; beyond that the newest title matches come first, then the newest text
    matches, read straight off the index in document order so that it stops after one page.
    """

    def search(
        self, terms: list[frozenset[str]], scope: Scope, filters: Filters, *, limit: int, offset: int
    ) -> tuple[list[int], int]:
        if not terms:
            return self.browse(scope, filters, limit=limit, offset=offset)
        # Words are letters and digits only (see text.words), so quoting them is enough.
        words = " AND ".join("(" + " OR ".join(f'"{s}"' for s in sorted(t)) + ")" for t in terms)
        scope_expr = " AND ".join("stem_tags : (" + " OR ".join(group) + ")" for group in tag_groups(scope, filters))
        match = f"{{stem_title stem_body}} : ({words}) AND {scope_expr}"
        base = "FROM search_document_fts WHERE search_document_fts MATCH %s"
        total = _capped_count(base, [match])
        if total == 0 or offset >= total:
            return [], total
        if total <= COUNT_LIMIT:
            # Title matches weigh four times as much as matches in the text; lower is better.
            ranked = (
                f"SELECT rowid {base} ORDER BY bm25(search_document_fts, 4.0, 1.0, 0.0), rowid DESC LIMIT %s OFFSET %s"
            )
            return [r[0] for r in _fetch(ranked, [match, limit, offset])], total
        in_title = f"stem_title : ({words}) AND {scope_expr}"
        newest = f"SELECT rowid {base} ORDER BY rowid DESC LIMIT %s OFFSET %s"
        ids = [r[0] for r in _fetch(newest, [in_title, limit, offset])]
        if len(ids) < limit:
            n_title = _capped_count(base, [in_title]) if offset else len(ids)
            rest = f"({{stem_title stem_body}} : ({words}) AND {scope_expr}) NOT (stem_title : ({words}))"
            ids += [r[0] for r in _fetch(newest, [rest, limit - len(ids), max(0, offset - n_title)])]
        return ids, total


class PostgresBackend(_Base):
    """A generated ``tsvector`` (title weight A, text B, tag words D) with a GIN index (see the
    migration). As on SQLite, visibility and filters are tag words of the same vector, so the index
    alone finds the visible, filtered matches.

    One statement answers a search: it reads at most :data:`COUNT_LIMIT` + 1 visible matches (ids
    only) and counts them; when there are no more than :data:`COUNT_LIMIT` it ranks those by
    ``ts_rank``, otherwise it lists the newest matches first, read backwards along the primary key so
    that it stops after one page instead of sorting every match. Only the branch that applies runs
    (each is gated on the count), and the count comes back even for a page past the last match.
    """

    def search(
        self, terms: list[frozenset[str]], scope: Scope, filters: Filters, *, limit: int, offset: int
    ) -> tuple[list[int], int]:
        if not terms:
            return self.browse(scope, filters, limit=limit, offset=offset)
        words = " & ".join("(" + " | ".join(f"'{s}'" for s in sorted(t)) + ")" for t in terms)
        scoped = " & ".join("(" + " | ".join(group) + ")" for group in tag_groups(scope, filters))
        tsquery = f"{words} & {scoped}"
        match = "t.search_vector @@ to_tsquery('simple', %s)"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT t.document_id FROM search_documenttext t WHERE {match}"
            f" LIMIT {COUNT_LIMIT + 1}),"
            " n AS (SELECT COUNT(*) AS total FROM m)"
            " SELECT n.total, p.document_id FROM n LEFT JOIN LATERAL ("
            " (SELECT t.document_id, 0 AS part, ts_rank(t.search_vector, to_tsquery('simple', %s)) AS rank"
            "  FROM m JOIN search_documenttext t ON t.document_id = m.document_id"
            f"  WHERE n.total <= {COUNT_LIMIT}"
            "  ORDER BY rank DESC, t.document_id DESC LIMIT %s OFFSET %s)"
            " UNION ALL"
            " (SELECT t.document_id, 1 AS part, 0 AS rank FROM search_documenttext t"
            f"  WHERE n.total > {COUNT_LIMIT} AND {match}"
            "  ORDER BY t.document_id DESC LIMIT %s OFFSET %s)"
            " ) AS p ON TRUE"
            " ORDER BY p.part, p.rank DESC, p.document_id DESC"
        )
        rows = _fetch(sql, [tsquery, words, limit, offset, tsquery, limit, offset])
        return [r[1] for r in rows if r[1] is not None], int(rows[0][0])


def get_backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()

"""Full-text search over the catalogue, behind one interface for both databases.

- SQLite: an FTS5 table `catalogue_fts` (rowid = entry id; columns title, body, rest;
  `unicode61 remove_diacritics 2`), ranked with bm25 weighted 10 / 4 / 1.
- PostgreSQL: a `document` tsvector column on the entry row itself (weights A / B / C, built
  with the `french` configuration over `sps_unaccent()`, an IMMUTABLE wrapper of `unaccent`), a
  GIN index, ranked with ts_rank. On the entry, not in a table of its own (migration 0008): the
  matches of a common word are read with their facet columns in one pass, no join (see
  docs/performance.md).

The FTS5 table (migration 0002) and the column (0008) exist on their own database only; Django
models do not map them. Every word of the query must match (AND); the last word also matches as a prefix (a visitor
typing « théât » finds « Théâtre »); on SQLite, which does not stem, every word of three letters
or more matches as a prefix so that « élève » finds « élèves ».

`match(queryset, q)` returns the queryset restricted to the matches, annotated with `rank`
(higher is better) and marked `ranked = True`; `update(entries)` and `remove(entry_ids)` keep
the index in step (sps.catalogue.index calls them).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func
from django.db.models.expressions import RawSQL

from sps.common.text import normalize_search

MAX_WORDS = 8
TABLE = "catalogue_fts"
ENTRY_TABLE = "catalogue_catalogueentry"
# bm25 column weights on SQLite: title, description / objectives, the rest.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# ts_rank weights on PostgreSQL, in the order {D, C, B, A}.
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
PG_TSQUERY = "to_tsquery('french', sps_unaccent(%s))"
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, punctuation as spaces."""
    return normalize_search((text or "").translate(LIGATURES))


# Words too common to search for (PostgreSQL's french configuration drops them too): « atelier de
# théâtre » must find « Atelier théâtre ». A query made of them only searches them all the same.
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du elle en et il ils je l la le les leur lui ma mais me meme "
    "mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton "
    "tu un une vos votre vous y".split()
)


def words_of(query: str) -> list[str]:
    words = fold(query).split()
    kept = [word for word in words if word not in STOP_WORDS]
    return (kept or words)[:MAX_WORDS]


def parts_of(entry) -> tuple[str, str, str]:
    """(title, body, rest) of an entry: the index sets `entry.search_parts`; without it the
    entry's own columns are used."""
    parts = getattr(entry, "search_parts", None)
    if parts is None:
        text = getattr(entry, "text", None)
        parts = (entry.title, text.summary if text else "", text.search_text if text else "")
    return tuple(fold(part) for part in parts)


def _vendor() -> str:
    return connection.vendor


# --- Writing ---------------------------------------------------------------------------------


def update(entries) -> None:
    """Index these entries (their previous text, if any, is replaced)."""
    entries = [e for e in entries if e.pk]
    if not entries:
        return
    rows = [(e.pk, *parts_of(e)) for e in entries]
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.executemany(
                f"UPDATE {ENTRY_TABLE} SET document = "
                "setweight(to_tsvector('french', sps_unaccent(%s)), 'A') || "
                "setweight(to_tsvector('french', sps_unaccent(%s)), 'B') || "
                "setweight(to_tsvector('french', sps_unaccent(%s)), 'C') WHERE id = %s",
                [(*parts, pk) for pk, *parts in rows],
            )
        elif _vendor() == "sqlite":
            _sqlite_delete(cursor, [row[0] for row in rows])
            cursor.executemany(f"INSERT INTO {TABLE} (rowid, title, body, rest) VALUES (%s, %s, %s, %s)", rows)


def remove(entry_ids) -> None:
    """Drop these entries from the index."""
    entry_ids = list(entry_ids)
    if not entry_ids:
        return
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute(f"UPDATE {ENTRY_TABLE} SET document = NULL WHERE id = ANY(%s)", [entry_ids])
        elif _vendor() == "sqlite":
            _sqlite_delete(cursor, entry_ids)


def _sqlite_delete(cursor, ids) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)


def clear() -> None:
    """Empty the index (rebuild_catalogue fills it again)."""
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute(f"UPDATE {ENTRY_TABLE} SET document = NULL WHERE document IS NOT NULL")
        else:
            cursor.execute(f"DELETE FROM {TABLE}")


# --- Reading ---------------------------------------------------------------------------------


def sqlite_match_expression(words: list[str]) -> str:
    """`"theatre"* AND "parents"*`: every word required; prefixes for words of 3+ letters and
    always for the last one. Words are [a-z0-9] only once folded, quoted all the same."""
    terms = []
    for i, word in enumerate(words):
        prefix = len(word) >= 3 or i == len(words) - 1
        terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " AND ".join(terms)


def pg_tsquery_text(words: list[str]) -> str:
    """`theatre & parent:*` for to_tsquery('french', …): the last word as a prefix."""
    terms = [word for word in words[:-1]] + [f"{words[-1]}:*"]
    return " & ".join(terms)


def match_condition(query: str, alias: str = "e"):
    """(sql, params): the condition « the entry `alias` matches every word of `query` », or None
    for a query without any word. PostgreSQL reads the entry's own `document`; SQLite looks the
    entry's id up among the FTS5 matches."""
    words = words_of(query)
    if not words:
        return None
    if _vendor() == "postgresql":
        return f"{alias}.document @@ {PG_TSQUERY}", [pg_tsquery_text(words)]
    if _vendor() == "sqlite":
        return (
            f"{alias}.id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)",
            [sqlite_match_expression(words)],
        )
    return None  # pragma: no cover - the project runs on SQLite or PostgreSQL only


@dataclass(frozen=True)
class RankedMatch:
    """How a statement reads the matches of a query with their relevance in one pass (the facets'
    statement ranks its page there): FROM `source`, WHERE `condition`, `rank` as a column, pages in
    `order` over the CTE `m` (ranked_ids_sql's order)."""

    source: str
    condition: str
    params: list
    rank: str
    rank_params: list
    order: str


def ranked_match(query: str):
    """The RankedMatch of `query` on this database, or None without words. PostgreSQL reads the
    entry's own document; SQLite drives the statement from the FTS5 table (bm25 needs its MATCH in
    the same query) and joins the entries by id."""
    words = words_of(query)
    if not words:
        return None
    if _vendor() == "postgresql":
        text = pg_tsquery_text(words)
        return RankedMatch(
            source=f"{ENTRY_TABLE} e",
            condition=f"e.document @@ {PG_TSQUERY}",
            params=[text],
            rank=f"ts_rank('{PG_WEIGHTS}', e.document, {PG_TSQUERY})",
            rank_params=[text],
            order="m.rank DESC, m.id",
        )
    if _vendor() == "sqlite":
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        return RankedMatch(
            source=f"{TABLE} JOIN {ENTRY_TABLE} e ON e.id = {TABLE}.rowid",
            condition=f"{TABLE} MATCH %s",
            params=[sqlite_match_expression(words)],
            rank=f"bm25({TABLE}, {weights})",
            rank_params=[],
            order="m.rank, m.id",
        )
    return None  # pragma: no cover


def ranked_ids_sql(query: str, entry_where: str, entry_params: list, *, limit: int, offset: int):
    """(sql, params) of one page of the ids of the matching entries that also pass `entry_where`
    (a condition on the entry `e`), by relevance then id: the rank is read in the same pass as the
    match (PostgreSQL: from the entry's own document; SQLite: the FTS5 table joined once), instead
    of a ranking subquery per matching entry. None without words."""
    words = words_of(query)
    if not words:
        return None
    if _vendor() == "postgresql":
        text = pg_tsquery_text(words)
        sql = (
            f"SELECT e.id FROM {ENTRY_TABLE} e WHERE e.document @@ {PG_TSQUERY} AND {entry_where} "
            f"ORDER BY ts_rank('{PG_WEIGHTS}', e.document, {PG_TSQUERY}) DESC, e.id LIMIT %s OFFSET %s"
        )
        return sql, [text, *entry_params, text, limit, offset]
    if _vendor() == "sqlite":
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        sql = (
            f"SELECT e.id FROM {TABLE} JOIN {ENTRY_TABLE} e ON e.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s AND {entry_where} "
            f"ORDER BY bm25({TABLE}, {weights}), e.id LIMIT %s OFFSET %s"
        )
        return sql, [sqlite_match_expression(words), *entry_params, limit, offset]
    return None  # pragma: no cover


def match(queryset, query: str, *, rank: bool = True):
    """The entries of `queryset` matching every word of `query`, annotated with `rank` (higher
    is more relevant) and marked `ranked`; `rank=False` only filters (no ranking subquery to
    compute for each match when the order is another). A query without any word leaves the
    queryset as is."""
    words = words_of(query)
    if not words:
        return queryset
    if _vendor() == "postgresql":
        text = pg_tsquery_text(words)
        queryset = queryset.filter(OnDocument("{document} @@ " + PG_TSQUERY, [text], BooleanField()))
        if rank:
            queryset = queryset.annotate(
                rank=OnDocument(f"ts_rank('{PG_WEIGHTS}', {{document}}, {PG_TSQUERY})", [text], FloatField())
            )
    elif _vendor() == "sqlite":
        expression = sqlite_match_expression(words)
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        queryset = queryset.filter(id__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))
        if rank:
            queryset = queryset.annotate(
                rank=RawSQL(
                    f"(SELECT -bm25({TABLE}, {weights}) FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid = {ENTRY_TABLE}.id)",
                    [expression],
                    output_field=FloatField(),
                )
            )
    else:  # pragma: no cover - the project runs on SQLite or PostgreSQL only
        for word in words:
            queryset = queryset.filter(text__search_text__contains=word)
        return queryset
    queryset.ranked = rank
    return queryset


class OnDocument(Func):
    """SQL over an entry's `document` column (PostgreSQL), which is not a Django field: the entry's
    id is resolved by Django, so the table's alias is the right one in a subquery too, and the
    column name swapped. `template` holds `{document}` and the placeholders of `params`."""

    def __init__(self, template: str, params: list, output_field):
        super().__init__(F("id"), output_field=output_field)
        self.template_sql, self.template_params = template, list(params)

    def as_sql(self, compiler, connection, **extra_context):
        id_sql, id_params = compiler.compile(self.source_expressions[0])
        document = id_sql.rsplit(".", 1)[0] + '."document"' if "." in id_sql else '"document"'
        return self.template_sql.replace("{document}", document), (*id_params, *self.template_params)

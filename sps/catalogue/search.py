"""Full-text search over the catalogue, behind one interface for both databases.

Placeholder engine (word-by-word containment on the folded text) until the database engines land:
SQLite FTS5 and PostgreSQL full text (french + unaccent) will implement the same three functions.
"""

from sps.common.text import normalize_search

MAX_WORDS = 8


def update(entries) -> None:
    """Index these entries' `search_text` (no-op for the containment engine)."""


def remove(entry_ids) -> None:
    """Drop these entries from the index (no-op for the containment engine)."""


def match(queryset, query: str):
    """The entries of `queryset` matching every word of `query`; `ranked` tells whether the
    queryset carries a `rank` annotation to order by."""
    words = normalize_search(query).split()[:MAX_WORDS]
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset

"""The full-text index of the catalogue, each database with its own engine (sps.catalogue.search).

SQLite: an FTS5 table keyed by the entry's id. PostgreSQL: `unaccent`, an IMMUTABLE wrapper of it
(usable in indexes), and a narrow table of tsvectors with a GIN index. No Django model maps them.

No foreign key to the entries, on either database: Django's flush (tests, `flush`) truncates the
models' tables only, and PostgreSQL refuses to truncate a table another one references. A row left
by an entry deleted without `search.remove` never matches (searches join the entries, whose ids are
never reused) and the next `rebuild_catalogue` drops it.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5("
    "title, body, rest, tokenize = 'unicode61 remove_diacritics 2', prefix = '3')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS catalogue_fts"]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION sps_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "CREATE TABLE catalogue_fts ( entry_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX catalogue_fts_document ON catalogue_fts USING gin (document)",
]
POSTGRESQL_REVERSE = ["DROP TABLE IF EXISTS catalogue_fts", "DROP FUNCTION IF EXISTS sps_unaccent(text)"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]

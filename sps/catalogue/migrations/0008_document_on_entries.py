"""PostgreSQL: the full-text document moves from its own table (`catalogue_fts`) onto the entry row.

At 1,000,000 actions a search over a common word (« théâtre », 113,000 matches) read the matches
in `catalogue_fts`, then joined them to the entries (a pass over the 1M entries) to get the facet
columns: most of the facet statement's time. With the tsvector beside the facet columns, the GIN
index gives the entries themselves and ts_rank reads the same row (sps.catalogue.search). The
column is not a Django field (SQLite keeps its FTS5 table): Django's INSERT leaves it NULL, and
`search.update` fills it in the same transaction.

SQLite: nothing changes.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE catalogue_catalogueentry ADD COLUMN document tsvector",
    "UPDATE catalogue_catalogueentry e SET document = f.document FROM catalogue_fts f WHERE f.entry_id = e.id",
    "CREATE INDEX catalogue_entry_document ON catalogue_catalogueentry USING gin (document)",
    "DROP TABLE catalogue_fts",
    "ANALYZE catalogue_catalogueentry",
]
BACKWARD = [
    "CREATE TABLE catalogue_fts (entry_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "INSERT INTO catalogue_fts (entry_id, document) "
    "SELECT id, document FROM catalogue_catalogueentry WHERE document IS NOT NULL",
    "CREATE INDEX catalogue_fts_document ON catalogue_fts USING gin (document)",
    "ALTER TABLE catalogue_catalogueentry DROP COLUMN document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_theme_day_masks")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

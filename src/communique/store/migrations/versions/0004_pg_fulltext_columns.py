"""PostgreSQL: each searchable row keeps its ``tsvector`` in a stored generated column.

Migration 0002 indexed ``to_tsvector`` *expressions*. The index finds the
matching rows, but ranking them (``ts_rank``) and checking phrase matches
(``a <-> b``) need the vector itself, so PostgreSQL re-parsed the whole text of
every matching row on every search: at 10,000 documents a one-word search spent
20 s there. A stored generated column is computed once, when the row is written
(PostgreSQL keeps it current on every insert and update, so no writer can let it
drift); search ranks on it.

Documents are matched on it too: their GIN index moves from the expression to
the column. Quotes and events keep the expression indexes of 0002, which the quote
and event list filters use as well; their texts are short.

SQLite is unchanged (FTS5 already stores its index). The column is ``pg_fulltext``
(ending in ``_fulltext`` as the indexes do: full-text objects belong to the
migrations, not to the table metadata).

Revision ID: 0004_pg_fulltext_columns
Revises: 0003_story_index_rows
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0004_pg_fulltext_columns"
down_revision = "0003_story_index_rows"
branch_labels = None
depends_on = None

# table: what its rows are searched by, as in 0002 and communique.store.search
SEARCHED_BY = {
    "documents": "coalesce(title, '') || ' ' || text",
    "quotes": "coalesce(speaker_name, '') || ' ' || text",
    "events": "type || ' ' || coalesce(actor_names, '') || ' ' || sentence_text",
}
COLUMN = "pg_fulltext"


def pg_vector(body: str) -> str:
    """As in 0002: punctuation to spaces first, so words split as SQLite's unicode61 splits them."""
    return f"to_tsvector('simple', regexp_replace({body}, '[^[:alnum:]]+', ' ', 'g'))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, body in SEARCHED_BY.items():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS ({pg_vector(body)}) STORED"
        )
    op.execute("DROP INDEX ix_documents_fulltext")
    op.execute(f"CREATE INDEX ix_documents_fulltext ON documents USING gin ({COLUMN})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in SEARCHED_BY:
        op.execute(f"ALTER TABLE {table} DROP COLUMN {COLUMN}")  # and the documents' index on it
    op.execute(
        f"CREATE INDEX ix_documents_fulltext ON documents USING gin ({pg_vector(SEARCHED_BY['documents'])})"
    )

"""Full-text indexes kept by the database itself; the text stored once; what the pages need stored.

- SQLite: the FTS5 tables become external-content tables over ``documents``,
  ``quotes`` and ``events`` (they index the rows' own columns and keep no copy
  of the text), kept current by triggers, so no writer can let them drift.
  ``documents.seq`` is the stable integer key FTS5 needs (a rowid may change
  on VACUUM); ``events.actor_names`` holds the actors' names the event index
  searches.
- PostgreSQL: GIN indexes on the same ``to_tsvector`` expressions the search
  runs, so searches use the index.
- ``documents.contract`` no longer repeats the document's text (readers add
  ``documents.text`` back).
- ``entities.part_of`` and ``entities.source``: the organisation a body,
  exercise or operation belongs to, and the pack file and line an entity comes
  from, so the organisation page reads them from the store, not from pack files.

Revision ID: 0002_fulltext_triggers
Revises: 0001_baseline
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_fulltext_triggers"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"
# (table, its FTS columns, the FTS table's key column in the content table)
SQLITE_FTS = (
    ("documents", ("title", "text"), "seq"),
    ("quotes", ("speaker_name", "text"), "id"),
    ("events", ("type", "actor_names", "sentence_text"), "id"),
)
# PostgreSQL: what each kind of item is searched by (kept identical to communique.store.search).
PG_INDEXES = {
    "ix_documents_fulltext": ("documents", "coalesce(title, '') || ' ' || text"),
    "ix_quotes_fulltext": ("quotes", "coalesce(speaker_name, '') || ' ' || text"),
    "ix_events_fulltext": ("events", "type || ' ' || coalesce(actor_names, '') || ' ' || sentence_text"),
}


def pg_vector(body: str) -> str:
    """The indexed text: punctuation to spaces first, so "al-Shabab", "Russia's" and "U.S." split
    into words as SQLite's unicode61 tokenizer splits them."""
    return f"to_tsvector('simple', regexp_replace({body}, '[^[:alnum:]]+', ' ', 'g'))"


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("entities", sa.Column("part_of", sa.String(200), nullable=True))
    op.create_index("ix_entities_part_of", "entities", ["part_of"])
    op.add_column("entities", sa.Column("source", sa.Text(), nullable=True))
    op.add_column("events", sa.Column("actor_names", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("seq", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE events SET actor_names = (SELECT " + _join_names(bind) + " FROM event_actors a "
        "WHERE a.event_id = events.id)"
    )
    if bind.dialect.name == "sqlite":
        op.execute("UPDATE documents SET seq = rowid")
        op.execute(
            "UPDATE documents SET contract = json_remove(contract, '$.text') WHERE contract IS NOT NULL"
        )
        _sqlite_fulltext()
    else:
        op.execute(
            "UPDATE documents SET contract = (contract::jsonb - 'text')::json WHERE contract IS NOT NULL"
        )
        for name, (table, body) in PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {table} USING gin ({pg_vector(body)})")
    op.create_index("ix_documents_seq", "documents", ["seq"], unique=True)
    # the packs' copy in the store lacks part_of: the next sync (ingest, migrate) rewrites it
    op.execute("DELETE FROM kv WHERE key = 'packs.fingerprint'")


def _join_names(bind: sa.engine.Connection) -> str:
    return "group_concat(a.name, ' ')" if bind.dialect.name == "sqlite" else "string_agg(a.name, ' ')"


def _sqlite_fulltext() -> None:
    for table, _, _ in SQLITE_FTS:
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    for table, columns, key in SQLITE_FTS:
        fts = f"{table}_fts"
        cols = ", ".join(columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='{key}', {TOKENIZE})"
        )
        new = ", ".join(f"coalesce(new.{c}, '')" for c in columns)
        old = ", ".join(f"coalesce(old.{c}, '')" for c in columns)
        add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.{key}, {new});"
        drop = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.{key}, {old});"
        if table == "documents":
            # documents.id is a content hash; the FTS key is a counter given on insert
            add = (
                "UPDATE documents SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM documents) "
                "WHERE rowid = new.rowid AND new.seq IS NULL; "
                f"INSERT INTO {fts}(rowid, {cols}) SELECT seq, {', '.join(f'coalesce({c}, {chr(39) * 2})' for c in columns)} "
                "FROM documents WHERE rowid = new.rowid;"
            )
        op.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {add} END")
        op.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {drop} END")
        op.execute(
            f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {cols} ON {table} "
            f"BEGIN {drop} INSERT INTO {fts}(rowid, {cols}) VALUES (new.{key}, {new}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    raise NotImplementedError("knowledge bases only move forward; restore a backup to go back")

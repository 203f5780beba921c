"""The knowledge-base schema, in SQLAlchemy Core.

Portable types only (no SQLite-specific columns), so the same tables are
created on PostgreSQL; full-text search is the one backend-specific piece
(indexes made by the migrations, queries in ``communique.store.search``).

This module describes the current schema; the database gets it through the
migrations in ``communique/store/migrations`` (a change here needs a new
revision there; a test compares the two).

Machine output and analyst corrections are kept apart: every table below is
rewritten by the pipeline, ``corrections`` never is.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# --- documents -------------------------------------------------------------------------------

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),  # content hash (RawDocument.content_hash)
    Column("source", Text, nullable=False),
    Column("kind", String(16)),
    Column("encoding", String(32)),
    Column("url", Text),
    Column("author", Text),
    Column("title", Text),
    Column("published", String(16)),  # YYYY-MM-DD[THH:MM]
    Column("event_date", String(10)),
    Column("event_date_reason", Text),
    Column("place", Text),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("story_id", String(64), index=True),
    Column("ingested_at", String(32)),
    Column("contract", JSON),  # the communique.document/1 object without its text (that is ``text``)
    Column("seq", Integer),  # SQLite's full-text key, a counter set by a trigger (see migrations)
)

removed = Table(
    "removed",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), index=True),
    Column("reason", String(32), nullable=False),
    Column("text", Text, nullable=False),
)

# --- knowledge base: entities, aliases, roles, memberships -------------------------------------

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("provisional", Boolean, default=False),
    Column("origin", String(16)),  # pack name, or "text" for provisional entities
    Column("part_of", String(200), index=True),  # the organisation a body or exercise belongs to
    Column("source", Text),  # pack file and line
)

aliases = Table(
    "aliases",
    metadata,
    Column("entity_id", String(200), ForeignKey("entities.id", ondelete="CASCADE"), index=True),
    Column("alias", Text, nullable=False),
)

roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(200), index=True),
    Column("role", Text, nullable=False),  # e.g. "President of Russia"
    Column("org", String(200)),  # entity id of the country or organisation
    Column("from_date", String(10)),
    Column("until_date", String(10)),
    Column("source", Text),  # pack file and line
)

memberships = Table(
    "memberships",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member_id", String(200), index=True),
    Column("org_id", String(200), index=True),
    Column("from_date", String(10)),
    Column("until_date", String(10)),
    Column("note", Text),
    Column("source", Text),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), index=True),
    Column("entity_id", String(200), index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), index=True),  # NULL for facts from a pack
    Column("subject", Text, nullable=False),
    Column("relation", String(32), nullable=False, index=True),
    Column("object", Text, nullable=False),
    Column("from_date", String(10)),
    Column("until_date", String(10)),
    Column("at_date", String(10)),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("sentence_text", Text),
    Column("origin", String(16), nullable=False),  # "text" or "pack:<name>"
    Column("disagrees_with_pack", Boolean, default=False),
    Column("note", Text),
)

# --- quotes and events -------------------------------------------------------------------------

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), index=True),
    Column("speaker_id", String(200), index=True),
    Column("speaker_name", Text),
    Column("speaker_mention", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("cue", Text),
    Column("confidence", Float),
    Column("direct", Boolean, default=True),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), index=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String(32)),
    Column("cameo", String(8)),
    Column("date", String(10), index=True),
    Column("place", Text),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence_text", Text, nullable=False),
    Column("trigger", Text),
    Column("rule", Text),
    Column("confidence", Float),
    Column("source_json", JSON),
    Column("target_json", JSON),
    Column("actor_names", Text),  # the actors' names, space-separated: what full-text search matches
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), index=True),
    Column("entity_id", String(200), index=True),
    Column("name", Text, nullable=False),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("role", String(8), nullable=False),  # source | target
)

# --- stories and duplicates --------------------------------------------------------------------

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("label", Text),
    Column("first_date", String(10)),
    Column("last_date", String(10)),
)

story_documents = Table(
    "story_documents",
    metadata,
    Column("story_id", String(64), index=True),
    Column("document_id", String(64), index=True),
    Column("reason", Text),
    Column("score", Float),
)

story_events = Table(
    "story_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", String(64), index=True),
    Column("type", String(16)),
    Column("date", String(10)),
    Column("place", Text),
    Column("actors_json", JSON),
    Column("mentions_json", JSON),  # [{document_id, event_id, sentence}]
    Column("conflicts_json", JSON),
)

duplicates = Table(
    "duplicates",
    metadata,
    Column("document_id", String(64), index=True),
    Column("duplicate_of", String(64), index=True),
    Column("similarity", Float),
    Column("kind", String(16)),  # exact | near
)

# The story index, one row per document in the order they were indexed: what the index worked
# out for it (see communique.stories.index.IndexRow). Rows are only ever appended, so a batch
# writes its own rows and nothing else; the index is rebuilt from them in order.
story_index = Table(
    "story_index",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),  # position in the index, from 0
    Column("document_id", String(64), nullable=False, unique=True),
    Column("profile", JSON, nullable=False),  # day, date kind, place, actors, terms and weights
    Column("order_key", String(16), nullable=False),  # published or event date: the first report
    Column("label", Text, nullable=False),
    Column("body_hash", String(32), nullable=False),
    Column("signature", LargeBinary),  # MinHash values when it entered the LSH (it repeats nothing)
    Column("links", JSON, nullable=False),  # positions of the earlier documents it joined
)

# Small key/value blobs: pack fingerprints.
kv = Table(
    "kv",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", LargeBinary),
)

# --- analyst corrections (never rewritten by the pipeline) -----------------------------------

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # reject | set_speaker | merge_entities | rename_entity
    Column(
        "target", Text, nullable=False
    ),  # stable key of the corrected item (see communique.store.corrections)
    Column("payload", JSON),
    Column("note", Text),
    Column("author", Text),
    Column("created_at", String(32)),
)

Index("ix_mentions_entity_doc", mentions.c.entity_id, mentions.c.document_id)
Index("ix_event_actors_entity", event_actors.c.entity_id, event_actors.c.role)
Index("ix_documents_seq", documents.c.seq, unique=True)

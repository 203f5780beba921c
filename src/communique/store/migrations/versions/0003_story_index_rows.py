"""The story index as rows, one per document, appended by each batch (it was one pickled blob in
``kv``, rewritten whole for every batch: at 20,000 documents 38 MiB read and written per batch).

An index pickled by the release before this one becomes rows here; a blob that does not load
(an older layout) is dropped, and the stories stage rebuilds the index from the stored documents
on its next run, as it did for such blobs before.

Revision ID: 0003_story_index_rows
Revises: 0002_fulltext_triggers
Create Date: 2026-12-02
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0003_story_index_rows"
down_revision = "0002_fulltext_triggers"
branch_labels = None
depends_on = None

BLOB_KEY = "stories.index"
log = logging.getLogger(__name__)


def upgrade() -> None:
    op.create_table(
        "story_index",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("document_id", sa.String(64), nullable=False, unique=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("order_key", sa.String(16), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("body_hash", sa.String(32), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.Column("links", sa.JSON(), nullable=False),
    )
    bind = op.get_bind()
    kv = sa.table("kv", sa.column("key", sa.String), sa.column("value", sa.LargeBinary))
    blob = bind.execute(sa.select(kv.c.value).where(kv.c.key == BLOB_KEY)).scalar()
    if blob is not None:
        _blob_to_rows(bind, blob)
        bind.execute(sa.delete(kv).where(kv.c.key == BLOB_KEY))


def _blob_to_rows(bind: sa.Connection, blob: bytes) -> None:
    # The code that wrote the blob is the code that reads it (a pickle of our own StoryIndex).
    from communique.stories.index import StoryIndex
    from communique.stories.persist import append_rows, rows_of_index

    try:
        index = StoryIndex.loads(blob)
    except Exception as exc:  # noqa: BLE001 - any blob that does not load is rebuilt from the documents
        log.info("story index blob not read (%s): the stories stage rebuilds it", exc)
        return
    append_rows(bind, 0, rows_of_index(index))


def downgrade() -> None:
    raise NotImplementedError("knowledge bases only move forward; restore a backup to go back")

"""Story tables after new documents are stored: the store's entry to the stories stage."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from communique.model import Document
from communique.stories.index import Assignment
from communique.stories.persist import update_story_tables


def update_stories(engine: Engine, docs: Iterable[Document]) -> list[Assignment]:
    """Assign newly stored documents to stories, incrementally (see ``stories.persist``)."""
    return update_story_tables(engine, docs)

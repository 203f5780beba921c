"""Reading stories back from the knowledge base (for the ``stories`` command and pages)."""

from __future__ import annotations

from sqlalchemy import Engine


def read_stories(engine: Engine, limit: int = 20, min_size: int = 1) -> list[dict]:
    """The largest stories with their documents and merged events, newest first among equals,
    with analyst corrections applied (``communique.store.read``)."""
    from communique.store.read import reading

    with reading(engine) as kb:
        return kb.stories(limit=limit, min_size=min_size)

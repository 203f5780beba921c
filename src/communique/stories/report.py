"""Reading stories back from the knowledge base (for the ``stories`` command and pages)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from communique.store import schema as s


def read_stories(engine: Engine, limit: int = 20, min_size: int = 1) -> list[dict]:
    """The largest stories with their documents and merged events, newest first among equals."""
    size = func.count(s.story_documents.c.document_id).label("size")
    with engine.connect() as conn:
        top = conn.execute(
            select(s.stories, size)
            .join(s.story_documents, s.story_documents.c.story_id == s.stories.c.id)
            .group_by(s.stories.c.id)
            .having(size >= min_size)
            .order_by(size.desc(), s.stories.c.last_date.desc(), s.stories.c.id)
            .limit(limit)
        ).all()
        return [_read_story(conn, row) for row in top]


def _read_story(conn, row) -> dict:  # noqa: ANN001
    docs = conn.execute(
        select(
            s.documents.c.id,
            s.documents.c.title,
            s.documents.c.published,
            s.documents.c.event_date,
            s.story_documents.c.reason,
            s.story_documents.c.score,
        )
        .join(s.story_documents, s.story_documents.c.document_id == s.documents.c.id)
        .where(s.story_documents.c.story_id == row.id)
        .order_by(s.documents.c.event_date, s.documents.c.published, s.documents.c.id)
    ).all()
    events = conn.execute(
        select(s.story_events).where(s.story_events.c.story_id == row.id).order_by(s.story_events.c.id)
    ).all()
    return {
        "id": row.id,
        "label": row.label,
        "first_date": row.first_date,
        "last_date": row.last_date,
        "documents": [dict(d._mapping) for d in docs],
        "events": [
            {
                "type": e.type,
                "date": e.date,
                "place": e.place,
                "actors": e.actors_json or [],
                "mentions": e.mentions_json or [],
                "conflicts": e.conflicts_json or [],
            }
            for e in events
        ],
    }

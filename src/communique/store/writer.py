"""Writing analysed documents into the knowledge base.

Each document is written in one transaction with everything extracted from
it, so an interrupted ingest (Ctrl-C, kill) leaves either the whole document
or nothing; the next run skips what is there and completes the rest. The
full-text indexes follow the rows by themselves (triggers on SQLite, GIN
expression indexes on PostgreSQL).

A NUL character (U+0000) cannot be stored by PostgreSQL; it is written as
U+FFFD on every back-end, one character for one so that every offset into
the text stays right and both back-ends hold the same text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, insert, select

from communique.model import Document, Entity
from communique.store import schema as s

log = logging.getLogger(__name__)


def known_ids(engine: Engine, ids: Iterable[str]) -> set[str]:
    """The subset of ``ids`` already stored."""
    ids = list(ids)
    found: set[str] = set()
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            found.update(conn.execute(select(s.documents.c.id).where(s.documents.c.id.in_(chunk))).scalars())
    return found


def unfinished_ids(engine: Engine) -> list[str]:
    """Documents stored without a story: the run stopped between storing them and clustering them."""
    with engine.connect() as conn:
        return list(conn.execute(select(s.documents.c.id).where(s.documents.c.story_id.is_(None))).scalars())


def save_document(conn: Connection, doc: Document) -> bool:
    """Insert one analysed document and its extractions; False if it was already stored."""
    if conn.execute(select(s.documents.c.id).where(s.documents.c.id == doc.id)).first():
        return False
    _insert_document(conn, doc)
    _insert_entities(conn, doc)
    _insert_facts(conn, doc)
    _insert_quotes(conn, doc)
    _insert_events(conn, doc)
    return True


def save_documents(engine: Engine, docs: Iterable[Document]) -> list[bool]:
    """Save documents one transaction each; returns True per newly stored document."""
    results = []
    for doc in docs:
        with engine.begin() as conn:
            results.append(save_document(conn, doc))
        log.debug("store %s: %s", doc.raw.source, "saved" if results[-1] else "already stored")
    return results


def delete_document(conn: Connection, document_id: str) -> None:
    """Remove a document and everything extracted from it (corrections are kept)."""
    for table in (s.mentions, s.removed, s.quotes, s.facts, s.story_documents):
        conn.execute(delete(table).where(table.c.document_id == document_id))
    event_ids = select(s.events.c.id).where(s.events.c.document_id == document_id)
    conn.execute(delete(s.event_actors).where(s.event_actors.c.event_id.in_(event_ids)))
    conn.execute(delete(s.events).where(s.events.c.document_id == document_id))
    conn.execute(delete(s.documents).where(s.documents.c.id == document_id))


def _insert_document(conn: Connection, doc: Document) -> None:
    raw = doc.raw
    conn.execute(
        insert(s.documents).values(
            id=doc.id,
            source=raw.source,
            kind=raw.kind,
            encoding=raw.encoding,
            url=raw.url,
            author=raw.author,
            title=doc.title,
            published=doc.published,
            event_date=doc.event_date,
            event_date_reason=doc.event_date_reason,
            place=doc.place,
            language=doc.language,
            text=doc.text,
            story_id=doc.story,
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            contract={k: v for k, v in doc.to_contract().items() if k != "text"},  # the text is ``text``
        )
    )
    if doc.removed:
        conn.execute(
            insert(s.removed),
            [{"document_id": doc.id, "reason": r.reason, "text": r.text} for r in doc.removed],
        )


def upsert_entity(conn: Connection, entity: Entity, origin: str) -> None:
    """Insert an entity row unless it exists (pack rows come from ``sync_knowledge_base``)."""
    if conn.execute(select(s.entities.c.id).where(s.entities.c.id == entity.id)).first():
        return
    conn.execute(
        insert(s.entities).values(
            id=entity.id,
            name=entity.name,
            type=entity.type,
            country=entity.country,
            sector=entity.sector,
            provisional=entity.provisional,
            origin=origin,
        )
    )


def _insert_entities(conn: Connection, doc: Document) -> None:
    rows = []
    for entity in doc.entities:
        upsert_entity(conn, entity, "text" if entity.provisional else "pack")
        rows.extend(
            {"document_id": doc.id, "entity_id": entity.id, "start": m.start, "end": m.end, "text": m.text}
            for m in entity.mentions
        )
    if rows:
        conn.execute(insert(s.mentions), rows)


def _insert_facts(conn: Connection, doc: Document) -> None:
    rows = [
        {
            "document_id": doc.id,
            "subject": f.subject,
            "relation": f.relation,
            "object": f.object,
            "from_date": f.from_,
            "until_date": f.until,
            "at_date": f.at,
            "sentence_start": f.sentence.start if f.sentence else None,
            "sentence_end": f.sentence.end if f.sentence else None,
            "sentence_text": f.sentence.text if f.sentence else None,
            "origin": "text",
            "disagrees_with_pack": f.disagrees_with_pack,
            "note": f.note,
        }
        for f in doc.facts
    ]
    if rows:
        conn.execute(insert(s.facts), rows)


def _insert_quotes(conn: Connection, doc: Document) -> None:
    rows = [
        {
            "document_id": doc.id,
            "speaker_id": q.speaker.id if q.speaker else None,
            "speaker_name": q.speaker.name if q.speaker else None,
            "speaker_mention": q.speaker_mention.text if q.speaker_mention else None,
            "text": q.text,
            "start": q.start,
            "end": q.end,
            "cue": q.cue,
            "confidence": q.confidence,
            "direct": q.direct,
        }
        for q in doc.quotes
    ]
    if rows:
        conn.execute(insert(s.quotes), rows)


def _insert_events(conn: Connection, doc: Document) -> None:
    for ev in doc.events:
        event_id = conn.execute(
            insert(s.events).values(
                document_id=doc.id,
                type=ev.type,
                mode=ev.mode,
                cameo=ev.cameo,
                date=ev.date,
                place=ev.place,
                sentence_start=ev.sentence.start,
                sentence_end=ev.sentence.end,
                sentence_text=ev.sentence.text,
                trigger=ev.trigger,
                rule=ev.rule,
                confidence=ev.confidence,
                source_json=[a.to_contract() for a in ev.source],
                target_json=[a.to_contract() for a in ev.target],
                actor_names=" ".join(a.name for a in [*ev.source, *ev.target]) or None,
            )
        ).inserted_primary_key[0]
        actors = [(a, "source") for a in ev.source] + [(a, "target") for a in ev.target]
        if actors:
            conn.execute(
                insert(s.event_actors),
                [
                    {
                        "event_id": event_id,
                        "entity_id": a.id,
                        "name": a.name,
                        "country": a.country,
                        "sector": a.sector,
                        "role": role,
                    }
                    for a, role in actors
                ],
            )

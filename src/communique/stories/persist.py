"""The stories stage in the knowledge base: the index blob and the story tables.

``update_story_tables`` runs after new documents are stored: it loads the
``StoryIndex`` from the ``kv`` table, assigns the new documents, writes
``stories``, ``story_documents``, ``duplicates`` and ``documents.story_id``,
re-merges the events of every story that changed, and saves the index back,
all in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, delete, insert, select, update

from communique.model import Actor, Document, Event, Span
from communique.store import schema as s
from communique.stories.dedup import TextSource, shingle_text
from communique.stories.index import Assignment, StoryIndex
from communique.stories.merge import merge_events

INDEX_KEY = "stories.index"


def store_text_source(conn: Connection) -> TextSource:
    """Texts of stored documents, for exact duplicate verification."""

    def text_of(doc_id: str) -> str | None:
        row = conn.execute(
            select(s.documents.c.title, s.documents.c.text).where(s.documents.c.id == doc_id)
        ).first()
        return shingle_text(row.title, row.text) if row else None

    return text_of


def load_index(conn: Connection) -> StoryIndex:
    """The persisted index, or a new one for a new knowledge base."""
    blob = conn.execute(select(s.kv.c.value).where(s.kv.c.key == INDEX_KEY)).scalar()
    source = store_text_source(conn)
    return StoryIndex.loads(blob, source) if blob else StoryIndex(text_source=source)


def save_index(conn: Connection, index: StoryIndex) -> None:
    conn.execute(delete(s.kv).where(s.kv.c.key == INDEX_KEY))
    conn.execute(insert(s.kv).values(key=INDEX_KEY, value=index.dumps()))


def update_story_tables(engine: Engine, docs: Iterable[Document]) -> list[Assignment]:
    """Assign newly stored documents to stories and write the story tables (one transaction).

    A new document may join two stories into one: the documents of the story that lost its
    name move to the other (their rows are rewritten, the old story row is deleted).
    """
    docs = list(docs)
    if not docs:
        return []
    with engine.begin() as conn:
        try:
            index = load_index(conn)
            new = docs
        except Exception:  # noqa: BLE001 - an index an earlier release wrote: rebuilt from the store
            index = StoryIndex(text_source=store_text_source(conn))
            fresh = {d.id for d in docs}
            docs = [d for d in stored_documents(conn) if d.id not in fresh] + docs
            new = docs[len(docs) - len(fresh) :]
        assignments = index.add(docs)
        for doc, assignment in zip(docs, assignments, strict=True):
            doc.story = assignment.story
            _write_assignment(conn, assignment)
        for doc_id, story_id in sorted(index.moved.items()):
            _move_document(conn, doc_id, story_id)
        changed = {a.document_id: a.story for a in assignments}
        changed.update(index.moved)
        written = set()
        for doc_id, story_id in sorted(changed.items()):
            if story_id not in written:
                written.add(story_id)
                _write_story(conn, index, doc_id)
                _write_story_events(conn, story_id)
        _drop_empty_stories(conn)
        save_index(conn, index)
    return assignments[len(docs) - len(new) :]


class _StoredDocument(Document):
    """A document read back from the store: its id is the stored one (its raw text is gone)."""

    stored_id: str = ""

    @property
    def id(self) -> str:  # type: ignore[override]
        return self.stored_id


def stored_documents(conn: Connection) -> list[Document]:
    """Every stored document with what the stories stage reads (text, dates, place, entities,
    events), in the order they were stored: what an index is rebuilt from."""
    from communique.model import Entity, Mention, RawDocument

    d = s.documents.c
    rows = conn.execute(
        select(d.id, d.source, d.title, d.text, d.published, d.event_date, d.place, d.contract).order_by(
            d.ingested_at, d.seq, d.id
        )
    )
    out: list[Document] = []
    for r in rows:
        contract = r.contract or {}
        doc = _StoredDocument(raw=RawDocument(source=r.source, text=r.text), text=r.text, title=r.title,
                              published=r.published, event_date=r.event_date, place=r.place)  # fmt: skip
        doc.stored_id = r.id
        doc.entities = [
            Entity(e["id"], e["name"], e["type"], e.get("country"),
                   mentions=[Mention(m["start"], m["end"], m["text"]) for m in e.get("mentions") or []])
            for e in contract.get("entities") or []
        ]  # fmt: skip
        doc.events = [event_from_contract(e) for e in contract.get("events") or []]
        out.append(doc)
    return out


def _move_document(conn: Connection, doc_id: str, story_id: str) -> None:
    conn.execute(
        update(s.story_documents).where(s.story_documents.c.document_id == doc_id).values(story_id=story_id)
    )
    conn.execute(update(s.documents).where(s.documents.c.id == doc_id).values(story_id=story_id))


def _drop_empty_stories(conn: Connection) -> None:
    """Stories whose documents all moved to another story."""
    used = select(s.story_documents.c.story_id)
    conn.execute(delete(s.story_events).where(s.story_events.c.story_id.not_in(used)))
    conn.execute(delete(s.stories).where(s.stories.c.id.not_in(used)))


def _write_assignment(conn: Connection, a: Assignment) -> None:
    conn.execute(delete(s.story_documents).where(s.story_documents.c.document_id == a.document_id))
    conn.execute(
        insert(s.story_documents).values(
            story_id=a.story, document_id=a.document_id, reason=a.reason, score=a.score
        )
    )
    conn.execute(update(s.documents).where(s.documents.c.id == a.document_id).values(story_id=a.story))
    if a.duplicate is not None:
        d = a.duplicate
        conn.execute(delete(s.duplicates).where(s.duplicates.c.document_id == d.document_id))
        conn.execute(
            insert(s.duplicates).values(
                document_id=d.document_id, duplicate_of=d.duplicate_of, similarity=d.similarity, kind=d.kind
            )
        )


def _write_story(conn: Connection, index: StoryIndex, doc_id: str) -> None:
    story = index.story_of(doc_id)
    conn.execute(delete(s.stories).where(s.stories.c.id == story.id))
    conn.execute(
        insert(s.stories).values(
            id=story.id, label=story.label, first_date=story.first_date, last_date=story.last_date
        )
    )


def _write_story_events(conn: Connection, story_id: str) -> None:
    """Merge the events of every document of the story, from their stored contract objects."""
    rows = conn.execute(
        select(s.documents.c.id, s.documents.c.contract)
        .join(s.story_documents, s.story_documents.c.document_id == s.documents.c.id)
        .where(s.story_documents.c.story_id == story_id)
        .order_by(s.documents.c.event_date, s.documents.c.id)
    ).all()
    mentions = [
        (row.id, event_from_contract(e)) for row in rows for e in (row.contract or {}).get("events", [])
    ]
    conn.execute(delete(s.story_events).where(s.story_events.c.story_id == story_id))
    for m in merge_events(mentions):
        data = m.to_dict()
        conn.execute(
            insert(s.story_events).values(
                story_id=story_id,
                type=m.type,
                date=m.date,
                place=m.place,
                actors_json=data["actors"],
                mentions_json=data["mentions"],
                conflicts_json=data["conflicts"],
            )
        )


def event_from_contract(data: dict) -> Event:
    """An ``Event`` back from its contract object (what the store keeps)."""

    def actors(items: list[dict]) -> list[Actor]:
        return [Actor(a.get("id"), a.get("name", ""), a.get("country"), a.get("sector")) for a in items or []]

    sentence = data.get("sentence") or {"start": 0, "end": 0, "text": ""}
    return Event(
        type=data["type"],
        sentence=Span(sentence["start"], sentence["end"], sentence["text"]),
        mode=data.get("mode"),
        cameo=data.get("cameo"),
        date=data.get("date"),
        place=data.get("place"),
        source=actors(data.get("source")),
        target=actors(data.get("target")),
    )

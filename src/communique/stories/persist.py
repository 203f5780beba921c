"""The stories stage in the knowledge base: the index rows and the story tables.

``update_story_tables`` runs after new documents are stored: it takes the
``StoryIndex`` (kept in memory between batches of one process, read back from
the ``story_index`` rows otherwise), assigns the new documents, appends their
rows to ``story_index``, writes ``stories``, ``story_documents``, ``duplicates``
and ``documents.story_id``, and re-merges the events of every story that
changed, all in one transaction. A batch writes only its own rows, so its cost
does not grow with the knowledge base (docs/benchmarks-stories.md).
"""

from __future__ import annotations

import logging
import threading
import weakref
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from communique.model import Actor, Document, Event, Span
from communique.store import schema as s
from communique.stories.cluster import StoryProfile
from communique.stories.dedup import TextSource, shingle_text
from communique.stories.index import Assignment, IndexRow, StoryIndex
from communique.stories.merge import merge_events

log = logging.getLogger(__name__)
# Rows inserted per statement when a whole index is written (a migrated blob, a rebuild).
INSERT_CHUNK = 1000
# The index of each open knowledge base, as this process last wrote or read it. Checked against
# the stored row count before every batch: another process's rows are read and added first.
_INDEXES: weakref.WeakKeyDictionary[Engine, StoryIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
# PostgreSQL advisory lock key held while a batch is clustered (any fixed number; "cs" in ASCII).
STORIES_LOCK = 0x6373


def store_text_source(conn: Connection) -> TextSource:
    """Texts of stored documents, for exact duplicate verification."""

    def text_of(doc_id: str) -> str | None:
        row = conn.execute(
            select(s.documents.c.title, s.documents.c.text).where(s.documents.c.id == doc_id)
        ).first()
        return shingle_text(row.title, row.text) if row else None

    return text_of


# --- the index as rows -------------------------------------------------------------------------


def _profile_json(p: StoryProfile) -> dict:
    return {"day": p.day, "date_kind": p.date_kind, "place": p.place, "place_key": p.place_key,
            "actors": list(p.actors), "terms": list(p.terms), "weights": p.weights.tolist()}  # fmt: skip


def _profile(data: dict) -> StoryProfile:
    # weights are float32 (array "f"): through a JSON double and back they are the same numbers
    return StoryProfile(data["day"], data["date_kind"], data["place"], data["place_key"],
                        tuple(data["actors"]), tuple(data["terms"]), array("f", data["weights"]))  # fmt: skip


def append_rows(conn: Connection, first: int, rows: list[IndexRow]) -> None:
    """Append index rows from position ``first`` on."""
    values = [
        {
            "seq": first + i,
            "document_id": r.document_id,
            "profile": _profile_json(r.profile),
            "order_key": r.order_key,
            "label": r.label,
            "body_hash": r.body_hash,
            "signature": r.signature,
            "links": r.links,
        }  # fmt: skip
        for i, r in enumerate(rows)
    ]
    for start in range(0, len(values), INSERT_CHUNK):
        conn.execute(insert(s.story_index), values[start : start + INSERT_CHUNK])


def read_rows(conn: Connection, first: int = 0) -> Iterable[IndexRow]:
    """Stored index rows from position ``first`` on, in order."""
    c = s.story_index.c
    query = select(c.document_id, c.profile, c.order_key, c.label, c.body_hash, c.signature, c.links)
    for r in conn.execute(query.where(c.seq >= first).order_by(c.seq)):
        yield IndexRow(
            r.document_id, _profile(r.profile), r.order_key, r.label, r.body_hash, r.signature, r.links
        )


def rows_of_index(index: StoryIndex) -> list[IndexRow]:
    """Rows for a whole index built without them (one pickled by an earlier release).

    Each document links to the earliest document of its group, which rebuilds the same groups;
    the body hash is kept for the document an exact duplicate is matched to (the others need none).
    """
    first_with_hash = {doc_id: body for body, doc_id in index.duplicates.exact.items()}
    earliest = {root: min(members) for root, members in index.members.items()}
    rows = []
    for pos, doc_id in enumerate(index.doc_ids):
        head = earliest[index._root(pos)]
        row = index.duplicates.rows.get(doc_id)
        signature = index.duplicates.signatures[row].tobytes() if row is not None else None
        rows.append(IndexRow(doc_id, index.profiles[pos], index.order_keys[pos][0], index.labels[pos],
                             first_with_hash.get(doc_id, ""), signature, [head] if head != pos else []))  # fmt: skip
    return rows


def stored_count(conn: Connection) -> int:
    """Rows in ``story_index`` (positions run from 0 without gaps: the primary key's maximum is cheap)."""
    last = conn.execute(select(func.max(s.story_index.c.seq))).scalar()
    return 0 if last is None else last + 1


def load_index(conn: Connection, index: StoryIndex | None = None) -> StoryIndex:
    """The index as stored: ``index`` (this process's copy) brought up to date, or read anew."""
    source, stored = store_text_source(conn), stored_count(conn)
    if index is None or len(index) > stored:
        index = StoryIndex(text_source=source)
    index.text_source = source
    if len(index) < stored:
        index.restore(read_rows(conn, len(index)))
    return index


def forget_cached_indexes() -> None:
    """Drop the indexes this process keeps (the next batch reads the index from the store)."""
    with _LOCK:
        _INDEXES.clear()


def update_story_tables(engine: Engine, docs: Iterable[Document]) -> list[Assignment]:
    """Assign newly stored documents to stories and write the story tables (one transaction).

    A new document may join two stories into one: the documents of the story that lost its
    name move to the other (their rows are rewritten, the old story row is deleted).
    """
    docs = list(docs)
    if not docs:
        return []
    with _LOCK:
        cached = _INDEXES.pop(engine, None)  # put back only when the transaction commits
    with engine.connect() as conn, _writer(conn):
        index = load_index(conn, cached)
        new, first = docs, len(index)
        if _needs_rebuild(conn, index):  # an index an earlier release kept as a blob it could not read
            log.info("story index rebuilt from the stored documents")
            conn.execute(delete(s.story_index))
            index, first = StoryIndex(text_source=store_text_source(conn)), 0
            fresh = {d.id for d in docs}
            docs = [d for d in stored_documents(conn) if d.id not in fresh] + docs
            new = docs[len(docs) - len(fresh) :]
        assignments = index.add(docs)
        append_rows(conn, first, index.take_rows())
        for doc, assignment in zip(docs, assignments, strict=True):
            doc.story = assignment.story
            _write_assignment(conn, assignment)
        left = _stories_of(conn, sorted(index.moved))  # stories that may lose all their documents
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
        _drop_empty_stories(conn, left)
    with _LOCK:
        _INDEXES[engine] = index
    fresh = assignments[len(docs) - len(new) :]
    log.debug(
        "stories: %d document(s), %d new story(ies), %d duplicate(s), %d moved; index of %d",
        len(fresh), sum(a.new_story for a in fresh), sum(a.duplicate is not None for a in fresh),
        len(index.moved), len(index),
    )  # fmt: skip
    return fresh


@contextmanager
def _writer(conn: Connection) -> Iterator[None]:
    """One transaction that holds the write lock from its start: two processes clustering into one
    knowledge base take turns, so each reads the rows the other appended before adding its own."""
    if conn.dialect.name == "sqlite":
        conn.info["begin_immediate"] = True  # see communique.store.db
    with conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORIES_LOCK})
        yield


def _needs_rebuild(conn: Connection, index: StoryIndex) -> bool:
    """Documents have stories but the index has fewer rows than there are such documents."""
    if len(index) > 0:
        return False
    return conn.execute(select(s.story_documents.c.document_id).limit(1)).first() is not None


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


def _stories_of(conn: Connection, doc_ids: list[str]) -> set[str]:
    sd = s.story_documents.c
    return (
        set(conn.execute(select(sd.story_id).where(sd.document_id.in_(doc_ids))).scalars())
        if doc_ids
        else set()
    )


def _drop_empty_stories(conn: Connection, candidates: set[str]) -> None:
    """Stories (of ``candidates``) whose documents all moved to another story."""
    used = set(
        conn.execute(
            select(s.story_documents.c.story_id).where(s.story_documents.c.story_id.in_(candidates))
        ).scalars()
    )
    gone = sorted(candidates - used)
    if gone:
        conn.execute(delete(s.story_events).where(s.story_events.c.story_id.in_(gone)))
        conn.execute(delete(s.stories).where(s.stories.c.id.in_(gone)))


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

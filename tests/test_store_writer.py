"""The store keeps whole documents: an interruption leaves nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from communique.model import Actor, Document, Entity, Event, Mention, Quote, RawDocument, Span
from communique.store import delete_document, known_ids, open_store, save_documents, writer
from communique.store import schema as s


def make_document(body: str) -> Document:
    doc = Document(raw=RawDocument(source="mem", text=body), text=body, title="T")
    doc.entities = [
        Entity(
            id="country:BLR",
            name="Belarus",
            type="country",
            country="BLR",
            mentions=[Mention(0, 7, "Belarus")],
        )
    ]
    doc.quotes = [Quote(text="We agree", start=9, end=17, speaker=Actor("p:x", "X"))]
    doc.events = [
        Event(
            type="AGREE",
            sentence=Span(0, len(body), body),
            source=[Actor("country:BLR", "Belarus", "BLR", "GOV")],
        )
    ]
    return doc


def counts(engine) -> dict[str, int]:  # noqa: ANN001
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (s.documents, s.mentions, s.quotes, s.events, s.event_actors)
        }


def test_store_interrupted_document_is_not_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_store(tmp_path / "kb.db")
    first, second = make_document("Belarus: We agree on it."), make_document("Belarus: We agree again.")

    def interrupt(conn, doc):  # noqa: ANN001
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_insert_events", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_documents(engine, [first])
    assert counts(engine) == {"documents": 0, "mentions": 0, "quotes": 0, "events": 0, "event_actors": 0}
    monkeypatch.undo()
    assert save_documents(engine, [first, second]) == [True, True]
    assert save_documents(engine, [first]) == [False]
    assert counts(engine) == {"documents": 2, "mentions": 2, "quotes": 2, "events": 2, "event_actors": 2}
    assert known_ids(engine, [first.id, "nope"]) == {first.id}


def test_store_full_text_index_and_delete(tmp_path: Path) -> None:
    engine = open_store(tmp_path / "kb.db")
    doc = make_document("Belarus: We agree on the treaty.")
    save_documents(engine, [doc])
    match = text(
        "SELECT d.id FROM documents_fts f JOIN documents d ON d.seq = f.rowid WHERE documents_fts MATCH :q"
    )
    with engine.connect() as conn:
        assert conn.execute(match, {"q": "treaty"}).all() == [(doc.id,)]
        journal = conn.execute(text("PRAGMA journal_mode")).scalar_one()
    assert journal == "wal"
    with engine.begin() as conn:  # the index follows an edited row (a trigger), no writer involved
        conn.execute(
            text("UPDATE documents SET text = 'Belarus: we sign the accord.' WHERE id = :d"), {"d": doc.id}
        )
        assert conn.execute(match, {"q": "treaty"}).all() == []
        assert conn.execute(match, {"q": "accord"}).all() == [(doc.id,)]
    with engine.begin() as conn:
        delete_document(conn, doc.id)
    assert counts(engine)["documents"] == 0
    assert counts(engine)["event_actors"] == 0
    with engine.begin() as conn:
        assert conn.execute(match, {"q": "accord"}).all() == []
        for fts in ("documents_fts", "quotes_fts", "events_fts"):  # FTS5 checks the index against its rows
            conn.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"))


def test_store_keeps_the_text_once_and_nul_characters_as_replacement(tmp_path: Path) -> None:
    engine = open_store(tmp_path / "kb.db")
    doc = make_document("Belarus: We agree\x00 on the treaty.")
    save_documents(engine, [doc])
    with engine.connect() as conn:
        stored, contract = conn.execute(select(s.documents.c.text, s.documents.c.contract)).one()
        quote = conn.execute(select(s.quotes.c.text)).scalar_one()
    assert stored == "Belarus: We agree\ufffd on the treaty." and len(stored) == len(doc.text)
    assert "text" not in contract and contract["id"] == doc.id
    assert "\x00" not in quote

"""The store behaves the same on SQLite and on a real PostgreSQL server (``store_url`` runs each
test once per back-end): schema from the migrations, full-text search with the same syntax and
results, the organisation page, NUL characters, and many concurrent readers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import select

from communique.api import create_app
from communique.model import Actor, Document, Entity, Event, Mention, Quote, RawDocument, Span
from communique.store import open_store, save_documents
from communique.store import schema as s
from communique.store.migrate import head_revision
from communique.store.read import reading
from communique.store.search import SearchQuery, search
from communique.store.sync import sync_knowledge_base

# Our own sentences, with the punctuation that used to split the back-ends apart.
TEXTS = (
    "Troops fought al-Shabab near the border. Russia's envoy met U.S. officials in Minsk.",
    "The U.S. delegation and Russia discussed integration of air defence.",
    "Al Shabab was not named. The envoys of Russia spoke about integrated exercises.",
    "Café owners in Yerevan hosted the Interaction exercise; NATO observers were absent.",
)
# query -> documents matched (by index in TEXTS), the same on both back-ends
EXPECTED = {
    "al-Shabab": {0, 2},
    "Russia's": {0},
    "U.S.": {0, 1},
    "integr*": {1, 2},
    '"air defence"': {1},
    "Minsk OR Yerevan": {0, 3},
    "Russia -envoy": {1, 2},
    "(Minsk OR Yerevan) exercise": {3},
    "Interaction": {3},
}


def _document(i: int, body: str) -> Document:
    doc = Document(raw=RawDocument(source=f"doc-{i}.txt", text=body), text=body, title=f"Report {i}")
    doc.event_date = f"2021-0{i + 1}-01"
    first = body.split(". ")[0] + "."
    doc.quotes = [Quote(first, 0, len(first), Actor("person:x", "Ann Example"))]
    doc.events = [
        Event("CONSULT", Span(0, len(first), first), source=[Actor("country:RUS", "Russia", "RUS", "GOV")])
    ]
    if "Interaction" in body:
        start = body.index("Interaction")
        doc.entities = [
            Entity(
                "exercise:csto-interaction",
                "Interaction",
                "exercise",
                mentions=[Mention(start, start + 11, "Interaction")],
            )
        ]
        doc.place = "Yerevan"
    return doc


@pytest.fixture()
def store(store_url: str):  # noqa: ANN201 (a SQLAlchemy engine)
    engine = open_store(store_url)
    save_documents(engine, [_document(i, t) for i, t in enumerate(TEXTS)])
    yield engine
    engine.dispose()


def test_migrations_build_the_schema_on_each_backend(store) -> None:  # noqa: ANN001
    with store.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_full_text})
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, s.metadata) == []


def _not_full_text(name: str | None, kind: str, _parents: dict) -> bool:
    return not (kind == "table" and "_fts" in (name or "")) and not (name or "").endswith("_fulltext")


def test_search_syntax_and_results_are_the_same_on_each_backend(store) -> None:  # noqa: ANN001
    ids = {_document(i, t).id: i for i, t in enumerate(TEXTS)}
    with store.connect() as conn:
        for q, expected in EXPECTED.items():
            found = search(conn, SearchQuery(q=q, kinds=("document",), limit=50))
            assert {ids[h["document_id"]] for h in found.hits} == expected, q
        quotes = search(conn, SearchQuery(q="al-Shabab", kinds=("quote",), limit=50))
        assert sorted(ids[h["document_id"]] for h in quotes.hits) == [0, 2]
        events = search(conn, SearchQuery(q="consult russia", kinds=("event",), limit=50))
        assert len(events.hits) == 4
    with reading(store) as kb:
        page, total = kb.list_quotes(q="U.S.")
        assert total == 1 and page[0]["text"] == "The U.S."
        assert kb.list_events(q="Russia")[1] == 4


def test_organisation_page_on_each_backend(store) -> None:  # noqa: ANN001
    sync_knowledge_base(store)
    client = TestClient(create_app(store))
    r = client.get("/api/organisations/org:csto")
    assert r.status_code == 200, r.text
    assert [(x["name"], x["host"]) for x in r.json()["exercises"]] == [("Interaction", "Yerevan")]
    assert "Collective Security Council" in {b["name"] for b in r.json()["bodies"]}


def test_nul_characters_are_stored_as_replacement_on_each_backend(store) -> None:  # noqa: ANN001
    body = "A report with a stray \x00 byte from a broken feed."
    doc = Document(raw=RawDocument(source="nul.txt", text=body), text=body, title="Nul\x00 title")
    assert save_documents(store, [doc]) == [True]
    assert save_documents(store, [doc]) == [False]  # a re-run skips it instead of failing again
    with store.connect() as conn:
        text, title = conn.execute(
            select(s.documents.c.text, s.documents.c.title).where(s.documents.c.id == doc.id)
        ).one()
    assert text == body.replace("\x00", "\ufffd") and title == "Nul\ufffd title"


def test_fifty_concurrent_readers_get_no_errors(store) -> None:  # noqa: ANN001
    def read(i: int) -> int:
        with reading(store) as kb:
            return kb.list_events(q="Russia")[1] + len(list(kb.quotes()))

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(read, range(200)))
    assert results == [8] * 200


def test_upgrade_from_the_first_release_schema_on_each_backend(store_url: str) -> None:
    from alembic import command
    from sqlalchemy import insert, text

    from communique.store.db import connect
    from communique.store.migrate import BASELINE, _config, upgrade

    engine = connect(store_url)
    with engine.begin() as conn:  # the first release's schema and rows as it wrote them
        command.upgrade(_config(conn), BASELINE)
        conn.execute(text("INSERT INTO documents (id, source, text, contract) VALUES ('d1', 's', :t, :c)"),
                     {"t": "Envoys met in Minsk.", "c": '{"id": "d1", "text": "Envoys met in Minsk."}'})  # fmt: skip
        conn.execute(text("INSERT INTO events (id, document_id, type, sentence_start, sentence_end, sentence_text) "
                          "VALUES (1, 'd1', 'CONSULT', 0, 20, 'Envoys met in Minsk.')"))  # fmt: skip
        conn.execute(insert(s.event_actors).values(event_id=1, name="Belarus", role="source"))
    assert upgrade(engine).after == head_revision()
    with reading(engine) as kb:
        [doc] = list(kb.documents())
        assert doc["text"] == "Envoys met in Minsk."
        assert kb.list_events(q="Belarus")[1] == 1  # actors' names moved into the indexed column
    with engine.connect() as conn:
        assert "text" not in conn.execute(select(s.documents.c.contract)).scalar_one()
    engine.dispose()

"""Stories in the knowledge base: tables written incrementally, the index persisted, the CLI listing."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from communique.cli import app
from communique.model import Actor, Document, Entity, Event, RawDocument, Span
from communique.store import open_store, save_documents
from communique.store import schema as s
from communique.stories.persist import update_story_tables
from communique.stories.report import read_stories

# Own wording: two reports of one invented council session, and an unrelated note.
FIRST = (
    "The CSTO Collective Security Council met in Yerevan on Monday. Leaders of the member states "
    "approved a plan on border protection and discussed the training of peacekeeping units. "
    "Nikol Pashinyan, who chaired the council, signed the final declaration with his counterparts."
)
SECOND = (
    "Heads of state of the Collective Security Treaty Organization gathered in the Armenian capital, "
    "where Nikol Pashinyan presided over the session. The council signed a declaration, backed a border "
    "protection plan and reviewed how peacekeeping units are trained across the member states."
)
OTHER = (
    "A regional airline announced new routes between several Central Asian capitals, with flights "
    "starting in the summer and tickets on sale from next week."
)
CSTO = Entity("org:csto", "Collective Security Treaty Organization", "organization")
ARMENIA = Entity("country:ARM", "Armenia", "country", "ARM")
PASHINYAN = Entity("person:nikol-pashinyan", "Nikol Pashinyan", "person", "ARM")


def make_doc(text: str, title: str, on: str, place: str | None, entities, signed_on: str) -> Document:
    doc = Document(
        RawDocument(source=title, text=text, title=title), text=text, title=title, event_date=on, place=place
    )
    doc.entities = list(entities)
    sentence = Span(0, text.index(".") + 1, text[: text.index(".") + 1])
    actor = Actor(PASHINYAN.id, PASHINYAN.name, "ARM", "GOV")
    doc.events = [
        Event(
            "AGREE", sentence, date=signed_on, place=place, source=[actor], target=[Actor(CSTO.id, CSTO.name)]
        )
    ]
    return doc


def test_stories_store_tables_index_and_cli(tmp_path):
    engine = open_store(tmp_path / "kb.db")
    first = make_doc(
        FIRST, "Council meets in Yerevan", "2022-11-23", "Yerevan", [CSTO, ARMENIA, PASHINYAN], "2022-11-23"
    )
    second = make_doc(
        SECOND, "CSTO leaders in Armenia", "2022-11-23", "Yerevan", [CSTO, PASHINYAN, ARMENIA], "2022-11-22"
    )
    other = make_doc(OTHER, "New air routes", "2022-11-23", None, [], "2022-11-23")
    other.events = []
    # two batches: the second adds to the index the first left, and appends its own rows
    for batch in ([first], [second, other]):
        save_documents(engine, batch)
        update_story_tables(engine, batch)
    assert first.story == second.story != other.story
    with engine.connect() as conn:
        # one index row per document, in the order they were indexed; no blob
        assert conn.execute(
            select(s.story_index.c.document_id).order_by(s.story_index.c.seq)
        ).scalars().all() == [
            first.id,
            second.id,
            other.id,
        ]
        assert conn.execute(select(s.kv.c.key)).scalars().all() == []
        stored = dict(conn.execute(select(s.documents.c.id, s.documents.c.story_id)).all())
        assert stored == {first.id: first.story, second.id: second.story, other.id: other.story}
    stories = read_stories(engine)
    top = stories[0]
    assert (top["id"], top["label"], top["first_date"]) == (
        first.story,
        "2022-11-23 Yerevan: Council meets in Yerevan",
        "2022-11-23",
    )
    assert [d["title"] for d in top["documents"]] == ["Council meets in Yerevan", "CSTO leaders in Armenia"]
    assert top["documents"][1]["reason"].startswith(
        "same event date 2022-11-23, same place Yerevan, 3 shared actors"
    )
    (event,) = top["events"]
    assert (event["type"], len(event["mentions"]), event["conflicts"]) == (
        "AGREE",
        2,
        ["date: 2022-11-22 / 2022-11-23"],
    )
    result = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "kb.db"), "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "CSTO leaders in Armenia" in result.output
    assert "conflict: date: 2022-11-22 / 2022-11-23" in result.output
    assert "2 mention(s) in 2 document(s)" in result.output


def test_stories_store_cli_on_missing_database(tmp_path):
    result = CliRunner().invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1


def test_stories_store_a_bridging_report_joins_two_stories(tmp_path):
    """Two reports four days apart stay apart until a report between them links both: then the
    later story's rows move to the story of the earlier report and its story row goes."""
    engine = open_store(tmp_path / "kb.db")
    people = [CSTO, ARMENIA, PASHINYAN]
    early = make_doc(FIRST, "Council meets in Yerevan", "2022-11-20", "Yerevan", people, "2022-11-20")
    late = make_doc(SECOND, "CSTO leaders in Armenia", "2022-11-24", "Yerevan", people, "2022-11-24")
    bridge = make_doc(
        f"{FIRST} {SECOND}", "The Yerevan session", "2022-11-22", "Yerevan", people, "2022-11-22"
    )
    for batch in ([early], [late]):
        save_documents(engine, batch)
        update_story_tables(engine, batch)
    assert early.story != late.story
    old_late_story = late.story
    save_documents(engine, [bridge])
    (assignment,) = update_story_tables(engine, [bridge])
    assert assignment.story == early.story and assignment.reason.startswith("follow-up")
    with engine.connect() as conn:
        stored = dict(conn.execute(select(s.documents.c.id, s.documents.c.story_id)).all())
        assert set(stored.values()) == {early.story}
        linked = dict(
            conn.execute(select(s.story_documents.c.document_id, s.story_documents.c.story_id)).all()
        )
        assert linked == stored
        assert conn.execute(select(s.stories.c.id)).scalars().all() == [early.story]
        assert old_late_story not in conn.execute(select(s.story_events.c.story_id)).scalars().all()


def test_stories_store_index_read_back_from_rows_gives_the_same_stories(tmp_path, voa_records):
    """A new process reads the index from its rows: the stories are those of one process doing it all."""
    from communique.bench.stories import build_documents
    from communique.stories import StoryIndex, batch_text_source
    from communique.stories.persist import forget_cached_indexes

    docs, _ = build_documents(voa_records, 240, seed=11)
    expected = StoryIndex(text_source=batch_text_source(docs))
    expected.add(docs)
    engine = open_store(tmp_path / "kb.db")
    for i in range(0, len(docs), 40):
        batch = docs[i : i + 40]
        save_documents(engine, batch)
        update_story_tables(engine, batch)
        if i % 80 == 0:
            forget_cached_indexes()  # the next batch reads the index from the store
    with engine.connect() as conn:
        stored = dict(conn.execute(select(s.documents.c.id, s.documents.c.story_id)).all())
        story_ids = set(conn.execute(select(s.stories.c.id)).scalars())
    assert stored == {d.id: expected.story_of_document(d.id) for d in docs}
    assert story_ids == set(stored.values())
    assert len(story_ids) < len(docs)  # some documents share a story

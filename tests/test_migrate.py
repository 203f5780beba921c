"""Knowledge bases evolve: a file built by the previous release (tests/data/old_kb, made by that
release's ``communique ingest`` on two short texts of our own) upgrades in place, and the
migrations build exactly the schema the code describes."""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from communique.cli import app
from communique.store import open_store
from communique.store import schema as s
from communique.store.migrate import BASELINE, head_revision, upgrade
from communique.store.read import reading

OLD_KB = Path(__file__).resolve().parent / "data" / "old_kb" / "previous_release.db"
# What the previous release stored in that file (counted with its own code).
OLD_COUNTS = {"documents": 2, "quotes": 2, "events": 5, "mentions": 17}


def _counts(engine) -> dict[str, int]:  # noqa: ANN001
    with engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(s.metadata.tables[name])).scalar_one()
                for name in OLD_COUNTS}  # fmt: skip


def test_migrate_command_upgrades_a_previous_release_knowledge_base(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(OLD_KB, db)
    with create_engine(f"sqlite:///{db}").connect() as conn:
        assert "alembic_version" not in {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    result = CliRunner().invoke(app, ["migrate", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"from {BASELINE} (previous release) to {head_revision()}" in result.output
    engine = open_store(db, create=False)
    assert _counts(engine) == OLD_COUNTS  # nothing lost
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        # the text is stored once: gone from the contract object, kept in documents.text
        rows = conn.execute(select(s.documents.c.text, s.documents.c.contract)).all()
        assert all("text" not in contract and body for body, contract in rows)
        # the old full-text tables were rebuilt as external-content tables over the rows
        hits = conn.execute(
            text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'guarantor'")
        ).scalar()
        assert hits == 1
        names = conn.execute(
            select(s.events.c.actor_names).where(s.events.c.actor_names.is_not(None))
        ).scalars()
        assert any("Collective Security Treaty Organization" in n for n in names)
        # the packs' copy gained part_of (bodies of an organisation) when migrate re-synchronised it
        parts = conn.execute(select(func.count()).where(s.entities.c.part_of == "org:csto")).scalar_one()
        assert parts > 0
    with reading(engine) as kb:  # every output reads it, the jsonl export's documents with their text
        docs = list(kb.documents())
        assert [d["text"][:4] for d in docs] == [r[0][:4] for r in sorted(rows, key=lambda r: r[1]["id"])]
    result = CliRunner().invoke(app, ["migrate", "--db", str(db)])
    assert result.exit_code == 0 and "already at" in result.output


def test_opening_an_old_knowledge_base_upgrades_it_and_ingest_continues(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(OLD_KB, db)
    engine = open_store(db)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    assert upgrade(engine).changed is False
    (tmp_path / "new.txt").write_text(
        "Armenia hosts talks\n\nYEREVAN, 3 March 2020 - Armenia hosted talks with Russia on Tuesday.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "new.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert _counts(engine)["documents"] == 3
    with engine.connect() as conn:  # the old release's story index was rebuilt: every document has a story
        assert conn.execute(select(func.count()).where(s.documents.c.story_id.is_(None))).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(s.story_documents)).scalar_one() == 3
        # its blob (a layout this release does not read) is gone; the index is kept as rows now
        assert conn.execute(select(func.count()).select_from(s.story_index)).scalar_one() == 3
        assert conn.execute(select(s.kv.c.key).where(s.kv.c.key == "stories.index")).first() is None
    with engine.connect() as conn:
        hit = conn.execute(
            text(
                "SELECT d.title FROM documents_fts f JOIN documents d ON d.seq = f.rowid WHERE documents_fts MATCH 'hosted'"
            )
        ).scalar_one()
    assert hit == "Armenia hosts talks"


def test_migrations_build_the_schema_the_code_describes(tmp_path: Path) -> None:
    engine = open_store(tmp_path / "new.db")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": _not_full_text})
        diff = compare_metadata(context, s.metadata)
    assert diff == []


def _not_full_text(name: str | None, kind: str, _parents: dict) -> bool:
    """FTS5's shadow tables and the GIN indexes belong to the migrations, not to the table metadata."""
    return not (kind == "table" and "_fts" in (name or "")) and not (name or "").endswith("_fulltext")


def test_processes_opening_one_new_knowledge_base_at_once_take_turns(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def open_and_count(_: int) -> str:
        engine = open_store(tmp_path / "shared.db")  # an engine each: as separate processes would
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
        engine.dispose()
        return revision

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(open_and_count, range(4))) == [head_revision()] * 4


def test_a_pickled_story_index_becomes_rows(tmp_path: Path, voa_records) -> None:  # noqa: ANN001
    """The release before rows kept the story index as one pickled blob in ``kv``: upgrading turns
    it into ``story_index`` rows that rebuild the same stories."""
    from alembic import command
    from sqlalchemy import insert

    from communique.bench.stories import build_documents
    from communique.store.migrate import _config
    from communique.stories import StoryIndex, batch_text_source
    from communique.stories.persist import load_index

    docs, _ = build_documents(voa_records, 150, seed=3)
    db = tmp_path / "kb.db"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0002_fulltext_triggers")
    index = StoryIndex(text_source=batch_text_source(docs))
    index.add(docs[:100])
    del index.journal  # as that release pickled it
    with engine.begin() as conn:
        conn.execute(insert(s.kv).values(key="stories.index", value=index.dumps()))
    engine.dispose()
    engine = open_store(db)  # upgrades
    with engine.connect() as conn:
        rows = conn.execute(select(s.story_index.c.document_id).order_by(s.story_index.c.seq)).scalars().all()
        assert rows == index.doc_ids
        assert conn.execute(select(s.kv.c.key).where(s.kv.c.key == "stories.index")).first() is None
        restored = load_index(conn)
    restored.text_source = batch_text_source(docs)
    assert restored.groups() == index.groups()
    whole = StoryIndex(text_source=batch_text_source(docs))
    whole.add(docs)
    restored.add(docs[100:])
    assert restored.groups() == whole.groups()

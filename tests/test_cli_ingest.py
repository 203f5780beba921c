"""The ingest, stats and analyze commands, run on real documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from communique.cli import app
from communique.store import open_store
from communique.store import schema as s
from tests.conftest import SEEDS, VOA

runner = CliRunner()


def count_documents(db: Path) -> int:
    with open_store(db).connect() as conn:
        return conn.execute(select(func.count()).select_from(s.documents)).scalar_one()


@pytest.fixture(scope="module")
def voa_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("voa") / "kb.db"
    result = runner.invoke(app, ["ingest", str(VOA), "--db", str(db)])
    return db, result.output


def test_cli_ingest_voa_stores_every_record(voa_db: tuple[Path, str]) -> None:
    db, output = voa_db
    assert "stored" in output
    assert count_documents(db) == 89


def test_cli_ingest_twice_changes_nothing(voa_db: tuple[Path, str]) -> None:
    db, _ = voa_db
    result = runner.invoke(app, ["ingest", str(VOA), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "nothing new: all 89 document(s) already in" in result.output
    assert count_documents(db) == 89


def test_cli_ingest_bad_files_beside_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "004_7ac41ac1d28b743f.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)))
    (folder / "ru.txt").write_bytes("Министры обороны встретились в Минске.".encode("cp1251"))
    db = tmp_path / "kb.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 3, result.output  # stored what it could; some inputs were skipped
    assert "empty.txt: empty file" in result.output
    assert "blob.bin: unsupported file type '.bin'" in result.output
    assert count_documents(db) == 2
    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert "documents" in stats.output


def test_cli_analyze_text_prints_contract() -> None:
    result = runner.invoke(
        app,
        [
            "analyze",
            "--text",
            "Russia and Belarus signed a border agreement in Minsk.",
            "--date",
            "2021-04-02",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("{")]
    doc = json.loads(line)
    assert doc["schema"] == "communique.document/1"
    assert doc["source"] == "-"
    assert doc["text"] == "Russia and Belarus signed a border agreement in Minsk."
    assert set(doc) >= {"entities", "quotes", "events", "facts", "story", "event_date", "place", "title"}


def test_cli_analyze_rejects_bad_date() -> None:
    result = runner.invoke(app, ["analyze", "--text", "x", "--date", "15/05/2012"])
    assert result.exit_code == 2
    assert "not a date in YYYY-MM-DD form" in result.output


def test_cli_stats_without_knowledge_base(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert "no knowledge base at" in result.output


def stored_so_far(db: Path) -> int:
    """Documents a running ingest has committed; 0 while it is still creating the store.

    A read-only connection: opening the store normally would race the ingest to create its tables.
    """
    import sqlite3

    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # no documents table yet
        return 0


def test_cli_ingest_killed_midway_then_completed(tmp_path: Path, voa_records: list[dict]) -> None:
    """SIGKILL during an ingest leaves only whole documents; the next run stores and clusters the rest."""
    import os
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in voa_records[:40]), encoding="utf-8")
    db = tmp_path / "kb.db"
    cmd = [sys.executable, "-m", "communique", "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if stored_so_far(db) > 0:
            break
        time.sleep(0.1)  # polling for the first stored document, not timing a result
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = count_documents(db)
    assert 0 < stored < 40
    with open_store(db).connect() as conn:
        # every stored document is whole: its contract object, text and mentions are there
        for row in conn.execute(select(s.documents.c.id, s.documents.c.contract, s.documents.c.text)):
            assert row.contract["id"] == row.id and row.text
            mentions = conn.execute(
                select(func.count()).select_from(s.mentions).where(s.mentions.c.document_id == row.id)
            ).scalar_one()
            assert mentions == sum(len(e["mentions"]) for e in row.contract["entities"])
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert count_documents(db) == 40
    with open_store(db).connect() as conn:
        assert conn.execute(select(func.count()).where(s.documents.c.story_id.is_(None))).scalar_one() == 0
        clustered = conn.execute(
            select(func.count(func.distinct(s.story_documents.c.document_id)))
        ).scalar_one()
    assert clustered == 40


def test_cli_ingest_redoes_documents_stored_without_story(tmp_path: Path) -> None:
    """A run killed between storing a document and clustering it: the next run analyses it again."""
    from communique.ingest import read_paths
    from communique.pipeline import analyze
    from communique.store import save_documents

    seed = SEEDS / "002_46537543d1896dfd.txt"
    db = tmp_path / "kb.db"
    engine = open_store(db)
    assert save_documents(engine, analyze(list(read_paths([str(seed)])))) == [True]
    result = runner.invoke(app, ["ingest", str(seed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 document(s) from an interrupted run will be analysed again" in result.output
    with engine.connect() as conn:
        assert conn.execute(select(s.documents.c.story_id)).scalar_one() is not None
        assert conn.execute(select(func.count()).select_from(s.story_documents)).scalar_one() == 1


def test_cli_ingest_with_worker_processes_stores_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--workers 2 spreads batches over processes and stores exactly what one process stores."""
    from communique.cli import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "BATCH", 2)  # five seeds: three batches over two workers
    stored = {}
    for workers in ("1", "2"):
        db = tmp_path / f"kb{workers}.db"
        result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(db), "--workers", workers])
        assert result.exit_code == 0, result.output
        with open_store(db).connect() as conn:
            rows = conn.execute(select(s.documents.c.id, s.documents.c.contract, s.documents.c.story_id))
            stored[workers] = {r.id: (r.contract, r.story_id) for r in rows}
    assert len(stored["1"]) == 5
    assert stored["2"] == stored["1"]

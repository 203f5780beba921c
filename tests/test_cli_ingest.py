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
    assert result.exit_code == 0, result.output
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

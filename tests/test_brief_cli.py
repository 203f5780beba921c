"""The command line refuses bad input with one line and a non-zero exit: impossible dates, a
missing output folder, an unknown organisation (brief, events, export)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from tests import kb_fixture


@pytest.fixture(scope="module")
def db() -> str:
    return str(kb_fixture.seed_kb_path())


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_brief_refuses_bad_input(db: str, tmp_path: Path) -> None:
    code, text = _run("brief", "--org", "csto", "--from", "2023-13-01", "--to", "2023-12-31", "--db", db)
    assert code == 2 and "2023-13-01" in text
    code, text = _run("brief", "--org", "csto", "--from", "2023-12-31", "--to", "2023-01-01", "--db", db)
    assert code == 2 and "after" in text
    code, text = _run("brief", "--org", "csto", "--from", "2023-01-01", "--to", "2023-12-31",
                      "--out", str(tmp_path / "missing"), "--db", db)  # fmt: skip
    assert code == 1 and "no folder" in text and "Traceback" not in text
    code, text = _run("brief", "--org", "Nobody Atall", "--from", "2023-01-01", "--to", "2023-12-31",
                      "--out", str(tmp_path), "--no-pdf", "--db", db)  # fmt: skip
    assert code == 1 and "no entity is called 'Nobody Atall'" in text


def test_events_refuse_impossible_dates(db: str) -> None:
    for bad in ("2020-13-01", "2021-02-30", "2020-13"):
        code, text = _run("events", "--from", bad, "--db", db)
        assert code == 2 and bad in text


def test_export_to_missing_folder_is_one_line(db: str, tmp_path: Path) -> None:
    code, text = _run("export", "jsonl", "--out", str(tmp_path / "no" / "such" / "out.jsonl"), "--db", db)
    assert code == 1 and "no folder" in text and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1

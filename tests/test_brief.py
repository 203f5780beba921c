"""The CSTO brief for 2023 from the seeds' knowledge base: HTML with every line linked to its
document and sentence, a PDF printed by headless Chromium and checked page by page as PNG."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from tests import kb_fixture
from tests.test_browser_workbench import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("brief")
    args = ["brief", "--org", "csto", "--from", "2023-01-01", "--to", "2023-12-31", "--out", str(out),
            "--db", str(kb_fixture.seed_kb_path())]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return {p.suffix[1:]: p for p in out.iterdir()}


def test_brief_html_links_every_line(brief: dict[str, Path]) -> None:
    html = brief["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html.split("<body")[0]  # self-contained, no script
    for section in ("Who led and chaired", "Meetings, exercises and other events", "Main quotes",
                    "Events by type and month", "Actor network"):  # fmt: skip
        assert section in html
    assert "Collective Security Treaty Organization" in html
    events = re.findall(r'<li class="event">.*?</li>', html, re.S)
    quotes = re.findall(r'<li class="quote">.*?</li>', html, re.S)
    assert events and quotes
    for item in events:
        assert re.search(
            r'href="http://127\.0\.0\.1:8000/documents/[0-9a-f]+#event:[0-9a-f]+:\d+:[A-Z]+"', item
        )
    for item in quotes:
        assert re.search(r'href="http://127\.0\.0\.1:8000/documents/[0-9a-f]+#quote:[0-9a-f]+:\d+:\d+"', item)
    shown = re.search(r"(\d+) events? · generated", html)
    total = re.search(r"<td><strong>All</strong></td>.*?<td><strong>(\d+)</strong></td></tr>", html, re.S)
    assert shown and total and int(total.group(1)) == int(shown.group(1))


def test_brief_pdf_pages(brief: dict[str, Path]) -> None:
    pdf = brief["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF")
    for tool in ("pdftoppm", "pdftotext"):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} is missing: apt-get install -y poppler-utils")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Who led and chaired" in text and "Main quotes" in text and "Actor network" in text
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("brief-csto-2023-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / "brief-csto-2023")], check=True)
    pages = sorted(ARTIFACTS.glob("brief-csto-2023-*.png"))
    assert 1 <= len(pages) <= 12
    # A blank page compresses to almost nothing; every page of the brief carries text.
    assert all(p.stat().st_size > 4000 for p in pages), [p.stat().st_size for p in pages]

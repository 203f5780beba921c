"""Headless Chromium for the browser tests: where it is, how it starts, where screenshots go, and
the module-scoped fixtures the page checks share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import kb_fixture
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server() -> Iterator[kb_fixture.LiveServer]:
    """The workbench on the seeds' knowledge base."""
    with kb_fixture.LiveServer(kb_fixture.seed_kb_path()) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Chromium driven by Playwright; a missing Chromium fails the test, it never skips."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

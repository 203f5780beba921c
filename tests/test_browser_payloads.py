"""Stored and reflected payloads in headless Chromium: no script from a document or a URL runs
on any page. Each payload, if it ran, would set ``window.__xss`` or open a dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import kb_fixture
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_api_security import PAYLOADS, TOKEN, build_payload_kb

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    return build_payload_kb(tmp_path_factory.mktemp("browser-payload") / "kb.db")


@pytest.fixture(scope="module")
def server(kb: tuple[Path, list]) -> Iterator[kb_fixture.LiveServer]:
    with kb_fixture.LiveServer(kb[0], token=TOKEN) as live:
        yield live


def pages(kb: tuple[Path, list]) -> list[str]:
    """Every page that shows stored payloads, and pages that echo payloads sent in the URL."""
    docs = kb[1]
    stored = [
        "/",
        "/search?q=Payload",
        "/quotes",
        "/events",
        "/entities",
        "/stories",
        "/corrections",
        "/network",
    ]
    stored += [f"/documents/{d.id}" for d in docs] + [f"/entities/{quote(d.entities[0].id)}" for d in docs]
    reflected = []
    for payload in PAYLOADS:
        p = quote(payload, safe="")
        reflected += [
            f"/search?q={p}",
            f"/quotes?speaker={p}&q={p}",
            f"/events?actor={p}&type={p}",
            f"/entities/{p}",
            f"/documents/{p}",
            f"/entities?q={p}",
            f"/{p}",
            f"/search?q=x&offset={p}",
        ]
    return stored + reflected


def test_browser_no_payload_runs_on_any_page(server: kb_fixture.LiveServer, kb: tuple[Path, list]) -> None:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    dialogs: list[str] = []
    ran: dict[str, int] = {}
    visited = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_context().new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in pages(kb):
            tab.goto(server.url + path, wait_until="load")
            # hover and click what a payload could hide behind: links, mentions, badges
            for link in tab.locator("main a").all()[:8]:
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (
                    path,
                    href,
                )
                link.hover(timeout=2000)
            count = tab.evaluate("window.__xss || 0")
            if count:
                ran[path] = count
            visited += 1
        # the document whose stored url is javascript: shows it as text; clicking the source does nothing
        tab.goto(server.url + f"/documents/{kb[1][0].id}")
        source = tab.locator("dt:has-text('Source') + dd")
        assert source.locator("a").count() == 0
        assert "javascript:" in source.inner_text()
        browser.close()
    assert visited == len(pages(kb)) >= 50
    assert ran == {} and dialogs == []

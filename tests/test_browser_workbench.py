"""The workbench in headless Chromium against a live server: search → document → entity →
organisation, with screenshots saved to test-artifacts/ for a look at the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import kb_fixture
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server() -> Iterator[kb_fixture.LiveServer]:
    with kb_fixture.LiveServer(kb_fixture.seed_kb_path(), token="browser-token") as live:
        yield live


@pytest.fixture(scope="module")
def page(server: kb_fixture.LiveServer) -> Iterator:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        offsite: list[str] = []
        tab.on("request", lambda req: offsite.append(req.url) if not req.url.startswith(server.url) else None)
        tab.offsite = offsite
        yield tab
        browser.close()


def _shot(page, name: str) -> None:  # noqa: ANN001
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_search_document_entity_organisation(server: kb_fixture.LiveServer, page) -> None:  # noqa: ANN001
    page.goto(server.url + "/")
    page.fill("main input[name=q]", "Lukashenko")
    page.press("main input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert "Lukashenko" in page.title()
    _shot(page, "01-search")

    page.click("ol.hits li.hit.document a.title >> nth=0")
    page.wait_for_selector("#doctext")
    assert page.locator("#doctext .mention").count() > 0
    _shot(page, "02-document")

    page.click("#doctext a.mention.e-person >> nth=0")
    page.wait_for_selector("article.entity h1")
    assert page.locator("article.entity h2", has_text="Timeline").count() == 1
    _shot(page, "03-entity")

    page.goto(server.url + "/organisations/org:csto")
    page.wait_for_selector("#chairs table")
    assert page.locator("#members tbody tr").count() >= 6
    _shot(page, "04-organisation")
    assert page.offsite == []  # nothing loaded from outside the server


def test_browser_other_pages(server: kb_fixture.LiveServer, page) -> None:  # noqa: ANN001
    for name, path, selector in (
        ("05-quotes", "/quotes", "ol.quotes"),
        ("06-timeline", "/events", "figure.chart svg"),
        ("07-network", "/network", "#network-graph canvas"),
        ("08-stories", "/stories", "table.grid"),
        ("09-docs", "/docs", "#swagger-ui"),
    ):
        page.goto(server.url + path)
        page.wait_for_selector(selector)
        _shot(page, name)
    assert page.offsite == []


def test_browser_script_in_document_stays_text(server: kb_fixture.LiveServer, page) -> None:  # noqa: ANN001
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url + f"/documents/{kb_fixture.hostile_document().id}")
    page.wait_for_selector("#doctext")
    assert "<script>alert(" in page.inner_text("#doctext")
    assert dialogs == []
    _shot(page, "10-hostile-document")


def test_browser_malformed_query_shows_message(server: kb_fixture.LiveServer, page) -> None:  # noqa: ANN001
    page.goto(server.url + "/search?q=%22unclosed")
    assert "closing double quote" in page.inner_text("main")

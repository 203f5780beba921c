"""Document text is data, never markup: a document carrying <script> shows it as text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from tests import kb_fixture


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


def _no_raw_markup(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<i onmouseover" not in html
    assert "<b>bold</b>" not in html


def test_escaping_document_page(client: TestClient) -> None:
    doc_id = kb_fixture.hostile_document().id
    html = client.get(f"/documents/{doc_id}").text
    _no_raw_markup(html)
    assert "&lt;script&gt;alert(" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;Nowhere&gt;" in html


@pytest.mark.parametrize(
    "path",
    ["/search?q=envoy", "/search?q=script", "/quotes", "/events", "/network", "/entities?q=envoy",
     "/entities/prov:person:evil-envoy", "/corrections"],
)  # fmt: skip
def test_escaping_every_page(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    _no_raw_markup(r.text)


def test_escaping_json_keeps_text_verbatim(client: TestClient) -> None:
    doc = client.get(f"/api/documents/{kb_fixture.hostile_document().id}").json()
    assert doc["text"] == kb_fixture.HOSTILE_TEXT
    assert doc["title"] == kb_fixture.HOSTILE_TITLE

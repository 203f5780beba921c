"""The API's two JSON shapes, pinned: one for lists, one for errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from tests import kb_fixture

LIST_KEYS = {"ok", "items", "total", "next"}
ERROR_KEYS = {"ok", "status", "error", "errors"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


@pytest.mark.parametrize(
    "path",
    ["/api/search?q=CSTO", "/api/quotes", "/api/events", "/api/stories", "/api/entities", "/api/corrections",
     "/api/organisations", "/quotes.json", "/events.json", "/search.json?q=Minsk"],
)  # fmt: skip
def test_error_shape_list(client: TestClient, path: str) -> None:
    body = client.get(path).json()
    assert LIST_KEYS <= set(body)
    assert body["ok"] is True and isinstance(body["items"], list) and isinstance(body["total"], int)
    assert body["next"] is None or body["next"].startswith("http")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/search?q=%22open", 400),
        ("/api/search?limit=1000", 400),
        ("/api/quotes?limit=zero", 400),
        ("/api/quotes?offset=-5", 400),
        ("/api/events?from=yesterday", 400),
        ("/api/documents/nope", 404),
        ("/api/entities/person:nobody-at-all", 404),
        ("/api/stories/nope", 404),
        ("/api/no-such-endpoint", 404),
        ("/documents/nope.json", 404),
    ],
)
def test_error_shape_errors(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    body = r.json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)


def test_error_shape_on_write_errors(client: TestClient) -> None:
    r = client.post("/api/corrections", json={"kind": "reject", "target": "quote:x:1:2"})
    assert r.status_code == 403 and set(r.json()) == ERROR_KEYS
    r = client.post("/api/corrections", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 403) and set(r.json()) == ERROR_KEYS


def test_error_shape_html_pages_get_an_error_page(client: TestClient) -> None:
    r = client.get("/search", params={"q": "(unclosed"})
    assert r.status_code == 400 and "text/html" in r.headers["content-type"]
    assert "not closed" in r.text

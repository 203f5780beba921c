"""Keyset pages over the seeds' knowledge base: following ``next`` (and back along ``previous``)
visits every event and quote exactly once, in the order of the one-page list, and a row
added between two pages neither repeats nor hides a row."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from communique.api import create_app
from communique.store.keyset import encode
from tests import kb_fixture

LUKASHENKO = "person:alexander-lukashenko"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


def walk(client: TestClient, url: str, direction: str = "next") -> tuple[list[dict], dict]:
    """Every page from ``url`` on, following ``direction`` links; RETURNS (items in order, last page)."""
    items: list[dict] = []
    pages = 0
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"] if direction == "next" else body["items"][::-1]
        url = body[direction]
        pages += 1
        assert pages < 500
    return items, body


@pytest.mark.parametrize(
    "path",
    [
        "/api/events",
        f"/api/events?actor={LUKASHENKO}",
        "/api/events?type=CONSULT",
        "/api/quotes",
        "/api/quotes?speaker=Lukashenko",
        "/api/quotes?from=2022",
    ],
)
def test_next_and_previous_visit_every_row_once(client: TestClient, path: str) -> None:
    sep = "&" if "?" in path else "?"
    whole = client.get(f"{path}{sep}limit=200").json()
    assert whole["next"] is None and len(whole["items"]) == whole["total"] > 3
    keys = [i["key"] + ":" + str(i.get("id", "")) for i in whole["items"]]
    forward, last = walk(client, f"{path}{sep}limit=3")
    assert [i["key"] + ":" + str(i.get("id", "")) for i in forward] == keys
    assert last["total"] == whole["total"] and last["offset"] is None
    assert "after=" in client.get(f"{path}{sep}limit=3").json()["next"]
    # back from the last page to the first
    backward, first = walk(client, last["previous"], "previous")
    assert [i["key"] + ":" + str(i.get("id", "")) for i in backward][::-1] == keys[: len(backward)]
    assert len(backward) + len(last["items"]) == len(keys)
    assert first["previous"] is None


@pytest.mark.parametrize(
    "path", ["/api/search?q=CSTO", "/api/search?kind=document", "/api/search?q=security&kind=quote,event"]
)
def test_search_pages_by_cursor_visit_every_hit_once(client: TestClient, path: str) -> None:
    whole = client.get(f"{path}&limit=200").json()
    assert whole["next"] is None and len(whole["items"]) == whole["total"] > 4
    hits = [(i["kind"], i["id"]) for i in whole["items"]]
    forward, last = walk(client, f"{path}&limit=4")
    assert [(i["kind"], i["id"]) for i in forward] == hits
    assert "after=" in client.get(f"{path}&limit=4").json()["next"]
    backward, first = walk(client, last["previous"], "previous")
    assert [(i["kind"], i["id"]) for i in backward][::-1] == hits[: len(backward)]
    assert len(backward) + len(last["items"]) == len(hits) and first["previous"] is None


def test_events_of_one_document_page_in_text_order(client: TestClient) -> None:
    doc_id = kb_fixture.seed_ids()["000_a5a82edc6cfc5c2a.txt"]
    whole = client.get("/api/events", params={"document": doc_id, "limit": 200}).json()
    assert whole["total"] >= 2
    items, _ = walk(client, f"/api/events?document={doc_id}&limit=1")
    assert [e["id"] for e in items] == [e["id"] for e in whole["items"]]
    starts = [e["sentence"]["start"] for e in items]
    assert starts == sorted(starts)


def test_html_pages_link_by_cursor(client: TestClient) -> None:
    for path in ("/events?limit=2", "/quotes?limit=2"):
        html = client.get(path).text
        assert 'rel="next"' in html and "after=" in html
        nxt = client.get(path.replace("?", ".json?")).json()["next"]
        assert "after=" in nxt and client.get(nxt.replace(".json?", "?")).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "after=not-a-cursor",
        "before=%%%",
        "after=WzFd",
        "after=WyJhIiwiYiIsMSwyXQ&before=WyJhIiwiYiIsMSwyXQ",
        "after=" + encode(["a", "b", 10**30, 1]),
        "after=" + encode(["a", "b", 1, float("nan")]),
        "after=" + base64.urlsafe_b64encode(b"[" * 1400).decode(),
    ],
)
def test_bad_cursors_are_a_400_that_says_why(client: TestClient, query: str) -> None:
    for path in ("/api/events", "/api/quotes", "/api/search"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == 400, (path, query, r.text)
        assert r.json()["ok"] is False and r.json()["error"]


def test_a_row_added_between_pages_neither_repeats_nor_hides_one(tmp_path: Path) -> None:
    """With offsets, a newer event stored after page 1 pushes page 1's last row onto page 2."""
    db = tmp_path / "kb.db"
    shutil.copy(kb_fixture.seed_kb_path(), db)
    app = create_app(db)
    client = TestClient(app)
    before, _ = walk(client, "/api/events?limit=200")
    first = client.get("/api/events?limit=4").json()
    with app.state.engine.begin() as conn:  # the newest event of all, stored after page 1 was read
        new_id = conn.execute(text("SELECT max(id) + 1 FROM events")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO events (id, document_id, type, mode, cameo, date, place, sentence_start, "
                "sentence_end, sentence_text, trigger, rule, confidence, source_json, target_json, actor_names) "
                "SELECT :id, document_id, type, mode, cameo, '2099-01-01', place, sentence_start + 1, sentence_end, "
                "sentence_text, trigger, rule, confidence, source_json, target_json, actor_names FROM events "
                "ORDER BY id LIMIT 1"
            ),
            {"id": new_id},
        )
    rest, last = walk(client, first["next"])
    assert last["total"] == len(before) + 1
    assert [e["id"] for e in first["items"] + rest] == [e["id"] for e in before]

"""Analyst corrections through the API: refused without a token, applied on read with one,
and kept across re-ingestion because targets are stable keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.store import open_store
from communique.store.corrections import CorrectionError, validate_correction
from tests import kb_fixture

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LUKASHENKO = "person:alexander-lukashenko"


@pytest.fixture()
def kb(tmp_path: Path) -> Path:
    """A private copy of the seeds' knowledge base: these tests write to it."""
    target = tmp_path / "kb.db"
    shutil.copy(kb_fixture.seed_kb_path(), target)
    return target


def test_corrections_refused_without_configured_token(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMUNIQUE_TOKEN", raising=False)
    client = TestClient(create_app(kb))
    r = client.post("/api/corrections", json={"kind": "reject", "target": "quote:x:1:2"}, headers=AUTH)
    assert r.status_code == 403
    assert "--token" in r.json()["error"]


def test_corrections_refused_with_wrong_token(kb: Path) -> None:
    client = TestClient(create_app(kb, token=TOKEN))
    body = {"kind": "reject", "target": "quote:x:1:2"}
    assert client.post("/api/corrections", json=body).status_code == 401
    assert (
        client.post("/api/corrections", json=body, headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )


def test_corrections_token_from_environment(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_TOKEN", TOKEN)
    client = TestClient(create_app(kb))
    r = client.post("/api/corrections", json={"kind": "rename_entity", "target": "entity:org:csto",
                                              "payload": {"name": "CSTO (renamed)"}}, headers=AUTH)  # fmt: skip
    assert r.status_code == 201


def test_corrections_round_trip_reject_and_set_speaker(kb: Path) -> None:
    client = TestClient(create_app(kb, token=TOKEN))
    quotes = client.get("/api/quotes", params={"speaker": LUKASHENKO, "limit": 200}).json()
    assert quotes["total"] >= 2
    wrong, moved = quotes["items"][0], quotes["items"][1]
    r = client.post("/api/corrections", json={"kind": "reject", "target": wrong["key"], "note": "not speech"},
                    headers=AUTH)  # fmt: skip
    assert r.status_code == 201 and r.json()["correction"]["target"] == wrong["key"]
    r = client.post("/api/corrections", headers=AUTH,
                    json={"kind": "set_speaker", "target": moved["key"], "payload": {"speaker_id": "person:vladimir-putin"}})  # fmt: skip
    assert r.status_code == 201
    after = client.get("/api/quotes", params={"speaker": LUKASHENKO, "limit": 200}).json()
    assert after["total"] == quotes["total"] - 2
    assert {q["key"] for q in after["items"]}.isdisjoint({wrong["key"], moved["key"]})
    putin = client.get("/api/quotes", params={"speaker": "person:vladimir-putin", "limit": 200}).json()
    mine = [q for q in putin["items"] if q["key"] == moved["key"]]
    assert mine and mine[0]["corrected"] is True and mine[0]["speaker"]["name"] == "Vladimir Putin"
    doc = client.get(f"/api/documents/{wrong['document_id']}").json()
    assert wrong["key"] not in {q["key"] for q in doc["quotes"]}
    listed = client.get("/api/corrections").json()
    assert [c["kind"] for c in listed["items"]] == ["reject", "set_speaker"]


def test_corrections_merge_and_rename_entities(kb: Path) -> None:
    client = TestClient(create_app(kb, token=TOKEN))
    before = client.get(f"/api/entities/{LUKASHENKO}").json()
    other = next(c for c in before["co_actors"] if c["id"] != LUKASHENKO)
    other_profile = client.get(f"/api/entities/{other['id']}").json()
    client.post("/api/corrections", headers=AUTH,
                json={"kind": "merge_entities", "target": f"entity:{other['id']}", "payload": {"into": LUKASHENKO}})  # fmt: skip
    client.post("/api/corrections", headers=AUTH,
                json={"kind": "rename_entity", "target": f"entity:{LUKASHENKO}", "payload": {"name": "A. G. Lukashenko"}})  # fmt: skip
    merged = client.get(f"/api/entities/{other['id']}").json()
    assert merged["id"] == LUKASHENKO and merged["name"] == "A. G. Lukashenko"
    assert other["id"] in merged["merged_from"]
    assert merged["quotes_total"] == before["quotes_total"] + other_profile["quotes_total"]
    assert other["id"] not in {c["id"] for c in merged["co_actors"]}


def test_corrections_survive_reingestion(kb: Path) -> None:
    """Deleting and re-storing a document keeps its corrections: they name it by hash and offsets."""
    from communique.store import save_documents
    from communique.store.writer import delete_document

    client = TestClient(create_app(kb, token=TOKEN))
    hostile = kb_fixture.hostile_document().id
    quote = client.get("/api/quotes", params={"document": hostile}).json()["items"][0]
    client.post("/api/corrections", json={"kind": "reject", "target": quote["key"]}, headers=AUTH)
    engine = open_store(kb)
    with engine.begin() as conn:
        delete_document(conn, hostile)
    save_documents(engine, [kb_fixture.hostile_document()])
    doc = client.get(f"/api/documents/{quote['document_id']}").json()
    assert quote["key"] not in {q["key"] for q in doc["quotes"]}


def test_corrections_bad_requests_are_400(kb: Path) -> None:
    client = TestClient(create_app(kb, token=TOKEN))
    for body in (
        {"kind": "delete_everything", "target": "quote:x:1:2"},
        {"kind": "reject", "target": "quote:1"},
        {"kind": "set_speaker", "target": "quote:abc:1:2"},
        {"kind": "merge_entities", "target": "entity:a", "payload": {"into": "a"}},
        {"kind": "rename_entity", "target": "event:abc:1:CONSULT", "payload": {"name": "x"}},
    ):
        r = client.post("/api/corrections", json=body, headers=AUTH)
        assert r.status_code == 400, body
        assert r.json()["ok"] is False


@pytest.mark.parametrize(
    ("kind", "target", "payload"),
    [
        ("reject", "mention:d:0:4", {}),
        ("reject", "event:d:10:CONSULT", {}),
        ("set_speaker", "quote:d:1:9", {"speaker_id": "p"}),
    ],
)
def test_corrections_valid_targets(kind: str, target: str, payload: dict) -> None:
    validate_correction(kind, target, payload)
    with pytest.raises(CorrectionError):
        validate_correction(kind, "entity:", payload)

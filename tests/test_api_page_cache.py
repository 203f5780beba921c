"""Pages computed ahead and shared between server workers: after one worker warms the page
cache, another serves the heaviest pages without computing them, and a write to the knowledge
base (here a correction) makes every worker compute them again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.api import cache, create_app, warm
from communique.store import queries
from tests import kb_fixture

TOKEN = "s3cret-token"
LUKASHENKO = "person:alexander-lukashenko"


@pytest.fixture()
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "pages"))
    monkeypatch.setenv(warm.RUN_ENV, "test-run")
    monkeypatch.setenv(warm.WORKERS_ENV, "1")
    target = tmp_path / "kb.db"
    shutil.copy(kb_fixture.seed_kb_path(), target)
    return target


def forget_memory() -> None:
    """What a second worker process starts with: nothing in memory (the disk cache is shared)."""
    cache._payloads.clear()
    cache._disks.clear()


def test_a_warmed_page_is_served_by_another_worker_without_computing(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(kb, token=TOKEN)
    client = TestClient(app)
    assert client.get("/api/status").json()["warmed_workers"] == 0
    done = warm.warm(app)
    assert done["failed"] == 0 and done["done"] == done["total"] > 10
    status = client.get("/api/status").json()
    assert status["warmed_workers"] == 1 and status["worker"]["finished"] is True
    with app.state.engine.connect() as conn:
        from communique.store.corrections import Corrections

        paths = warm.warm_paths(conn, Corrections.load(conn))
    assert f"/entities/{LUKASHENKO}" in paths and "/organisations/org:csto" in paths
    html = client.get(f"/entities/{LUKASHENKO}").text

    forget_memory()
    calls: list[str] = []
    real = queries.get_entity
    monkeypatch.setattr(queries, "get_entity", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    other = TestClient(create_app(kb, token=TOKEN))
    assert other.get(f"/entities/{LUKASHENKO}").text == html
    assert other.get(f"/api/entities/{LUKASHENKO}").json()["id"] == LUKASHENKO
    assert calls == []  # both read from the shared cache
    assert other.get("/entities/country:BLR").status_code == 200

    # A correction is a new version of the knowledge base: the page is computed again and shows it.
    r = other.post("/api/corrections", headers={"Authorization": f"Bearer {TOKEN}"},
                   json={"kind": "rename_entity", "target": f"entity:{LUKASHENKO}",
                         "payload": {"name": "A. G. Lukashenko (renamed)"}})  # fmt: skip
    assert r.status_code == 201
    forget_memory()
    again = TestClient(create_app(kb, token=TOKEN)).get(f"/entities/{LUKASHENKO}").text
    assert "A. G. Lukashenko (renamed)" in again and calls == [LUKASHENKO]
    assert client.get("/api/status").json()["warmed_workers"] == 0  # warmed for the old version


def test_a_cache_folder_others_can_write_is_not_used(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "open"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(shared))
    forget_memory()
    client = TestClient(create_app(kb))
    assert client.get(f"/entities/{LUKASHENKO}").status_code == 200
    assert list(shared.iterdir()) == []

"""Pages computed when a server worker starts, before anyone asks for them.

At 100,000 documents the profile of a much-mentioned entity takes seconds to
compute; computed on first view, that is the first analyst's wait, once per
worker. A thread in each worker computes, at start and in the background, the
name index, the first pages of the lists, every organisation's page and the
profiles of the ``WARM_ENTITIES`` most mentioned entities, by requesting them from
the app in-process. Pages go to the shared page cache (``api.cache``), so workers
split the work: odd and even process ids walk the list from opposite ends,
and each reads from disk what the other has already computed. ``/api/status`` says
how many workers have finished for the current version of the knowledge base.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from sqlalchemy import Connection, Engine, select

from communique.api.base import store
from communique.api.cache import kb_version, page_cache
from communique.store import schema as s
from communique.store.corrections import Corrections

log = logging.getLogger("communique.api")
router = APIRouter()
WARM_ENTITIES = 100
# Set by ``communique serve`` for its workers: tells this run's marks from an earlier run's,
# and how many workers the run has.
RUN_ENV = "COMMUNIQUE_SERVE_RUN"
WORKERS_ENV = "COMMUNIQUE_SERVE_WORKERS"
_state: dict[str, Any] = {"started": None, "finished": None, "done": 0, "total": 0, "failed": 0}


def start_warming(app: Any) -> threading.Thread:
    """Warm this worker's caches in a daemon thread (the server answers meanwhile)."""
    thread = threading.Thread(target=warm, args=(app,), name="communique-warm", daemon=True)
    thread.start()
    return thread


def warm_paths(conn: Connection, corr: Corrections, entities: int = WARM_ENTITIES) -> list[str]:
    """The pages worth having ready: the lists' first pages, organisations, the most mentioned
    entities (most mentioned first)."""
    from communique.api.names import name_index
    from communique.api.organisation import organisation_ids

    index = name_index(conn, corr)
    top = sorted(index.entities.values(), key=lambda e: (-e["mentions"], e["id"]))[:entities]
    paths = ["/", "/search", "/events", "/quotes", "/network"]
    paths += [f"/organisations/{quote(i, safe=':')}" for i in sorted(organisation_ids(conn, corr))]
    return paths + [f"/entities/{quote(e['id'], safe=':')}" for e in top if e["mentions"] > 0]


def warm(app: Any, entities: int = WARM_ENTITIES) -> dict[str, Any]:
    """Request the pages worth having ready, in this process (through the app, as a browser
    would); RETURNS what was done (also kept for ``/api/status``)."""
    import asyncio

    _state.update(started=time.time(), finished=None, done=0, total=0, failed=0)
    try:
        engine: Engine = app.state.engine
        with engine.connect() as conn:
            corr = Corrections.load(conn)
            version = kb_version(conn)
            paths = warm_paths(conn, corr, entities)
            disk = page_cache(conn)
        if os.getpid() % 2:  # two workers meet in the middle instead of computing the same pages
            paths.reverse()
        _state["total"] = len(paths)
        asyncio.run(_request_all(app, paths))
        _state["finished"] = time.time()
        if disk is not None:
            disk.mark(f"warm:{run_id()}:{os.getpid()}", version, {"pages": len(paths), "seconds": _elapsed()})
    except Exception:  # noqa: BLE001 (warming is an optimisation; the pages still work cold)
        log.warning("warming the page cache failed", exc_info=True)
    return dict(_state)


async def _request_all(app: Any, paths: list[str]) -> None:
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=None) as client:
        for path in paths:
            try:
                response = await client.get(path)
                _state["failed"] += response.status_code != 200
            except Exception:  # noqa: BLE001 (one bad page must not stop the rest)
                log.warning("could not warm %s", path, exc_info=True)
                _state["failed"] += 1
            _state["done"] += 1


def run_id() -> str:
    return os.environ.get(RUN_ENV) or str(os.getppid())


def _elapsed() -> float:
    end = _state["finished"] or time.time()
    return round(end - (_state["started"] or end), 1)


def status_page(request: Request):  # noqa: ANN201
    """The knowledge base's version and how far each worker got in computing pages ahead."""
    from fastapi.responses import JSONResponse

    with store(request) as (conn, _corr):
        version = kb_version(conn)
        documents = conn.execute(select(s.documents.c.id).limit(1)).first() is not None
        disk = page_cache(conn)
        warmed = disk.marks(f"warm:{run_id()}:", version) if disk is not None else {}
    this = {"pid": os.getpid(), "done": _state["done"], "total": _state["total"], "failed": _state["failed"],
            "finished": _state["finished"] is not None, "seconds": _elapsed()}  # fmt: skip
    workers = int(os.environ.get(WORKERS_ENV) or 1)
    return JSONResponse(
        {
            "ok": True,
            "empty": not documents,
            "worker": this,
            "workers": workers,
            "warmed_workers": len(warmed),
        }
    )


router.add_api_route("/api/status", status_page, methods=["GET"])

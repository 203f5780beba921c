"""What the workbench computes once per knowledge base version: the version itself, and a
small LRU of page payloads (search facets and histograms, entity profiles) keyed by it.

A SQLite knowledge base's version is the size and modification time of its file and
write-ahead log, read with two ``stat`` calls, so every write (an ingest, a correction)
makes a new version. Other back-ends count documents and corrections, at most every
``RECHECK_SECONDS``. Each server worker keeps its own cache.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, select

from communique.store import schema as s

RECHECK_SECONDS = 2.0
PAYLOADS = 512
_lock = threading.Lock()
_versions: dict[str, tuple[float, tuple]] = {}
_payloads: OrderedDict[tuple, Any] = OrderedDict()


def kb_version(conn: Connection) -> tuple:
    """A signature that changes whenever the knowledge base does."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return (str(url), *(_stat(url.database + suffix) for suffix in ("", "-wal")))
    key = str(url)
    now = time.monotonic()
    with _lock:
        seen = _versions.get(key)
        if seen and now - seen[0] < RECHECK_SECONDS:
            return seen[1]
    count = func.count()
    version = (
        key,
        conn.execute(select(count).select_from(s.documents)).scalar_one(),
        tuple(conn.execute(select(count, func.max(s.corrections.c.id))).one()),
    )
    with _lock:
        _versions[key] = (now, version)
    return version


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


def cached(conn: Connection, kind: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per knowledge base version and key; later calls get the same object
    (callers must not change it)."""
    full = (kind, kb_version(conn), key)
    with _lock:
        if full in _payloads:
            _payloads.move_to_end(full)
            return _payloads[full]
    value = compute()
    with _lock:
        _payloads[full] = value
        while len(_payloads) > PAYLOADS:
            _payloads.popitem(last=False)
    return value

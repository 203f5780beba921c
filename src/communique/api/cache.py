"""What the workbench computes once per knowledge base version: the version itself, and page
payloads (search facets and histograms, entity and organisation profiles) keyed by it.

A SQLite knowledge base's version is the size and modification time of its file and
write-ahead log, read with two ``stat`` calls, so every write (an ingest, a correction)
makes a new version. Other back-ends count documents and corrections, at most every
``RECHECK_SECONDS``.

Each server worker keeps a small LRU of payloads in memory. Profiles (``shared=True``)
are also kept in a page cache on disk, one SQLite file per knowledge base, so what
one worker computed (or warmed at start, see ``api.warm``) the other workers read
instead of computing it again. Only JSON goes to disk (never pickles): a cache file
cannot make the server run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from communique.store.read import content_version

RECHECK_SECONDS = 2.0
PAYLOADS = 512
# Where the shared page cache lives; unset: a private folder under the system's temporary folder.
CACHE_DIR_ENV = "COMMUNIQUE_CACHE_DIR"
STALE_DAYS = 7
_lock = threading.Lock()
_versions: dict[str, tuple[float, tuple]] = {}
_payloads: OrderedDict[tuple, Any] = OrderedDict()
_disks: dict[str, PageCache | None] = {}


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
    version = (key, *content_version(conn))
    with _lock:
        _versions[key] = (now, version)
    return version


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


def cached(
    conn: Connection, kind: str, key: tuple, compute: Callable[[], Any], *, shared: bool = False
) -> Any:
    """``compute()`` once per knowledge base version and key; later calls get the same object
    (callers must not change it). ``shared``: the value is JSON and other workers may reuse it."""
    version = kb_version(conn)
    full = (kind, version, key)
    with _lock:
        if full in _payloads:
            _payloads.move_to_end(full)
            return _payloads[full]
    disk = page_cache(conn) if shared else None
    value = disk.get(kind, key, version) if disk is not None else None
    if value is None:
        value = compute()
        if disk is not None and value is not None:
            disk.put(kind, key, version, value)
    with _lock:
        _payloads[full] = value
        while len(_payloads) > PAYLOADS:
            _payloads.popitem(last=False)
    return value


def cached_response(conn: Connection, request: Any, kind: str, key: tuple, make: Callable[[], Any]) -> Any:
    """A page's rendered bytes (HTML or JSON) once per version, key and URL, for all workers:
    rendering a heavy profile (300 kB) costs more than reading its cached payload. ``make``
    builds the response; an error it raises is not cached."""
    from starlette.responses import Response

    def freeze() -> list:
        response = make()
        return [bytes(response.body).decode("utf-8"), response.media_type]

    body, media_type = cached(
        conn, kind + ":bytes", (*key, request.url.path, request.url.query), freeze, shared=True
    )
    return Response(body.encode("utf-8"), media_type=media_type)


def cached_page(kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A page function whose response is ``cached_response``'d by URL; FastAPI reads the wrapped
    function's parameters (``functools.wraps`` keeps them)."""
    import functools

    def wrap(page: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(page)
        def cached_page_function(request: Any, **params: Any) -> Any:
            from communique.api.base import store

            with store(request) as (conn, _corr):
                return cached_response(conn, request, kind, (), lambda: page(request, **params))

        return cached_page_function

    return wrap


def is_cached(conn: Connection, kind: str, key: tuple) -> bool:
    """Whether this worker holds the value in memory for the current version."""
    with _lock:
        return (kind, kb_version(conn), key) in _payloads


class PageCache:
    """Payloads as JSON in a SQLite file that every worker serving one knowledge base shares.

    Rows carry the knowledge base version they were computed for; a lookup asks for the
    current version, and the first write of a new version drops the rows of older ones.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, version TEXT NOT NULL, value TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, version TEXT NOT NULL, value TEXT NOT NULL)"
        )
        self._lock = threading.Lock()
        self._pruned: str | None = None

    @staticmethod
    def _key(kind: str, key: tuple) -> str:
        return hashlib.sha256(json.dumps([kind, list(key)], default=str).encode()).hexdigest()

    @staticmethod
    def _version(version: tuple) -> str:
        return json.dumps(version, default=str)

    def get(self, kind: str, key: tuple, version: tuple) -> Any:
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT value FROM pages WHERE key = ? AND version = ?",
                    (self._key(kind, key), self._version(version)),
                ).fetchone()
            except sqlite3.Error:
                return None  # a busy or damaged cache is a miss, never an error page
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: tuple, version: tuple, value: Any) -> None:
        ver = self._version(version)
        try:
            body = json.dumps(value)
        except (TypeError, ValueError):
            return  # not JSON: stays in this worker's memory only
        with self._lock:
            try:
                if self._pruned != ver:
                    self._db.execute("DELETE FROM pages WHERE version != ?", (ver,))
                    self._pruned = ver
                self._db.execute(
                    "INSERT OR REPLACE INTO pages (key, version, value) VALUES (?, ?, ?)",
                    (self._key(kind, key), ver, body),
                )
            except sqlite3.Error:
                pass  # another worker holds the lock past the timeout: the value stays in memory

    def mark(self, name: str, version: tuple, value: Any) -> None:
        """Record a small fact for this version (e.g. a worker finished warming)."""
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO marks (name, version, value) VALUES (?, ?, ?)",
                    (name, self._version(version), json.dumps(value)),
                )
            except sqlite3.Error:
                pass

    def marks(self, prefix: str, version: tuple) -> dict[str, Any]:
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT name, value FROM marks WHERE version = ? AND substr(name, 1, ?) = ?",
                    (self._version(version), len(prefix), prefix),
                ).fetchall()
            except sqlite3.Error:
                return {}
        return {name: json.loads(value) for name, value in rows}


def page_cache(conn: Connection) -> PageCache | None:
    """The shared page cache of this connection's knowledge base; None for an in-memory one or
    when no private cache folder can be made."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        ident = "sqlite:" + os.path.realpath(url.database)
    else:
        ident = url.render_as_string(hide_password=True)
    with _lock:
        if ident in _disks:
            return _disks[ident]
    cache = None
    folder = _cache_dir()
    if folder is not None:
        try:
            cache = PageCache(folder / (hashlib.sha256(ident.encode()).hexdigest()[:24] + ".sqlite"))
        except sqlite3.Error:
            cache = None
    with _lock:
        return _disks.setdefault(ident, cache)


def _cache_dir() -> Path | None:
    """A folder only this user can write: a shared temporary folder is refused, since whoever
    writes the cache decides what pages show."""
    folder = Path(
        os.environ.get(CACHE_DIR_ENV) or Path(tempfile.gettempdir()) / f"communique-pages-{os.getuid()}"
    )
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except OSError:
        return None
    if st.st_uid != os.getuid() or st.st_mode & 0o022:
        return None
    _forget_old_caches(folder)
    return folder


def _forget_old_caches(folder: Path) -> None:
    """Remove the caches of knowledge bases nobody served for ``STALE_DAYS`` (deleted or moved
    ones: each knowledge base has its own file, and test runs make many)."""
    cutoff = time.time() - STALE_DAYS * 86400
    for path in folder.glob("*.sqlite*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # another worker removed it first

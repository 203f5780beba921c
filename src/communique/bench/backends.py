"""The workbench on PostgreSQL beside SQLite: the same knowledge base, the same requests.

``bench serve --db postgresql+psycopg://…`` builds (or reuses) the SQLite
benchmark knowledge base of ``communique.bench.serve``, copies every table into
the PostgreSQL database (rows as they are: PostgreSQL's full-text indexes are
expressions over those rows, so nothing else is needed), then serves each in
turn and sends both the same requests:

1. first views: every search once, one client, after the server's warm-up. The
   workbench keeps computed pages in a cache, so this is where the back-end's
   own query time shows;
2. latency of the search and entity pages, a few requests in flight;
3. load: many clients, each sending requests one after another for a fixed
   time; any answer other than 200, and any connection error, is an error.

Each server gets a page cache of its own (an empty folder), so neither side
reads pages the other computed.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Integer, func, insert, select, text

COPY_CHUNK = 2000


def copy_store(source: Engine, target: Engine) -> dict[str, int]:
    """Copy every table's rows from ``source`` into the empty knowledge base ``target``; rows per table."""
    from communique.store.schema import metadata

    counts = {}
    with source.connect() as src, target.begin() as dst:
        for table in metadata.sorted_tables:
            rows = src.execute(select(table)).mappings()
            counts[table.name] = 0
            while chunk := [dict(row) for row in rows.fetchmany(COPY_CHUNK)]:
                dst.execute(insert(table), chunk)
                counts[table.name] += len(chunk)
        if target.dialect.name == "postgresql":
            # rows came with their ids: move each id sequence past them
            for table in metadata.sorted_tables:
                keys = list(table.primary_key.columns)
                if len(keys) == 1 and keys[0].name == "id" and isinstance(keys[0].type, Integer):
                    dst.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return counts


def _document_count(engine: Engine) -> int:
    from communique.store.schema import documents

    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(documents)).scalar_one()


def build(sqlite_path: Path, pg_url: str, docs: int, say) -> dict[str, Any]:  # noqa: ANN001
    """The SQLite benchmark knowledge base of ``docs`` documents, and its copy on PostgreSQL."""
    from communique.bench.serve import build_template, replicate
    from communique.store import open_store

    root = Path(__file__).resolve().parents[3]
    shared = root.parent / "shared"
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    lite = open_store(sqlite_path)
    t0 = time.perf_counter()
    if _document_count(lite) == 0:
        say("analysing the template documents (seeds + VOA) …")
        build_template(lite, shared / "corpora" / "voa" / "voa_stories.jsonl", shared / "seeds")
    stored = replicate(lite, docs)
    build_s = time.perf_counter() - t0
    pg = open_store(pg_url)
    have = _document_count(pg)
    copy_s = 0.0
    if have != stored:
        if have:
            raise RuntimeError(
                f"{pg_url} holds {have} documents, not the {stored} of {sqlite_path}: give an empty database"
            )
        say(f"copying {stored:,} documents into PostgreSQL …")
        t1 = time.perf_counter()
        copy_store(lite, pg)
        copy_s = time.perf_counter() - t1
    lite.dispose()
    pg.dispose()
    return {"documents": stored, "build_s": build_s, "copy_s": copy_s}


@contextmanager
def serving(db: str, start_limit: float = 600.0) -> Iterator[str]:
    """``communique serve --db DB`` in its own process on a free loopback port, with a fresh page
    cache, once it answers and has computed its pages ahead; yields its base URL."""
    from communique.api.cache import CACHE_DIR_ENV
    from communique.bench.serve import _free_port, _wait_until_warm

    port = _free_port()
    cache = tempfile.TemporaryDirectory(prefix="communique-bench-cache-")
    env = {**os.environ, "COMMUNIQUE_TOKEN": "", CACHE_DIR_ENV: cache.name}
    cmd = [
        sys.executable,
        "-c",
        "from communique.cli import main; main()",
        "serve",
        "--db",
        db,
        "--port",
        str(port),
    ]
    # its own process group: the server's workers go with it if it must be killed
    server = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # the status page answers once the server is up; it says when the warm-up is done
        if _wait_until_warm(base, server, start_limit) is None:
            raise RuntimeError(f"the server of {db} did not finish its warm-up within {start_limit:.0f} s")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # workers still busy with the soak's slowest pages
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
        cache.cleanup()


def load(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """``clients`` threads, each with its own connection, sending requests back to back for ``seconds``."""
    import httpx

    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors: Counter = Counter()
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(timeout=60) as session:
            i = k
            while time.monotonic() < deadline:
                t0 = time.perf_counter()
                try:
                    status = session.get(base + paths[i % len(paths)]).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(ms)
                    if status != 200:
                        errors[str(status)] += 1
                i += clients

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "clients": clients, "seconds": wall, "requests": len(latencies), "errors": sum(errors.values()),
        "error_kinds": dict(errors), "p50_ms": q[49], "p95_ms": q[94], "rps": len(latencies) / wall,
    }  # fmt: skip


def run_backends_benchmark(
    sqlite_path: Path,
    pg_url: str,
    *,
    docs: int = 10_000,
    requests: int = 200,
    concurrency: int = 4,
    seconds: float = 60.0,
    clients: int = 50,
    load_seconds: float = 60.0,
    say=print,  # noqa: ANN001
) -> dict[str, Any]:
    """Latency and load figures for the same knowledge base on SQLite and on PostgreSQL."""
    from communique.bench.serve import SEARCHES, entity_paths, measure
    from communique.store import open_store

    built = build(sqlite_path, pg_url, docs, say)
    engine = open_store(sqlite_path)
    entities = entity_paths(engine)
    engine.dispose()
    searches = [f"/search?{q}" for q in SEARCHES]
    results: dict[str, Any] = {}
    for name, db in (("sqlite", str(sqlite_path)), ("postgresql", pg_url)):
        with serving(db) as base:
            results[name] = {
                "first_view": measure(base, searches, len(searches), 1, seconds * 5),
                "search": measure(base, searches, requests, concurrency, seconds),
                "entity": measure(base, entities, requests, concurrency, seconds),
                "load": load(base, searches + entities, clients, load_seconds),
            }
        say(describe(name, results[name]))
    return {**built, "concurrency": concurrency, "backends": results, "cpus": os.cpu_count()}


def describe(name: str, figures: dict[str, Any]) -> str:
    lines = [f"{name}:"]
    for kind in ("first_view", "search", "entity"):
        r = figures[kind]
        lines.append(
            f"  {kind}: {r['requests']} requests, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
            f"{r['errors']} errors"
        )
    r = figures["load"]
    lines.append(
        f"  {r['clients']} clients × {r['seconds']:.0f} s: {r['requests']} requests, {r['errors']} errors "
        f"{r['error_kinds'] or ''}, p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, {r['rps']:.1f} req/s"
    )
    return "\n".join(lines)

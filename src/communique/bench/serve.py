"""Latency of the workbench's search and entity pages on a knowledge base of 10,000+ documents.

1. Build (or reuse) the knowledge base: analyse the seeds and a slice of the VOA
   corpus once with the real pipeline, then replicate their rows (documents,
   mentions, quotes, events, actors, full-text rows) under new ids, with dates
   shifted back year by year, until the wanted size is reached. Replicating rows
   instead of re-running NLP keeps the build to seconds; the pages only see rows.
2. Start ``communique serve`` in its own process on a free loopback port.
3. From this process, send a bounded number of requests (bounded in time too)
   with a few in flight at once, and record each request's latency.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

# Searches the benchmark cycles through: common words, a phrase, a prefix, OR, a filter.
SEARCHES = (
    "q=security", "q=president", "q=Russia", "q=military+exercise", "q=%22foreign+ministers%22",
    "q=integr*", "q=Minsk+OR+Moscow", "q=election&kind=document", "q=talks&year=2019", "q=CSTO",
    "q=sanctions+-Iran", "", "q=Ukraine&kind=event",
)  # fmt: skip
# How many VOA stories the template holds, beside the seeds.
TEMPLATE_VOA = 150
# Shift each copy's dates back by (copy % YEARS_SPREAD) years, so histograms span years.
YEARS_SPREAD = 15


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_template(engine: Engine, voa: Path, seeds: Path) -> None:
    """Analyse the seeds and the first VOA stories with the real pipeline and store them."""
    from communique.ingest import RawDocument, Skipped, read_paths
    from communique.pipeline import analyze
    from communique.store import save_documents
    from communique.store.sync import sync_knowledge_base

    sync_knowledge_base(engine)
    raws = [r for r in read_paths([str(seeds)]) if not isinstance(r, Skipped)]
    with voa.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line) if line.strip() else {}
            if record.get("text"):
                raws.append(RawDocument(source=record.get("url") or "voa", text=record["text"], kind="json",
                                        title=record.get("title"), published=record.get("date"), url=record.get("url")))  # fmt: skip
            if len(raws) >= TEMPLATE_VOA + 5:
                break
    save_documents(engine, analyze(raws, stories=False))


def replicate(engine: Engine, target_docs: int) -> int:
    """Copy the stored rows under new ids until ``target_docs`` documents are stored."""
    with engine.begin() as conn:
        base = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
        if base >= target_docs:
            return base
        conn.execute(text("CREATE TEMP TABLE tpl AS SELECT id FROM documents"))
        stride_q = conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM quotes")).scalar_one()
        stride_e = conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM events")).scalar_one()
        copies = -(-(target_docs - base) // base)
        for k in range(1, copies + 1):
            # ids end in '-<documents before this growth>.<copy>': unique when a grown base grows again
            _copy_rows(conn, f"{base}.{k}", stride_q * k, stride_e * k, k % YEARS_SPREAD)
        return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()


def _shift(col: str, years: int) -> str:
    return (
        f"CASE WHEN {col} IS NULL THEN NULL ELSE "
        f"printf('%04d', CAST(substr({col}, 1, 4) AS INTEGER) - {years}) || substr({col}, 5) END"
    )


def _copy_rows(conn: Any, k: str, dq: int, de: int, years: int) -> None:
    new = f"d.id || '-{k}'"
    conn.execute(
        text(
            f"INSERT INTO documents (id, source, kind, encoding, url, author, title, published, event_date, "
            f"event_date_reason, place, language, text, story_id, ingested_at, contract) "
            f"SELECT {new}, d.source || '#{k}', d.kind, d.encoding, d.url, d.author, d.title, {_shift('d.published', years)}, "
            f"{_shift('d.event_date', years)}, d.event_date_reason, d.place, d.language, d.text, NULL, d.ingested_at, NULL "
            f"FROM documents d JOIN tpl ON tpl.id = d.id"
        )
    )
    conn.execute(
        text(
            f"INSERT INTO mentions (document_id, entity_id, start, \"end\", text) SELECT m.document_id || '-{k}', "
            f'm.entity_id, m.start, m."end", m.text FROM mentions m JOIN tpl ON tpl.id = m.document_id'
        )
    )
    conn.execute(
        text(
            f'INSERT INTO quotes (id, document_id, speaker_id, speaker_name, speaker_mention, text, start, "end", cue, '
            f"confidence, direct) SELECT q.id + {dq}, q.document_id || '-{k}', q.speaker_id, q.speaker_name, "
            f'q.speaker_mention, q.text, q.start, q."end", q.cue, q.confidence, q.direct FROM quotes q '
            f"JOIN tpl ON tpl.id = q.document_id"
        )
    )
    conn.execute(
        text(
            f"INSERT INTO events (id, document_id, type, mode, cameo, date, place, sentence_start, sentence_end, "
            f"sentence_text, trigger, rule, confidence, source_json, target_json, actor_names) SELECT e.id + {de}, "
            f"e.document_id || '-{k}', e.type, e.mode, e.cameo, {_shift('e.date', years)}, e.place, e.sentence_start, "
            f"e.sentence_end, e.sentence_text, e.trigger, e.rule, e.confidence, e.source_json, e.target_json, "
            f"e.actor_names "
            f"FROM events e JOIN tpl ON tpl.id = e.document_id"
        )
    )
    conn.execute(
        text(
            f"INSERT INTO event_actors (event_id, entity_id, name, country, sector, role) SELECT a.event_id + {de}, "
            f"a.entity_id, a.name, a.country, a.sector, a.role FROM event_actors a JOIN events e ON e.id = a.event_id "
            f"JOIN tpl ON tpl.id = e.document_id"
        )
    )


def entity_paths(engine: Engine, n: int = 40) -> list[str]:
    """Entity pages to request: the most mentioned entities (the heaviest profiles)."""
    from communique.store import schema as s

    with engine.connect() as conn:
        rows = conn.execute(
            select(s.mentions.c.entity_id)
            .group_by(s.mentions.c.entity_id)
            .order_by(func.count().desc())
            .limit(n)
        ).scalars()
        return [f"/entities/{eid}" for eid in rows]


def measure(
    base: str, paths: list[str], requests: int, concurrency: int, seconds: float, progress: Any = None
) -> dict[str, Any]:
    """``concurrency`` clients send GETs (cycling through ``paths``) until ``requests`` are done or
    ``seconds`` have passed; latency percentiles, errors and throughput."""
    import threading

    import httpx

    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    lock = threading.Lock()

    def client_loop() -> None:
        nonlocal errors
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    ok = client.get(base + paths[i % len(paths)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += not ok
                if progress is not None:
                    progress()

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for f in [pool.submit(client_loop) for _ in range(concurrency)]:
            f.result()
    wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "errors": errors, "clients": concurrency, "p50_ms": q[49],
            "p95_ms": q[94], "p99_ms": q[98], "max_ms": max(latencies, default=0.0),
            "rps": len(latencies) / wall if wall else 0.0}  # fmt: skip


def prepare(db: Path, docs: int) -> tuple[int, float, list[str]]:
    """Build or reuse the knowledge base at ``db``; RETURNS (documents, build seconds, entity paths)."""
    from communique.store import open_store

    db.parent.mkdir(parents=True, exist_ok=True)
    engine = open_store(db)
    root = Path(__file__).resolve().parents[3]
    with engine.connect() as conn:
        empty = conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 0
    t0 = time.perf_counter()
    if empty:
        shared = root.parent / "shared"
        build_template(engine, shared / "corpora" / "voa" / "voa_stories.jsonl", shared / "seeds")
    stored = replicate(engine, docs)
    build_s = time.perf_counter() - t0
    entities = entity_paths(engine)
    engine.dispose()
    return stored, build_s, entities


def run_serve_benchmark(
    db: Path,
    *,
    docs: int = 10_000,
    requests: int = 400,
    concurrency: int = 8,
    seconds: float = 60.0,
    workers: int = 0,
    soak_clients: int = 50,
    soak_seconds: float = 60.0,
    progress: Any = None,
    server_src: Path | None = None,
) -> dict[str, Any]:
    """Build or reuse the knowledge base at ``db``, serve it, and measure search and entity pages
    with ``concurrency`` clients, then a mixed soak with one client and with ``soak_clients``."""
    stored, build_s, entities = prepare(db, docs)
    port = _free_port()
    env = {**os.environ, "COMMUNIQUE_TOKEN": ""}
    if server_src is not None:  # serve another checkout's code, for before/after comparisons
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(server_src), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-c", "from communique.cli import main; main()", "serve", "--db", str(db),
           "--port", str(port)] + (["--workers", str(workers)] if workers else [])  # fmt: skip
    # Its own process group: uvicorn's workers go with it if it must be killed.
    server = subprocess.Popen(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    searches = [f"/search?{q}" for q in SEARCHES]
    mixed = [p for pair in zip(searches * 4, entities, strict=False) for p in pair]
    mixed += ["/", "/organisations/org:csto", "/events", "/quotes", "/network"]
    tick = progress or (lambda *_: None)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, server)
        tick("server computing its pages ahead (warm-up)")
        warm_s = _wait_until_warm(base, server, seconds * 30)
        result = {}
        # First views: every distinct page once, one client (what the caches do not help).
        tick("first view of every page")
        distinct = list(dict.fromkeys(mixed + [f"/api/search?{q}" for q in SEARCHES]))
        result["first_view"] = measure(
            base, distinct, len(distinct), 1, seconds * 5, progress=lambda: tick(None)
        )
        for name, paths in (("search", searches), ("entity", entities),
                            ("search_api", [f"/api/search?{q}" for q in SEARCHES])):  # fmt: skip
            tick(f"{name}, {concurrency} clients")
            result[name] = measure(base, paths, requests, concurrency, seconds, progress=lambda: tick(None))
        if soak_clients:
            for clients in (1, soak_clients):
                tick(f"mixed pages, {clients} client{'s' if clients > 1 else ''} for {soak_seconds:g} s")
                result[f"mixed_{clients}"] = measure(
                    base, mixed, 10**9, clients, soak_seconds, progress=lambda: tick(None)
                )
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:  # workers still busy with the soak's slowest pages
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
    return {"documents": stored, "build_s": build_s, "concurrency": concurrency, "endpoints": result,
            "cpus": os.cpu_count(), "workers": workers or "auto", "warm_s": warm_s}  # fmt: skip


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            httpx.get(base + "/api/stories?limit=1", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)  # waiting for the server to listen
    raise RuntimeError("server did not start within 60 s")


def _wait_until_warm(base: str, server: subprocess.Popen, limit: float) -> float | None:
    """Seconds until every worker says it has computed its pages ahead (``/api/status``); None
    when the server does not say (an earlier version) or ``limit`` seconds pass first."""
    import httpx

    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            status = httpx.get(base + "/api/status", timeout=30)
        except httpx.HTTPError:
            status = None
        if status is not None and status.status_code == 404:
            return None
        if status is not None and status.status_code == 200:
            body = status.json()
            if body.get("warmed_workers", 0) >= body.get("workers", 1):
                return time.monotonic() - t0
        time.sleep(1)  # warming runs in the server's workers; polling more often only slows it
    return None


def report_lines(result: dict[str, Any]) -> list[str]:
    """The figures as a Markdown table."""
    lines = [
        f"Knowledge base: {result['documents']:,} documents (seeds + VOA stories analysed once, rows replicated "
        f"under new ids with dates spread over {YEARS_SPREAD} years). Server: `communique serve` "
        f"({result['workers']} workers) on loopback; clients: httpx threads in a second process, "
        f"on a {result['cpus']}-core machine shared with the clients."
        + (
            f" Warm-up (pages computed ahead at start): {result['warm_s']:.0f} s."
            if result.get("warm_s")
            else ""
        ),
        "",
        "| page | clients | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, r in result["endpoints"].items():
        lines.append(
            f"| {kind} | {r['clients']} | {r['requests']} | {r['errors']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['rps']:.1f} |"
        )
    return lines


def write_report(result: dict[str, Any], path: Path) -> None:
    """Write the figures to ``path`` (only when asked: ``--write-docs``)."""
    lines = ["# Workbench latency (`communique bench serve`)", "", *report_lines(result), "",
             "Reproduce: `communique bench serve --docs 10000 --write-docs` (reuses `bench-output/serve.db`).", ""]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")

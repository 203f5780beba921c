"""Ingest benchmark on Dask: scaling over workers, Dask's cost against the process pool, memory per worker.

Every run does what ``communique ingest`` does after reading: the whole
pipeline on replicated VOA stories in batches, each batch stored and its
stories assigned, into a fresh SQLite knowledge base. Runs differ only in who
analyses: the local process pool (``--workers N``) or a Dask ``LocalCluster``
of N worker processes (``--cluster local:N``). Times include starting the
workers and loading the model in them, as a user's run does. Memory is the
peak resident size of each worker process, sampled every 0.2 s.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BATCH = 32  # as communique ingest


@contextmanager
def worker_memory() -> Iterator[dict[int, float]]:
    """Peak RSS (MB) of every descendant process of this one while the block runs."""
    import psutil

    me = psutil.Process()
    peaks: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                    # the nanny (a Dask worker's parent) is small; the worker itself is what is measured
                    peaks[child.pid] = max(peaks.get(child.pid, 0.0), rss)
                except psutil.Error:
                    continue
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peaks
    finally:
        stop.set()
        thread.join()


def _store_all(db: Path, results: Iterator[list]) -> int:
    from communique.store import open_store, save_documents
    from communique.store.sync import sync_knowledge_base
    from communique.stories.persist import update_story_tables as update_stories

    engine = open_store(db)
    sync_knowledge_base(engine)
    stored = 0
    for docs in results:
        saved = save_documents(engine, docs)
        stored += sum(saved)
        update_stories(engine, [d for d, new in zip(docs, saved, strict=True) if new])
    engine.dispose()
    return stored


def _pool(workers: int) -> Callable[[list], Iterator[list]]:
    from communique.pipeline import analyze_batches

    return lambda batches: analyze_batches(batches, workers)


def _dask(workers: int) -> Callable[[list], Iterator[list]]:
    from communique.cluster import ClusterSpec, analyze_on_cluster, connect

    def run(batches: list) -> Iterator[list]:
        with connect(ClusterSpec(local_workers=workers)) as client:
            yield from analyze_on_cluster(batches, client)

    return run


def run_cluster_benchmark(
    source: Path, n_docs: int, workers: list[int], say: Callable[[str], None]
) -> list[dict]:
    """Time the pool and the Dask cluster at each worker count on ``n_docs`` replicas.

    The runs alternate (pool 1, Dask 1, pool 2, Dask 2, …) so that a change in
    the machine's load falls on both sides of each comparison.
    """
    from communique.bench.ingest import replicate_corpus
    from communique.ingest import RawDocument, read_paths

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        replicate_corpus(source, n_docs, corpus)
        raws = [r for r in read_paths([str(corpus)]) if isinstance(r, RawDocument)]
        batches = [raws[i : i + BATCH] for i in range(0, len(raws), BATCH)]
        for n in workers:
            for how, runner in (("pool", _pool(n)), ("dask", _dask(n))):
                db = Path(tmp) / f"{how}{n}.db"
                with worker_memory() as peaks:
                    t0 = time.perf_counter()
                    stored = _store_all(db, runner(batches))
                    seconds = time.perf_counter() - t0
                # the n largest descendants are the workers (Dask nannies and the pool's manager are small)
                worker_peaks = sorted(peaks.values(), reverse=True)[:n] if n > 1 or how == "dask" else []
                row = {
                    "how": how,
                    "workers": n,
                    "documents": stored,
                    "seconds": seconds,
                    "docs_per_s": stored / seconds,
                    "worker_peak_mb": max(worker_peaks) if worker_peaks else None,
                }
                rows.append(row)
                say(_line(row))
    return rows


def _line(row: dict) -> str:
    memory = f", peak RSS per worker {row['worker_peak_mb']:.0f} MB" if row["worker_peak_mb"] else ""
    label = f"--cluster local:{row['workers']}" if row["how"] == "dask" else f"--workers {row['workers']}"
    return f"{label:<18} {row['documents']} documents in {row['seconds']:.1f} s ({row['docs_per_s']:.2f} docs/s){memory}"


def summarise(rows: list[dict]) -> list[str]:
    """Scaling of each side from its smallest worker count, and Dask's overhead at equal workers."""
    by = {(r["how"], r["workers"]): r for r in rows}
    counts = sorted({r["workers"] for r in rows})
    lines = []
    for n in counts:
        pool, dask = by.get(("pool", n)), by.get(("dask", n))
        if pool and dask:
            lines.append(
                f"Dask overhead at {n} worker(s): {100 * (dask['seconds'] / pool['seconds'] - 1):+.1f} %"
            )
    for how in ("pool", "dask"):
        first = by.get((how, counts[0]))
        for n in counts[1:]:
            if first and (how, n) in by:
                lines.append(
                    f"{how} scaling {counts[0]} → {n}: {first['seconds'] / by[(how, n)]['seconds']:.2f}×"
                )
    return lines

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

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BATCH = 32  # as communique ingest


@dataclass
class Usage:
    """What the processes of one run used: peak RSS per descendant, CPU seconds of all of them."""

    peaks_mb: dict[int, float] = field(default_factory=dict)
    cpu_s: dict[int, float] = field(default_factory=dict)
    own_cpu_s: float = 0.0

    own_start: float = 0.0

    @property
    def total_cpu_s(self) -> float:
        return self.own_cpu_s + sum(self.cpu_s.values())

    def cpu_now(self) -> float:
        """CPU seconds used so far by this process and its descendants (as last sampled)."""
        import psutil

        return sum(psutil.Process().cpu_times()[:2]) - self.own_start + sum(self.cpu_s.values())


@contextmanager
def usage() -> Iterator[Usage]:
    """Sample every descendant of this process every 0.2 s while the block runs.

    CPU seconds matter on a shared machine: wall time there depends on what
    others run, CPU time much less, so Dask's overhead is also given in CPU.
    """
    import psutil

    me = psutil.Process()
    found = Usage()
    stop = threading.Event()
    own_start = found.own_start = sum(me.cpu_times()[:2])

    def sample() -> None:
        while not stop.is_set():
            for child in me.children(recursive=True):
                try:
                    with child.oneshot():
                        rss = child.memory_info().rss / 2**20
                        cpu = sum(child.cpu_times()[:2])
                except psutil.Error:
                    continue
                found.peaks_mb[child.pid] = max(found.peaks_mb.get(child.pid, 0.0), rss)
                found.cpu_s[child.pid] = max(found.cpu_s.get(child.pid, 0.0), cpu)
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        stop.set()
        thread.join()
        found.own_cpu_s = sum(me.cpu_times()[:2]) - own_start


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


def _pool(workers: int, startup: dict, used: Usage) -> Callable[[list], Iterator[list]]:
    from communique.pipeline import analyze_batches

    def run(batches: list) -> Iterator[list]:
        from communique.link import get_linker
        from communique.nlp import load_pipeline

        # the model and packs loaded here, timed as the pool's start-up; forked workers share them
        t0 = time.perf_counter()
        load_pipeline()
        get_linker()
        startup["seconds"] = time.perf_counter() - t0
        startup["cpu_s"] = used.cpu_now()
        yield from analyze_batches(batches, workers)

    return run


def _dask(workers: int, startup: dict, used: Usage) -> Callable[[list], Iterator[list]]:
    from communique.cluster import ClusterSpec, analyze_on_cluster, connect

    def run(batches: list) -> Iterator[list]:
        t0 = time.perf_counter()
        with connect(ClusterSpec(local_workers=workers)) as client:
            # start the cluster and load the model in every worker: a cost paid once per run
            startup["seconds"] = time.perf_counter() - t0
            startup["cpu_s"] = used.cpu_now()
            yield from analyze_on_cluster(batches, client)

    return run


def run_one(corpus: Path, how: str, workers: int, db: Path) -> dict:
    """One timed run (``how``: "pool" or "dask") on the documents of ``corpus``, stored into ``db``."""
    from communique.ingest import RawDocument, read_paths

    raws = [r for r in read_paths([str(corpus)]) if isinstance(r, RawDocument)]
    batches = [raws[i : i + BATCH] for i in range(0, len(raws), BATCH)]
    startup: dict = {"seconds": 0.0, "cpu_s": 0.0}
    with usage() as used:
        runner = (_pool if how == "pool" else _dask)(workers, startup, used)
        t0 = time.perf_counter()
        stored = _store_all(db, runner(batches))
        seconds = time.perf_counter() - t0
    # the n largest descendants are the workers (Dask's nannies live in this process); a pool
    # of one is this process itself
    peaks = sorted(used.peaks_mb.values(), reverse=True)[:workers] if workers > 1 or how == "dask" else []
    return {
        "how": how,
        "workers": workers,
        "documents": stored,
        "seconds": seconds,
        "docs_per_s": stored / seconds,
        "cpu_s": used.total_cpu_s,
        "startup_s": startup["seconds"],
        "startup_cpu_s": startup["cpu_s"],
        "load": os.getloadavg()[0],
        "steady_docs_per_s": stored / (seconds - startup["seconds"]),
        "worker_peak_mb": max(peaks) if peaks else None,
    }


# one run in a fresh interpreter: run_one(corpus, how, workers, db), its figures as JSON on stdout
_RUN_ONE = (
    "import json, sys; from pathlib import Path; from communique.bench.cluster import run_one; "
    "print(json.dumps(run_one(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))))"
)


def run_cluster_benchmark(
    source: Path, n_docs: int, workers: list[int], say: Callable[[str], None]
) -> list[dict]:
    """Time the pool and the Dask cluster at each worker count on ``n_docs`` replicas.

    The runs alternate (pool 1, Dask 1, pool 2, Dask 2, …) so that a change in
    the machine's load falls on both sides of each comparison. Each runs in a
    fresh Python process that has analysed nothing before: a process pool forked
    from a parent that analysed the same documents in an earlier run inherits
    warm caches (the parse's vocabulary, the linker's look-ups), which made its
    workers up to a third cheaper per document than fresh ones.
    """
    from communique.bench.ingest import replicate_corpus

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        replicate_corpus(source, n_docs, corpus)
        for n in workers:
            for how in ("pool", "dask"):
                db = Path(tmp) / f"{how}{n}.db"
                args = [sys.executable, "-c", _RUN_ONE, str(corpus), how, str(n), str(db)]
                done = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True)
                row = json.loads(done.stdout.strip().splitlines()[-1])
                rows.append(row)
                say(_line(row))
    return rows


def _line(row: dict) -> str:
    memory = f", peak RSS per worker {row['worker_peak_mb']:.0f} MB" if row["worker_peak_mb"] else ""
    label = f"--cluster local:{row['workers']}" if row["how"] == "dask" else f"--workers {row['workers']}"
    return (
        f"{label:<18} {row['documents']} documents in {row['seconds']:.1f} s ({row['docs_per_s']:.2f} docs/s), "
        f"CPU {row['cpu_s']:.1f} s; start-up {row['startup_s']:.1f} s (CPU {row['startup_cpu_s']:.1f} s), "
        f"then {row['steady_docs_per_s']:.2f} docs/s{memory}; load average {row['load']:.1f}"
    )


def summarise(rows: list[dict]) -> list[str]:
    """Scaling of each side from its smallest worker count, and Dask's overhead at equal workers."""
    by = {(r["how"], r["workers"]): r for r in rows}
    counts = sorted({r["workers"] for r in rows})
    lines = []
    for n in counts:
        pool, dask = by.get(("pool", n)), by.get(("dask", n))
        if pool and dask:
            lines.append(
                f"Dask overhead at {n} worker(s): wall {100 * (dask['seconds'] / pool['seconds'] - 1):+.1f} %, "
                f"CPU {100 * (dask['cpu_s'] / pool['cpu_s'] - 1):+.1f} %"
            )
        if pool and dask:
            dask_cpu, pool_cpu = dask["cpu_s"] - dask["startup_cpu_s"], pool["cpu_s"] - pool["startup_cpu_s"]
            lines.append(
                f"  after start-up (pool {pool['startup_s']:.1f} s, Dask {dask['startup_s']:.1f} s): "
                f"{100 * (pool['steady_docs_per_s'] / dask['steady_docs_per_s'] - 1):+.1f} % time per document, "
                f"CPU {100 * (dask_cpu / pool_cpu - 1):+.1f} %"
            )
    for how in ("pool", "dask"):
        first = by.get((how, counts[0]))
        for n in counts[1:]:
            if first and (how, n) in by:
                lines.append(
                    f"{how} scaling {counts[0]} → {n}: {first['seconds'] / by[(how, n)]['seconds']:.2f}×"
                )
    return lines

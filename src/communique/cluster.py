"""The pipeline on a Dask distributed cluster.

``analyze_on_cluster`` sends documents to the workers of a cluster in small
partitions and gives the analysed documents back in input order, so the
caller stores them (and assigns stories) exactly as a single-process run
does. A cluster is named by:

- ``tcp://HOST:8786`` (any ``scheme://`` address): an existing scheduler;
- a path to a scheduler file (``dask scheduler --scheduler-file F``);
- ``local:N``: a ``LocalCluster`` of N single-threaded worker processes on this machine.

Why Dask rather than the local process pool: the same code runs on one machine
or many, a worker that dies has its partitions recomputed elsewhere (the
scheduler re-runs tasks whose worker was lost while the client still holds
their futures), and the dashboard shows what every worker does.

Workers need the ``communique`` package installed (same version as the client);
each loads the spaCy model and the knowledge packs once, when it joins, through
a worker plugin. The client keeps only a bounded number of partitions in flight,
so its memory does not grow with the corpus.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.ingest.budget import Budget
from communique.model import Document, RawDocument
from communique.pipeline import Failure

Progress = Callable[[str, int], None]  # (stage name, documents done)

# Documents per task: small enough that a lost worker costs little work and
# that every worker stays busy, big enough that Dask's per-task cost (~1 ms)
# is nothing beside the ~0.2 s a document takes.
PARTITION = 8
# Topic the workers publish stage progress on (worker events, relayed by the scheduler).
PROGRESS_TOPIC = "communique-progress"


# Settings for the clusters we start (workers of an existing cluster keep their own; see
# docs/cluster.md for the same as environment variables). Each was measured on a worker
# analysing VOA stories, against the same documents analysed in a plain process:
CLUSTER_CONFIG = {
    # the statistical profiler samples the running task's stack every 10 ms: on deep
    # pure-Python stacks (spaCy, our stages) that costs CPU for a view nobody asked for
    "distributed.worker.profile.enabled": False,
    # the nanny starts workers with MALLOC_TRIM_THRESHOLD_=64 KiB, so that glibc hands freed
    # memory back to the system at once; parsing frees and re-allocates large buffers for
    # every document, and that cost 10-25 % more CPU per document than glibc's own threshold
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # every event loop (scheduler, nanny, worker) wakes every 20 ms to time itself, and every
    # 0.5 s to sample CPU and memory for the dashboard: on a busy worker each wake-up takes
    # the interpreter lock from the analysis (client and scheduler CPU fell 3.1 s -> 0.4 s on
    # 40 documents with these)
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


class ClusterError(RuntimeError):
    """The cluster could not be reached or started; the message says how to fix it."""


@dataclass(frozen=True)
class ClusterSpec:
    """Where the workers are: an address, a scheduler file, or a local cluster of N processes."""

    address: str | None = None
    scheduler_file: Path | None = None
    local_workers: int = 0

    def describe(self) -> str:
        if self.local_workers:
            return f"a local cluster of {self.local_workers} worker process(es)"
        return f"the scheduler at {self.address or self.scheduler_file}"


def parse_cluster(value: str) -> ClusterSpec:
    """Read ``--cluster``: ``tcp://HOST:PORT``, a scheduler file, or ``local:N``."""
    value = value.strip()
    if value.startswith("local:"):
        count = value.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--cluster {value}: expected local:N with N ≥ 1 worker processes")
        return ClusterSpec(local_workers=int(count))
    if "://" in value:
        return ClusterSpec(address=value)
    path = Path(value).expanduser()
    if path.is_file():
        return ClusterSpec(scheduler_file=path)
    raise ClusterError(
        f"--cluster {value}: not a scheduler address (tcp://HOST:8786), an existing scheduler file, or local:N"
    )


def dashboard_available() -> bool:
    """The dashboard needs bokeh; without it the cluster runs with the dashboard off."""
    return importlib.util.find_spec("bokeh") is not None


def _warm(stated: list | None = None) -> None:
    """Load the model and the packs into this worker process (cached for its lifetime), and the
    offices documents stated that the client's knowledge base holds (``link.stored``)."""
    from communique.link import get_linker
    from communique.link.stored import learn_roles_from
    from communique.nlp import load_pipeline

    load_pipeline()
    learn_roles_from(get_linker().kb, stated or [])


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover (dask[distributed] is a dependency)
    WorkerPlugin = object  # type: ignore[assignment,misc]


class WarmWorker(WorkerPlugin):
    """Loads the model and packs once per worker, when it joins, before its first partition,
    with the roles earlier runs stored: a worker process starts with nothing learned, where a
    ``--workers`` process inherits the parent's knowledge base when it forks."""

    name = "communique-warm"

    def __init__(self, stated: list | None = None):
        self.stated = stated or []

    def setup(self, worker) -> None:  # noqa: ANN001 (distributed.Worker)
        _warm(self.stated)


def _report(stage: str, count: int) -> None:
    """Publish a stage's progress from inside a task (a no-op outside a worker)."""
    from distributed import get_worker

    try:
        worker = get_worker()
    except ValueError:
        return
    worker.log_event(PROGRESS_TOPIC, {"stage": stage, "n": count})


def analyze_partition(
    raws: list[RawDocument], budget: Budget | None = None
) -> tuple[list[Document], list[Failure]]:
    """Analyse one partition on a worker; the parse stays behind (too big to send back).

    A document that fails is left out and named in the failures, as in a local run.
    """
    from communique.pipeline import analyze, collect_failures

    failures: list[Failure] = []
    docs = analyze(raws, progress=_report, on_error=collect_failures(failures), budget=budget)
    for doc in docs:
        doc.spacy_doc = None
        doc.linked = None
    return docs, failures


@contextlib.contextmanager
def _without(name: str) -> Iterator[None]:
    """The variable left out of the environment (a nanny of an earlier cluster in this process
    sets it here, and the environment wins over Dask's settings); restored after."""
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


@contextlib.contextmanager
def connect(spec: ClusterSpec, *, on_info: Callable[[str], None] | None = None) -> Iterator:
    """A ``distributed.Client`` on the cluster, with every worker warmed; closed on exit."""
    import dask
    from distributed import Client, LocalCluster

    say = on_info or (lambda message: None)
    cluster = None
    try:
        if spec.local_workers:
            with dask.config.set(CLUSTER_CONFIG), _without("MALLOC_TRIM_THRESHOLD_"):
                cluster = LocalCluster(
                    n_workers=spec.local_workers,
                    threads_per_worker=1,  # spaCy and our stages are pure Python: one thread per process
                    processes=True,
                    host="127.0.0.1",  # one machine: nothing listens beyond loopback
                    dashboard_address=":8787" if dashboard_available() else None,
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster)
        elif spec.scheduler_file:
            client = Client(scheduler_file=str(spec.scheduler_file), timeout="30s")
        else:
            client = Client(spec.address, timeout="30s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach {spec.describe()}: {exc}") from exc
    try:
        say(f"cluster: {spec.describe()}, {len(client.scheduler_info()['workers'])} worker(s) now")
        link = dashboard_link(client) if dashboard_available() or not spec.local_workers else None
        say(f"dashboard: {link}" if link else "dashboard: off (install bokeh to get one)")
        from communique.link.stored import learned_roles

        client.register_plugin(WarmWorker(learned_roles()))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dashboard_link(client) -> str | None:  # noqa: ANN001 (distributed.Client)
    """The dashboard's address, or None when the scheduler runs without one."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None


def _result(
    client,  # noqa: ANN001 (distributed.Client)
    part: list[RawDocument],
    future,  # noqa: ANN001 (distributed.Future)
    budget: Budget | None,
) -> tuple[list[Document], list[Failure]]:
    """A partition's result; when its workers keep dying, its documents one by one.

    The scheduler already re-runs a partition whose worker died. A partition
    that has killed several workers (``KilledWorker``) probably holds a document
    that exhausts memory: each of its documents then gets a task of its own, and
    only the ones that kill a worker again are left out, as failures.
    """
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        if len(part) == 1:
            return [], [Failure(part[0].source, "worker", "the worker analysing it died repeatedly")]
    docs: list[Document] = []
    failures: list[Failure] = []
    for raw in part:
        one = client.submit(analyze_partition, [raw], budget, pure=False)
        more_docs, more_failures = _result(client, [raw], one, budget)
        docs += more_docs
        failures += more_failures
    return docs, failures


def _partitions(batch: list[RawDocument], size: int) -> list[list[RawDocument]]:
    return [batch[i : i + size] for i in range(0, len(batch), size)]


def analyze_on_cluster(
    batches: Iterable[list[RawDocument]],
    client,  # noqa: ANN001 (distributed.Client)
    *,
    partition: int = PARTITION,
    in_flight: int | None = None,
    progress: Progress | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    budget: Budget | None = None,
) -> Iterator[list[Document]]:
    """Analyse batches on the cluster's workers; yield each batch's documents in input order.

    Each batch is split into partitions of ``partition`` documents (one task
    each) and put back together before it is yielded, so the caller sees the
    same batches, in the same order, as ``pipeline.analyze_batches`` gives.
    At most ``in_flight`` partitions (default: three per worker) are submitted
    and not yet collected; the input is read lazily, as the workers free up.
    Stage progress from the workers is passed to ``progress``. Documents that
    fail are left out of their batch and passed to ``on_failure`` (without it,
    the first failure is raised), as ``pipeline.analyze_batches`` does.
    """
    from communique.pipeline import _raise_failure

    tick = progress or (lambda stage, n: None)
    report = on_failure or _raise_failure
    workers = max(1, len(client.scheduler_info()["workers"]))
    limit = in_flight or 3 * workers

    def relay(event) -> None:  # noqa: ANN001 ((timestamp, message) from a worker)
        message = event[1] if isinstance(event, tuple) else event
        tick(message["stage"], message["n"])

    client.subscribe_topic(PROGRESS_TOPIC, relay)
    # each batch's partitions as (documents, future), oldest batch first
    pending: deque[list[tuple[list[RawDocument], object]]] = deque()
    source = iter(batches)
    outstanding = 0  # partitions submitted and not yet collected
    exhausted = False

    def top_up() -> None:
        """Submit whole batches until ``limit`` partitions are out (or the input ends)."""
        nonlocal outstanding, exhausted
        while not exhausted and outstanding < limit:
            batch = next(source, None)
            if batch is None:
                exhausted = True
                return
            # pure=False: a partition that is resubmitted after an interruption is recomputed
            parts = [
                (part, client.submit(analyze_partition, part, budget, pure=False))
                for part in _partitions(batch, partition)
            ]
            pending.append(parts)
            outstanding += len(parts)

    try:
        while True:
            top_up()
            if not pending:
                return
            docs = []
            for part, future in pending.popleft():
                part_docs, failures = _result(client, part, future, budget)
                docs += part_docs
                for failure in failures:
                    report(failure)
                future.release()
                outstanding -= 1
                # refill after every partition, not after every batch: the workers then have
                # the next batch queued while the last partitions of this one finish and while
                # the caller stores it (a refill per batch left them idle for that time)
                top_up()
            yield docs
    finally:
        for parts in pending:
            client.cancel([future for _, future in parts])
        with contextlib.suppress(Exception):
            client.unsubscribe_topic(PROGRESS_TOPIC)

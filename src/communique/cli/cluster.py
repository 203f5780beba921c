"""``--cluster`` for the commands that analyse documents: the option, and the run on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import typer
from rich.progress import Progress

from communique.cli.app import err
from communique.ingest.budget import Budget
from communique.model import Document, RawDocument
from communique.pipeline import Failure

# what the pipeline's stage names mean to a reader of the progress bars
STAGE_LABELS = {"clean": "cleaning", "nlp": "parsing", "extract": "link · quotes · events"}


def _check_cluster(value: str | None) -> str | None:
    from communique.cluster import ClusterError, parse_cluster

    if value:
        try:
            parse_cluster(value)
        except ClusterError as exc:
            raise typer.BadParameter(str(exc).removeprefix(f"--cluster {value}: ")) from exc
    return value


ClusterOption = typer.Option(
    None,
    "--cluster",
    envvar="COMMUNIQUE_CLUSTER",
    callback=_check_cluster,
    help="Analyse on a Dask cluster: tcp://HOST:8786, a scheduler file, or local:N (N worker processes here).",
)


def stage_bars(progress: Progress, total: int | None):  # noqa: ANN201 (a (stage, n) callback)
    """One progress bar per pipeline stage, fed by the workers' reports."""
    tasks: dict[str, int] = {}

    def tick(stage: str, count: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(f"  {STAGE_LABELS.get(stage, stage)}", total=total)
        progress.advance(tasks[stage], count)

    return tick


def analyze_batches_on_cluster(
    batches: Iterable[list[RawDocument]],
    cluster: str,
    progress: Progress,
    total: int | None = None,
    *,
    on_failure: Callable[[Failure], None] | None = None,
    budget: Budget | None = None,
) -> Iterator[list[Document]]:
    """``pipeline.analyze_batches`` on a Dask cluster: same batches, same order, same failures.

    A cluster that cannot be reached is a one-line error and exit status 1.
    """
    from communique.cluster import ClusterError, analyze_on_cluster, connect, parse_cluster

    source = iter(batches)
    first = next(source, None)
    if first is None:  # nothing new to analyse: no cluster to start or join
        return
    try:
        with connect(parse_cluster(cluster), on_info=progress.console.print) as client:
            yield from analyze_on_cluster(
                chain([first], source),
                client,
                progress=stage_bars(progress, total),
                on_failure=on_failure,
                budget=budget,
            )
    except ClusterError as exc:
        err.print(f"[red]error[/]: {exc}")
        raise typer.Exit(1) from exc


def bench_clusters(corpus: Path, docs: int, clusters: list[str]) -> None:
    """``bench ingest --cluster local:N …``: each N on the process pool and on Dask, side by side."""
    from communique.bench.cluster import run_cluster_benchmark, summarise
    from communique.cli.app import out
    from communique.cluster import ClusterError, parse_cluster

    try:
        counts = [parse_cluster(c).local_workers for c in clusters]
    except ClusterError as exc:
        raise typer.BadParameter(str(exc)) from exc
    if not all(counts):
        raise typer.BadParameter("the benchmark starts its own clusters: give --cluster local:N")
    out.print(f"{docs} VOA replicas, whole pipeline, stored into SQLite; workers started inside the timing")
    rows = run_cluster_benchmark(corpus, docs, sorted(set(counts)), say=out.print)
    for line in summarise(rows):
        out.print(line)

"""Commands: ``communique bench STAGE`` — throughput and memory benchmarks.

Each stage registers its own benchmark on ``bench_app``; figures are written
up in docs/benchmarks.md.
"""

from __future__ import annotations

import typer

from communique.cli.app import app

bench_app = typer.Typer(help="Measure throughput and memory of a pipeline stage.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("ingest")
def bench_ingest(
    corpus: str = typer.Option(
        "../shared/corpora/voa/voa_stories.jsonl", help="JSON Lines corpus to replicate with variations."
    ),
    docs: int = typer.Option(10_000, help="Documents to generate and ingest."),
    cluster: list[str] = typer.Option(
        None,
        "--cluster",
        help="local:N, repeatable: the whole pipeline on a Dask LocalCluster of N workers beside "
        "the process pool of N (scaling, Dask's overhead, memory per worker).",
    ),
) -> None:
    """Read + clean + store throughput and peak memory (no NLP); with --cluster, the whole pipeline."""
    from pathlib import Path

    if cluster:
        from communique.cli.cluster import bench_clusters

        bench_clusters(Path(corpus), docs, cluster)
        return
    from communique.bench.ingest import run_ingest_benchmark
    from communique.cli.app import out

    r = run_ingest_benchmark(Path(corpus), docs)
    out.print(
        f"{r['documents']} documents ({r['megabytes']:.1f} MB, {r['words']:,} words): "
        f"read {r['read_s']:.1f}s, clean {r['clean_s']:.1f}s, store {r['store_s']:.1f}s, total {r['total_s']:.1f}s"
    )
    out.print(
        f"throughput {r['docs_per_s']:.0f} docs/s overall, {r['clean_docs_per_s']:.0f} docs/s cleaning; "
        f"peak RSS {r['peak_rss_mb']:.0f} MB"
    )


@bench_app.command("hostile")
def bench_hostile(
    good: str = typer.Option(
        "../shared/seeds", help="Folder of good documents to mix with the hostile ones."
    ),
    workdir: str = typer.Option(
        None, help="Where to write the inputs and the knowledge base (default: a temp dir)."
    ),
    fast: bool = typer.Option(False, help="Only the small kinds (what the test suite runs)."),
    alone: bool = typer.Option(True, help="Also read and analyse each input alone, timed (the table)."),
) -> None:
    """Every kind of bad input in one folder with good documents: nothing stops the run or is lost."""
    import tempfile
    from pathlib import Path

    from communique.bench.hostile import render, run_hostile, summary_lines
    from communique.cli.app import out

    good_docs = sorted(p for p in Path(good).iterdir() if p.is_file() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory(prefix="communique-hostile-") as tmp:
        report = run_hostile(Path(workdir or tmp), good_docs, fast=fast, alone=alone)
    if report.outcomes:
        out.print(render(report))
    for line in summary_lines(report):
        out.print(line, highlight=False)
    failed = report.stopped or report.good_stored < report.good or report.unnamed
    failed = failed or any(not o.ok for o in report.outcomes)
    if failed:
        raise typer.Exit(1)

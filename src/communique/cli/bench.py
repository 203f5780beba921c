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

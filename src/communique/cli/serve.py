"""Commands: ``serve`` (the analyst workbench in a browser) and ``bench serve`` (its latency)."""

from __future__ import annotations

from pathlib import Path

import typer

from communique.cli.app import DbOption, app, err, out
from communique.cli.bench import bench_app


@app.command()
def serve(
    db: str = DbOption,
    host: str = typer.Option(
        "127.0.0.1", help="Address to bind; the default keeps the server on this machine."
    ),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    token: str = typer.Option(
        None,
        envvar="COMMUNIQUE_TOKEN",
        help="Write token for analyst corrections; without one, writes are refused.",
    ),
) -> None:
    """Serve the workbench: search, documents, entities, organisations, timeline, network, quotes.

    Every page has a JSON twin (the same path plus .json) and the API lives under /api
    (OpenAPI at /openapi.json, docs at /docs).
    """
    import uvicorn

    from communique.api import create_app

    try:
        web = create_app(db, token=token)
    except FileNotFoundError as exc:
        err.print(f"[red]error[/]: {exc}")
        raise typer.Exit(1) from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]warning[/]: listening on {host}: anyone who can reach it can read the knowledge base"
        )
    out.print(f"serving {db} at http://{host}:{port}/  (writes {'enabled' if token else 'disabled'})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@bench_app.command("serve")
def bench_serve(
    db: Path = typer.Option(
        Path("bench-output/serve.db"), help="Knowledge base to build (or reuse) for the run."
    ),
    docs: int = typer.Option(10_000, help="Documents in the benchmark knowledge base."),
    requests: int = typer.Option(400, help="Requests per endpoint kind."),
    concurrency: int = typer.Option(4, help="Requests in flight at once."),
    seconds: float = typer.Option(60.0, help="Stop each kind after this long even if requests remain."),
    report: Path = typer.Option(Path("docs/benchmarks-serve.md"), help="Where to write the figures."),
) -> None:
    """p50/p95 latency of the search and entity pages on a large knowledge base, over loopback."""
    from communique.cli.app import require_extra

    require_extra("httpx", "bench")
    from communique.bench.serve import run_serve_benchmark, write_report

    result = run_serve_benchmark(db, docs=docs, requests=requests, concurrency=concurrency, seconds=seconds)
    for kind, r in result["endpoints"].items():
        out.print(
            f"{kind}: {r['requests']} requests, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
            f"max {r['max_ms']:.1f} ms, {r['errors']} errors, {r['rps']:.1f} req/s"
        )
    write_report(result, report)
    out.print(f"figures written to {report}")

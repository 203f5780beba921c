"""Commands: ``serve`` (the analyst workbench in a browser) and ``bench serve`` (its latency)."""

from __future__ import annotations

from pathlib import Path

import typer

from communique.cli.app import DbOption, app, err, out
from communique.cli.bench import bench_app

HEALTHCHECK_S = 120


@app.command()
def serve(
    db: str = DbOption,
    host: str = typer.Option(
        "127.0.0.1", help="Address to bind; the default keeps the server on this machine."
    ),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on (0: any free port)."),
    workers: int = typer.Option(
        0, min=0, max=64, help="Server processes; 0 picks one per CPU core, at least 2 and at most 8."
    ),
    token: str = typer.Option(
        None,
        envvar="COMMUNIQUE_TOKEN",
        help="Write token for analyst corrections; without one, writes are refused.",
    ),
) -> None:
    """Serve the workbench: search, documents, entities, organisations, timeline, network, quotes.

    Every page has a JSON twin (the same path plus .json) and the API lives under /api
    (OpenAPI at /openapi.json, docs at /docs). When the port is taken, a free one is
    used instead and the message says which.
    """
    import os
    import time

    import uvicorn

    from communique.api import DB_ENV, TOKEN_ENV, create_app
    from communique.api.warm import RUN_ENV, WORKERS_ENV
    from communique.cli.app import existing_store

    existing_store(db).dispose()  # a missing or newer knowledge base: one line, exit 1
    create_app(db, token=token)  # fail here, in one process, on anything else wrong
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]warning[/]: listening on {host}: anyone who can reach it can read the knowledge base"
        )
    chosen = free_port(host, port)
    if port and chosen != port:
        err.print(f"[yellow]port {port} is in use[/]: serving on port {chosen} instead")
    workers = workers or min(8, max(2, os.cpu_count() or 1))
    os.environ[DB_ENV] = db
    os.environ[RUN_ENV] = f"{os.getpid()}-{time.time_ns()}"  # this run's workers, for /api/status
    os.environ[WORKERS_ENV] = str(workers)
    os.environ[TOKEN_ENV] = token or ""
    out.print(
        f"serving {db} at http://{host}:{chosen}/  ({workers} workers, writes {'enabled' if token else 'disabled'})"
    )
    # A worker busy with a long page may answer the supervisor's ping late on a loaded machine;
    # restarting it would drop every request it holds, so the health check waits longer.
    uvicorn.run(
        "communique.api:app_from_env",
        factory=True,
        host=host,
        port=chosen,
        workers=workers,
        log_level="warning",
        timeout_worker_healthcheck=HEALTHCHECK_S,
    )


def free_port(host: str, wanted: int) -> int:
    """``wanted`` when it can be bound on ``host``, else a free port the system picks."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in (wanted, 0) if wanted else (0,):
        with socket.socket(family) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError(f"no free port on {host}")


@bench_app.command("serve")
def bench_serve(
    db: str = typer.Option(
        "bench-output/serve.db",
        help="Knowledge base to build (or reuse) for the run; a postgresql+psycopg:// URL copies the "
        "SQLite one there and measures both side by side.",
    ),
    docs: int = typer.Option(10_000, help="Documents in the benchmark knowledge base."),
    requests: int = typer.Option(400, help="Requests per page kind."),
    concurrency: int = typer.Option(8, help="Clients sending requests at once."),
    seconds: float = typer.Option(60.0, help="Stop each page kind after this long even if requests remain."),
    workers: int = typer.Option(0, help="Server processes (0: the serve command's default)."),
    soak_clients: int = typer.Option(
        50, help="Clients of the mixed soak (0 skips it); compared with 1 client."
    ),
    soak_seconds: float = typer.Option(60.0, help="Length of each soak run."),
    server_src: Path = typer.Option(
        None, help="Serve the code of another checkout's src/ folder (to compare before and after)."
    ),
    write_docs: bool = typer.Option(False, "--write-docs", help="Also write the figures to --report."),
    report: Path = typer.Option(
        Path("docs/benchmarks-serve.md"), help="Where --write-docs writes the figures."
    ),
) -> None:
    """Latency and throughput of the workbench's pages on a large knowledge base, over loopback."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from communique.bench.serve import report_lines, run_serve_benchmark, write_report

    if db.startswith("postgresql"):
        from communique.bench.backends import run_backends_benchmark

        run_backends_benchmark(
            Path("bench-output/serve-sqlite-beside-pg.db"), db, docs=docs, requests=requests,
            concurrency=concurrency, seconds=seconds, clients=soak_clients or 50,
            load_seconds=soak_seconds, say=out.print,
        )  # fmt: skip
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} requests"),
                  TimeElapsedColumn(), console=err, transient=True) as bar:  # fmt: skip
        task = bar.add_task("building the knowledge base", total=None)

        def tick(label: str | None) -> None:
            if label is None:
                bar.advance(task)
            else:
                bar.reset(task, description=label, total=None)

        result = run_serve_benchmark(
            Path(db), docs=docs, requests=requests, concurrency=concurrency, seconds=seconds, workers=workers,
            soak_clients=soak_clients, soak_seconds=soak_seconds, progress=tick, server_src=server_src,
        )  # fmt: skip
    for line in report_lines(result):
        out.print(line, highlight=False, soft_wrap=True)
    if write_docs:
        write_report(result, report)
        out.print(f"figures written to {report}")

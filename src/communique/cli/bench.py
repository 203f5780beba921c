"""Commands: ``communique bench STAGE`` — throughput and memory benchmarks.

Each stage registers its own benchmark on ``bench_app``; figures are written
up in docs/benchmarks.md.
"""

from __future__ import annotations

import typer

from communique.cli.app import app

bench_app = typer.Typer(help="Measure throughput and memory of a pipeline stage.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")

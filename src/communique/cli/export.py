"""Command: ``export`` — the knowledge base in other tools' formats."""

from __future__ import annotations

from pathlib import Path

import typer

from communique.cli.app import DbOption, app, err, existing_store, out


@app.command()
def export(
    fmt: str = typer.Argument(..., help="jsonl, csv, parquet, plover, cameo, graphml, gexf or ftm."),
    output: Path = typer.Option(..., "--out", "-o", help="File to write (a folder for csv and parquet)."),
    db: str = DbOption,
) -> None:
    """Export documents, entities, quotes, events and the actor network."""
    from communique.export import EXPORTERS
    from communique.export import export as run_export

    if fmt not in EXPORTERS:
        err.print(f"[red]error[/]: unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
        raise typer.Exit(2)
    if not output.parent.is_dir():  # the file, or the csv/parquet folder, goes into an existing folder
        err.print(
            f"[red]error[/]: no folder {output.parent}: create it first", soft_wrap=True, highlight=False
        )
        raise typer.Exit(1)
    engine = existing_store(db)
    try:
        n = run_export(engine, fmt, output)
    except OSError as exc:  # a folder that vanished, a full disk, no permission: one line, not a traceback
        err.print(
            f"[red]error[/]: cannot write {output}: {exc.strerror or exc}", soft_wrap=True, highlight=False
        )
        raise typer.Exit(1) from exc
    out.print(f"wrote {n} record(s) as {fmt} to {output}")

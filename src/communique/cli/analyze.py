"""Command: ``analyze`` — print contract objects without writing to a knowledge base."""

from __future__ import annotations

import json
import sys

import typer

from communique.cli.app import app, err, iso_date, out
from communique.ingest import RawDocument, Skipped, read_paths


@app.command()
def analyze(
    paths: list[str] = typer.Argument(None, help="Files, folders, globs, or '-' for stdin."),
    text: str = typer.Option(None, "--text", help="Analyse this string instead of files."),
    on: str = typer.Option(
        None, "--date", help="The documents' date YYYY-MM-DD; it wins over dates the pages show."
    ),
    as_json: bool = typer.Option(False, "--json", help="One communique.document/1 JSON object per line."),
    doc_timeout: float = typer.Option(
        45.0,
        "--doc-timeout",
        min=0,
        help="Seconds one document may take to analyse (0: no limit); a long text gets more (ingest.doc_seconds_per_mb).",
    ),
    doc_memory: float = typer.Option(
        400.0, "--doc-memory", min=0, help="MB of memory one document may add while analysed (0: no limit)."
    ),
) -> None:
    """Analyse documents and print what was found; nothing is stored.

    With several documents, ``story`` groups those that report the same event. An input
    that cannot be read or analysed is named with its reason on stderr and the others go
    on; the exit status is then 3.
    """
    from rich.markup import escape

    from communique.ingest.budget import budget_from_options
    from communique.pipeline import Failure, collect_failures
    from communique.pipeline import analyze as run_pipeline

    hint = iso_date(on)
    left_out = 0
    if text is not None:
        raws = [RawDocument(source="-", text=text, kind="text", date_hint=hint)]
    elif paths:
        raws = []
        from communique.ingest.sidecar import with_file_metadata

        for item in with_file_metadata(read_paths(paths), paths, hint):
            if isinstance(item, Skipped):
                left_out += 1
                err.print(f"[yellow]skipped[/] {escape(item.source)}: {escape(item.reason)}", highlight=False)
            else:
                raws.append(item)
    else:
        raise typer.BadParameter("give PATH... or --text STRING")
    failures: list[Failure] = []
    docs = run_pipeline(
        raws,
        stories=len(raws) > 1,
        on_error=collect_failures(failures),
        budget=budget_from_options(doc_timeout, doc_memory),
    )
    for failure in failures:
        err.print(
            f"[yellow]failed in {failure.stage}[/] {escape(failure.source)}: {escape(failure.error)}",
            highlight=False,
        )
    for doc in docs:
        if as_json:
            sys.stdout.write(json.dumps(doc.to_contract(), ensure_ascii=False) + "\n")
        else:
            _print_document(doc)
    if left_out or failures:
        raise typer.Exit(3)


def _print_document(doc) -> None:  # noqa: ANN001
    from rich.markup import escape

    out.rule(escape(doc.title or doc.raw.source))
    out.print(
        f"source {doc.raw.source}  published {doc.published}  event {doc.event_date}  place {doc.place}",
        markup=False,
    )
    out.print(
        f"{len(doc.entities)} entities, {len(doc.quotes)} quotes, {len(doc.events)} events, {len(doc.facts)} facts"
    )
    for q in doc.quotes:
        who = escape(q.speaker.name if q.speaker else "?")
        text = escape(q.text[:100] + ("…" if len(q.text) > 100 else ""))
        out.print(f"  [cyan]{who}[/]: “{text}”", highlight=False)
    for ev in doc.events:
        actors = escape(", ".join(a.name for a in ev.source + ev.target))
        out.print(f"  [green]{escape(ev.type)}[/] {ev.date or ''} {actors}", highlight=False)

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
        None, "--date", help="Reference date YYYY-MM-DD for --text (roles, relative dates)."
    ),
    as_json: bool = typer.Option(False, "--json", help="One communique.document/1 JSON object per line."),
) -> None:
    """Analyse documents and print what was found; nothing is stored.

    With several documents, ``story`` groups those that report the same event.
    """
    from communique.pipeline import analyze as run_pipeline

    hint = iso_date(on)
    if text is not None:
        raws = [RawDocument(source="-", text=text, kind="text", date_hint=hint)]
    elif paths:
        raws = []
        for item in read_paths(paths):
            if isinstance(item, Skipped):
                err.print(f"[yellow]skipped[/] {item.source}: {item.reason}", highlight=False)
            else:
                item.date_hint = item.date_hint or hint
                raws.append(item)
    else:
        raise typer.BadParameter("give PATH... or --text STRING")
    docs = run_pipeline(raws, stories=len(raws) > 1)
    for doc in docs:
        if as_json:
            sys.stdout.write(json.dumps(doc.to_contract(), ensure_ascii=False) + "\n")
        else:
            _print_document(doc)


def _print_document(doc) -> None:  # noqa: ANN001
    out.rule(doc.title or doc.raw.source)
    out.print(
        f"source {doc.raw.source}  published {doc.published}  event {doc.event_date}  place {doc.place}"
    )
    out.print(
        f"{len(doc.entities)} entities, {len(doc.quotes)} quotes, {len(doc.events)} events, {len(doc.facts)} facts"
    )
    for q in doc.quotes:
        who = q.speaker.name if q.speaker else "?"
        out.print(f"  [cyan]{who}[/]: “{q.text[:100]}{'…' if len(q.text) > 100 else ''}”", highlight=False)
    for ev in doc.events:
        actors = ", ".join(a.name for a in ev.source + ev.target)
        out.print(f"  [green]{ev.type}[/] {ev.date or ''} {actors}", highlight=False)

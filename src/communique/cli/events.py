"""Commands: ``events`` (who did what to whom, from the knowledge base) and ``bench events``."""

from __future__ import annotations

import json

import typer
from rich.table import Table
from sqlalchemy import Connection

from communique.cli.app import DbOption, app, err, existing_store, out
from communique.cli.bench import bench_app
from communique.dates import is_partial_iso

# Characters of the sentence shown in the table (the JSON output carries all of it).
SHOWN_CHARS = 300


def _bound(value: str | None, option: str) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD bound, as given (event dates compare as strings)."""
    if value is not None and not is_partial_iso(value):
        raise typer.BadParameter(f"'{value}' is not a date YYYY, YYYY-MM or YYYY-MM-DD", param_hint=option)
    return value


def find_stored_events(
    conn: Connection,
    actor: str | None = None,
    event_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
) -> list[dict]:
    """Events from the store, oldest first, filtered by actor, PLOVER type and date range,
    with analyst corrections applied (``communique.store.read``).

    A partial ``date_to`` ("2021") includes the whole period; events with a year-only
    date fall inside any range that covers that year's start.
    """
    from communique.store.read import Reader

    kb = Reader(conn)
    actor_ids = kb.actor_ids_like(actor) if actor else None
    rows = kb.events(
        actor_ids=actor_ids,
        type=event_type.upper() if event_type else None,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )
    return [_event_row(r) for r in rows]


def _event_row(ev: dict) -> dict:
    return {
        "id": ev["id"],
        "key": ev["key"],
        "document_id": ev["document_id"],
        "source_document": ev["document_source"],
        "type": ev["type"],
        "mode": ev["mode"],
        "cameo": ev["cameo"],
        "date": ev["date"],
        "place": ev["place"],
        "source": ev["source"],
        "target": ev["target"],
        "sentence": ev["sentence"],
        "rule": ev["rule"],
        "confidence": ev["confidence"],
    }


def _names(actors: list[dict]) -> str:
    return ", ".join(a.get("name", "?") for a in actors) or "-"


@app.command("events")
def events(
    actor: str | None = typer.Option(
        None, "--actor", help="Actor name, id or alias, e.g. CSTO or Lukashenko."
    ),
    event_type: str | None = typer.Option(None, "--type", help="PLOVER type, e.g. COOPERATE, CONSULT."),
    date_from: str | None = typer.Option(
        None, "--from", help="Only events dated on or after YYYY[-MM[-DD]]."
    ),
    date_to: str | None = typer.Option(None, "--to", help="Only events dated on or before YYYY[-MM[-DD]]."),
    limit: int = typer.Option(50, "--limit", min=1, help="Most events to list."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per event instead of a table."),
    db: str = DbOption,
) -> None:
    """List PLOVER events from the knowledge base: date, type, actors and the sentence they come from."""
    from communique.events.lexicon import PLOVER_TYPES

    if event_type and event_type.upper() not in PLOVER_TYPES:
        err.print(f"[red]error[/]: unknown event type {event_type!r}; one of {', '.join(PLOVER_TYPES)}")
        raise typer.Exit(2)
    engine = existing_store(db)
    with engine.connect() as conn:
        rows = find_stored_events(
            conn, actor, event_type, _bound(date_from, "--from"), _bound(date_to, "--to"), limit
        )
    if as_json:
        for row in rows:
            out.print(json.dumps(row, ensure_ascii=False), highlight=False, soft_wrap=True)
        return
    if not rows:
        err.print("no events match")
        return
    table = Table("date", "type", "source → target", "place", "sentence", show_lines=True)
    for row in rows:
        kind = row["type"] + (f" ({row['mode']})" if row["mode"] else "")
        who = f"{_names(row['source'])} → {_names(row['target'])}"
        table.add_row(row["date"] or "", kind, who, row["place"] or "", row["sentence"]["text"][:SHOWN_CHARS])
    out.print(table)


@bench_app.command("events")
def bench_events(
    corpus: str = typer.Option(
        "../shared/corpora/voa/voa_stories.jsonl", help="JSON Lines corpus of stories."
    ),
    docs: int = typer.Option(300, help="Stories to read from the corpus."),
) -> None:
    """Cost of the event stage against the NLP stage on the same texts (nlp.pipe, link, events)."""
    from pathlib import Path

    from communique.bench.events import read_texts, run_event_benchmark

    r = run_event_benchmark(read_texts(Path(corpus), docs))
    out.print(
        f"{r['documents']} documents, {r['sentences']:,} sentences ({r['sentences_walked']:,} walked by the coder): "
        f"nlp {r['nlp_s']:.2f}s, link {r['link_s']:.2f}s, events {r['events_s']:.2f}s"
    )
    out.print(
        f"events add {r['events_vs_nlp']:.1%} to the NLP stage; {r['events']:,} events "
        f"({r['events_per_doc']:.2f} per document)"
    )

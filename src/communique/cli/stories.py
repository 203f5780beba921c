"""Commands: ``stories`` (stories in the knowledge base) and ``bench stories``."""

from __future__ import annotations

import typer

from communique.cli.app import DbOption, app, existing_store, out
from communique.cli.bench import bench_app


@app.command()
def stories(
    db: str = DbOption,
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many stories to list (largest first)."),
    min_size: int = typer.Option(1, help="Only stories with at least this many documents."),
) -> None:
    """List stories: their documents (title, date, why they joined) and merged events."""
    from communique.stories.report import read_stories

    engine = existing_store(db)
    found = read_stories(engine, limit=limit, min_size=min_size)
    if not found:
        out.print(f"no stories in {db}: run 'communique ingest PATH' first")
        return
    for story in found:
        _print_story(story)


def _print_story(story: dict) -> None:
    dates = " – ".join(dict.fromkeys(d for d in (story["first_date"], story["last_date"]) if d))
    out.rule(f"{story['label'] or story['id']}  [dim]{dates}[/]")
    out.print(
        f"[dim]{story['id']}[/]  {len(story['documents'])} document(s)", highlight=False, soft_wrap=True
    )
    for doc in story["documents"]:
        when = doc["event_date"] or (doc["published"] or "")[:10] or "undated"
        out.print(f"  • {doc['title'] or doc['id'][:12]}  [dim]{when}[/]", highlight=False, soft_wrap=True)
        out.print(f"    [dim]{doc['reason']}[/]", highlight=False, soft_wrap=True)
    for ev in story["events"]:
        actors = ", ".join(a["name"] for a in ev["actors"][:4])
        flag = f"  [yellow]conflict: {'; '.join(ev['conflicts'])}[/]" if ev["conflicts"] else ""
        sources = len({m["document_id"] for m in ev["mentions"]})
        out.print(
            f"  [green]{ev['type']}[/] {ev['date'] or ''} {ev['place'] or ''} {actors}"
            f"  ({len(ev['mentions'])} mention(s) in {sources} document(s)){flag}",
            highlight=False,
            soft_wrap=True,
        )


@bench_app.command("stories")
def bench_stories(
    corpus: str = typer.Option(
        "../shared/corpora/voa/voa_stories.jsonl", help="JSON Lines corpus to replicate with variations."
    ),
    sizes: str = typer.Option(
        "1000,10000,50000", help="Comma-separated sizes (documents in the knowledge base, or in memory)."
    ),
    in_memory: bool = typer.Option(
        False,
        "--in-memory",
        help="Time the index alone, all documents at once, each size in its own process.",
    ),
    batch: int = typer.Option(32, min=1, help="Documents per timed batch (ingest's own batch size)."),
    probes: int = typer.Option(8, min=1, help="Batches timed at each size (the median is shown)."),
    db: str | None = typer.Option(
        None, help="SQLite file to grow (default: a temporary one, removed after the run)."
    ),
) -> None:
    """Stories stage cost. By default through the ingest path: one knowledge base grows to each size
    (documents stored, then clustered, as ``communique ingest`` does) and the cost of a batch is
    timed there, store and stories apart. No NLP: documents are built from the corpus."""
    from pathlib import Path

    from communique.bench import stories as bench

    counts = tuple(int(x) for x in sizes.split(",") if x.strip())
    if in_memory:
        lines = bench.format_story_benchmark(bench.run_story_benchmark(sizes=counts, corpus=Path(corpus)))
    else:
        out.print(f"per batch of {batch} documents (median of {probes} batches)", highlight=False)
        for line in bench.INGEST_HEADER:
            out.print(line, highlight=False, soft_wrap=True)

        def show(run: dict) -> None:  # each size as soon as it is measured: the largest takes long
            out.print(bench.format_ingest_row(run), highlight=False, soft_wrap=True)

        result = bench.measure_ingest(
            Path(corpus), counts, Path(db) if db else None, batch=batch, probes=probes, report=show
        )
        lines = bench.format_ingest_benchmark(result)[-1:]
    for line in lines:
        out.print(line, highlight=False, soft_wrap=True)

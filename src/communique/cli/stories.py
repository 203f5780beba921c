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
    sizes: str = typer.Option("10000,40000,160000", help="Comma-separated corpus sizes."),
) -> None:
    """Duplicate detection + story clustering: time and peak memory per corpus size (no NLP)."""
    from pathlib import Path

    from communique.bench.stories import format_story_benchmark, run_story_benchmark

    counts = tuple(int(x) for x in sizes.split(",") if x.strip())
    result = run_story_benchmark(sizes=counts, corpus=Path(corpus))
    for line in format_story_benchmark(result):
        out.print(line, highlight=False, soft_wrap=True)

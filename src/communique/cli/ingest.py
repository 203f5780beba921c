"""Commands: ``ingest`` (documents into the knowledge base) and ``stats``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from communique.cli.app import DbOption, app, err, existing_store, out
from communique.ingest import RawDocument, Skipped, read_paths

# Documents analysed and written per step: big enough for spaCy's batching,
# small enough that Ctrl-C loses little work.
BATCH = 32


@dataclass
class IngestSummary:
    """What happened to every input of one ingest run."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    interrupted: bool = False

    def render(self) -> Table:
        table = Table(title="ingest summary", show_header=True)
        table.add_column("outcome")
        table.add_column("documents", justify="right")
        table.add_row("read", str(self.read))
        table.add_row("stored", str(self.stored))
        table.add_row("unchanged", str(self.unchanged))
        table.add_row("skipped", str(len(self.skipped)))
        return table


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def read_inputs(paths: list[str], summary: IngestSummary) -> list[RawDocument]:
    """Read every input, counting skips; duplicates within the run count as unchanged."""
    raws: dict[str, RawDocument] = {}
    with _progress() as progress:
        task = progress.add_task("reading", total=None)
        for item in read_paths(paths):
            progress.advance(task)
            if isinstance(item, Skipped):
                summary.skipped.append(item)
                continue
            summary.read += 1
            if item.content_hash in raws:
                summary.unchanged += 1
            else:
                raws[item.content_hash] = item
    return list(raws.values())


def analyze_and_store(engine, raws: list[RawDocument], summary: IngestSummary, workers: int) -> None:  # noqa: ANN001
    """Analyse new documents in batches and store each in its own transaction."""
    from communique.pipeline import analyze_batches
    from communique.store import save_documents
    from communique.store.stories import update_stories

    batches = [raws[i : i + BATCH] for i in range(0, len(raws), BATCH)]
    with _progress() as progress:
        task = progress.add_task("analysing", total=len(raws))
        for docs in analyze_batches(batches, workers):
            saved = save_documents(engine, docs)
            summary.stored += sum(saved)
            summary.unchanged += len(saved) - sum(saved)
            update_stories(engine, [d for d, new in zip(docs, saved, strict=True) if new])
            progress.advance(task, len(docs))


def forget_unfinished(engine) -> None:  # noqa: ANN001
    """Drop documents a killed run stored but did not cluster, so this run analyses them again."""
    from communique.store import delete_document, unfinished_ids

    ids = unfinished_ids(engine)
    for doc_id in ids:
        with engine.begin() as conn:
            delete_document(conn, doc_id)
    if ids:
        err.print(f"{len(ids)} document(s) from an interrupted run will be analysed again")


@app.command()
def ingest(
    paths: list[str] = typer.Argument(
        ..., help="Files, folders (recursive), glob patterns, or '-' for stdin."
    ),
    db: str = DbOption,
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, help="Processes that analyse documents (one per core is best)."
    ),
    show_skipped: int = typer.Option(20, help="How many skipped inputs to list with their reasons."),
) -> None:
    """Read documents, analyse them and store them in the knowledge base.

    Documents are keyed by a hash of their content: ingesting the same files
    again stores nothing and reports them unchanged.
    """
    from communique.store import known_ids, open_store
    from communique.store.sync import sync_knowledge_base

    summary = IngestSummary()
    engine = open_store(db)
    try:
        sync_knowledge_base(engine)
        forget_unfinished(engine)
        raws = read_inputs(paths, summary)
        done = known_ids(engine, (r.content_hash for r in raws))
        summary.unchanged += len(done)
        analyze_and_store(engine, [r for r in raws if r.content_hash not in done], summary, workers)
    except KeyboardInterrupt:
        summary.interrupted = True
    _print_summary(summary, db, show_skipped)
    if summary.interrupted:
        raise typer.Exit(130)


def _print_summary(summary: IngestSummary, db: str, show_skipped: int) -> None:
    out.print(summary.render())
    for skip in summary.skipped[:show_skipped]:
        out.print(f"[yellow]skipped[/] {skip.source}: {skip.reason}", highlight=False, soft_wrap=True)
    if len(summary.skipped) > show_skipped:
        reasons = Counter(s.reason for s in summary.skipped[show_skipped:])
        out.print(f"… and {len(summary.skipped) - show_skipped} more: {dict(reasons.most_common(5))}")
    if summary.interrupted:
        err.print(
            "[red]interrupted[/]: every stored document is complete; run the same command again to finish."
        )
    elif summary.stored == 0 and summary.unchanged and not summary.skipped:
        out.print(f"nothing new: all {summary.unchanged} document(s) already in {db}")


@app.command()
def stats(db: str = DbOption) -> None:
    """Show what the knowledge base holds."""
    from sqlalchemy import func, select

    from communique.store import schema as s

    engine = existing_store(db)
    table = Table(title=f"knowledge base {db}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    with engine.connect() as conn:
        for t in (s.documents, s.entities, s.mentions, s.quotes, s.events, s.facts, s.stories, s.duplicates):
            table.add_row(t.name, str(conn.execute(select(func.count()).select_from(t)).scalar_one()))
        kinds = conn.execute(select(s.documents.c.kind, func.count()).group_by(s.documents.c.kind)).all()
        types = conn.execute(select(s.events.c.type, func.count()).group_by(s.events.c.type)).all()
    out.print(table)
    if kinds:
        out.print("documents by kind: " + ", ".join(f"{k or '?'} {n}" for k, n in kinds))
    if types:
        out.print("events by type: " + ", ".join(f"{k} {n}" for k, n in sorted(types, key=lambda r: -r[1])))

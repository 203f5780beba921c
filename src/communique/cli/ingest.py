"""Commands: ``ingest`` (documents into the knowledge base) and ``stats``.

Exit status of ``ingest``: 0 when every input was stored (or already there), 3 when some
inputs were skipped (unreadable) or failed in analysis (each is listed with its reason),
130 when interrupted, 1 when the knowledge base cannot be opened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from communique.cli.app import DbOption, app, err, existing_store, iso_date, out
from communique.cli.cluster import ClusterOption
from communique.ingest import RawDocument, Skipped, read_paths
from communique.ingest.budget import budget_from_options

# Documents analysed and written per step: big enough for spaCy's batching,
# small enough that Ctrl-C loses little work.
BATCH = 32
# Exit status when some inputs were skipped or failed (the rest were stored).
SOME_SKIPPED_EXIT = 3


@dataclass
class IngestSummary:
    """What happened to every input of one ingest run."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    interrupted: bool = False
    # content hashes seen in this run (16 bytes each: a corpus of millions stays small)
    seen: set[bytes] = field(default_factory=set, repr=False)

    def render(self) -> Table:
        table = Table(title="ingest summary", show_header=True)
        table.add_column("outcome")
        table.add_column("documents", justify="right")
        table.add_row("read", str(self.read))
        table.add_row("stored", str(self.stored))
        table.add_row("unchanged", str(self.unchanged))
        table.add_row("skipped (unreadable)", str(len(self.skipped)))
        table.add_row("failed (analysis)", str(len(self.failed)))
        return table

    @property
    def left_out(self) -> list[Skipped]:
        return self.skipped + self.failed


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def new_batches(
    engine, paths: list[str], summary: IngestSummary, user_date: str | None = None
) -> Iterator[list[RawDocument]]:  # noqa: ANN001
    """Read inputs lazily into batches of documents not stored yet, counting skips and repeats.

    Streaming: only one batch is held at a time, so memory does not grow with the corpus.
    """
    from communique.store import known_ids

    batch: list[RawDocument] = []
    from communique.ingest.sidecar import with_file_metadata

    for item in with_file_metadata(read_paths(paths), paths, user_date):
        if isinstance(item, Skipped):
            summary.skipped.append(item)
            continue
        summary.read += 1
        key = bytes.fromhex(item.content_hash)
        if key in summary.seen:
            summary.unchanged += 1
            continue
        summary.seen.add(key)
        batch.append(item)
        if len(batch) >= BATCH:
            yield from _unknown(engine, batch, summary, known_ids)
            batch = []
    if batch:
        yield from _unknown(engine, batch, summary, known_ids)


def _unknown(
    engine, batch: list[RawDocument], summary: IngestSummary, known_ids
) -> Iterator[list[RawDocument]]:  # noqa: ANN001
    done = known_ids(engine, (r.content_hash for r in batch))
    summary.unchanged += len(done)
    todo = [r for r in batch if r.content_hash not in done]
    if todo:
        from communique.clean.site import mark_site_repeats, stored_pages

        yield mark_site_repeats(todo, stored_pages(engine))  # a site's lines, over the store's pages too


def analyze_and_store(  # noqa: ANN001
    engine,
    batches: Iterable[list[RawDocument]],
    summary: IngestSummary,
    workers: int,
    cluster: str | None = None,
    budget=None,  # noqa: ANN001 (a communique.ingest.budget.Budget)
) -> None:
    """Analyse new documents in batches and store each in its own transaction."""
    from communique.ingest.budget import Budget

    budget = budget or Budget()
    from communique.pipeline import Failure, analyze_batches
    from communique.store import save_documents
    from communique.stories.persist import update_story_tables as update_stories

    def on_failure(failure: Failure) -> None:
        summary.failed.append(Skipped(failure.source, failure.error, failure.stage))
        progress.advance(task, 1)

    with _progress() as progress:
        task = progress.add_task("analysing", total=None)
        if cluster:
            from communique.cli.cluster import analyze_batches_on_cluster

            results = analyze_batches_on_cluster(
                batches, cluster, progress, on_failure=on_failure, budget=budget
            )
        else:
            results = analyze_batches(batches, workers, on_failure=on_failure, budget=budget)
        for docs in results:
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
    doc_timeout: float = typer.Option(
        45.0,
        "--doc-timeout",
        min=0,
        help="Seconds one document may take to analyse (0: no limit); a long text gets more (ingest.doc_seconds_per_mb).",
    ),
    doc_memory: float = typer.Option(
        400.0, "--doc-memory", min=0, help="MB of memory one document may add while analysed (0: no limit)."
    ),
    cluster: str | None = ClusterOption,
    on: str | None = typer.Option(
        None, "--date", help="The documents' date YYYY-MM-DD; it wins over dates the pages show."
    ),
) -> None:
    """Read documents, analyse them and store them in the knowledge base.

    What an analyst knows about saved files is used: a date in a file name
    (2023-11-23_minsk.txt, 20231123-summit.html) and a metadata.csv or metadata.jsonl
    beside the files (columns path, title, url, published, source).

    Documents are keyed by a hash of their content: ingesting the same files
    again stores nothing and reports them unchanged.
    """
    from communique.link.kb import current_kb
    from communique.link.stored import learn_stored_roles
    from communique.store import open_store
    from communique.store.sync import sync_knowledge_base

    summary = IngestSummary()
    engine = open_store(db)
    try:
        sync_knowledge_base(engine)
        learn_stored_roles(engine, current_kb())  # offices earlier documents stated, for this run's
        forget_unfinished(engine)
        analyze_and_store(
            engine,
            new_batches(engine, paths, summary, iso_date(on)),
            summary,
            workers,
            cluster,
            budget_from_options(doc_timeout, doc_memory),
        )
    except KeyboardInterrupt:
        summary.interrupted = True
    _print_summary(summary, db, show_skipped)
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.left_out:
        raise typer.Exit(SOME_SKIPPED_EXIT)


def _print_summary(summary: IngestSummary, db: str, show_skipped: int) -> None:
    out.print(summary.render())
    left_out = summary.left_out
    for skip in left_out[:show_skipped]:
        label = "skipped" if skip.stage == "read" else f"failed in {skip.stage}"
        out.print(
            f"[yellow]{label}[/] {escape(skip.source)}: {escape(skip.reason)}",
            highlight=False,
            soft_wrap=True,
        )
    if len(left_out) > show_skipped:
        reasons = Counter(s.reason for s in left_out[show_skipped:])
        out.print(
            f"… and {len(left_out) - show_skipped} more: {escape(str(dict(reasons.most_common(5))))}",
            highlight=False,
        )
    if left_out:
        out.print(f"{len(left_out)} input(s) left out; exit status {SOME_SKIPPED_EXIT}", highlight=False)
    if summary.interrupted:
        err.print(
            "[red]interrupted[/]: every stored document is complete; run the same command again to finish."
        )
    elif summary.stored == 0 and summary.unchanged and not summary.left_out:
        out.print(f"nothing new: all {summary.unchanged} document(s) already in {db}")


@app.command()
def stats(db: str = DbOption) -> None:
    """Show what the knowledge base holds."""
    from communique.store.read import reading

    engine = existing_store(db)
    table = Table(title=f"knowledge base {db}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    names = ("documents", "entities", "mentions", "quotes", "events", "facts", "stories", "duplicates")
    with reading(engine) as kb:
        for name, rows in kb.table_counts(names).items():
            table.add_row(name, str(rows))
        kinds = kb.counts_by("documents", "kind")
        types = kb.counts_by("events", "type")
    out.print(table)
    if kinds:
        out.print("documents by kind: " + ", ".join(f"{k or '?'} {n}" for k, n in kinds))
    if types:
        out.print("events by type: " + ", ".join(f"{k} {n}" for k, n in types))

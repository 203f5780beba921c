"""Command: ``eval`` — score the pipeline against gold data."""

from __future__ import annotations

from pathlib import Path

import typer

from communique.cli.app import app, err, out


@app.command("eval")
def evaluate(
    gold_file: Path = typer.Argument(
        ...,
        help="A gold JSON file (seeds.gold.json), an event sentence set (.jsonl), or an attribution "
        "corpus folder holding text/ and attributions/ (brat standoff, as PolNeAR).",
    ),
    docs: Path = typer.Option(
        None, help="Folder of the gold's documents [default: ../seeds beside the gold file]."
    ),
    max_misses: int = typer.Option(40, help="How many misses to list."),
    limit: int = typer.Option(0, help="Attribution corpus: score only the first N articles (0: all)."),
    with_files: list[Path] = typer.Option(
        None, "--with", help="Event sentence set: further .jsonl sentence files scored together with it."
    ),
) -> None:
    """Score the pipeline: one line per measure, then the misses.

    Exits non-zero on errors (missing files, bad gold), not on low scores.
    """
    from communique.evaluate.html_extraction import is_extraction_corpus
    from communique.evaluate.polnear import is_attribution_corpus

    if is_extraction_corpus(gold_file):
        _evaluate_html_extraction(gold_file, limit)
        return
    if is_attribution_corpus(gold_file):
        _evaluate_attribution_corpus(gold_file, limit, max_misses)
        return
    if not gold_file.is_file():
        err.print(f"[red]error[/]: gold file {gold_file} not found")
        raise typer.Exit(2)
    if gold_file.suffix == ".jsonl" and gold_file.name.startswith("webpages_"):
        _evaluate_webpages(gold_file, docs, max_misses)
        return
    if gold_file.suffix == ".jsonl":
        from communique.evaluate.entities import is_entity_set

        if is_entity_set(gold_file):
            _evaluate_entity_set(gold_file, max_misses)
            return
        _evaluate_sentence_set([gold_file, *(with_files or [])], max_misses)
        return
    from communique.evaluate.gold import analyse_gold_documents, load_gold, score_gold

    try:
        gold = load_gold(gold_file)
        folder = docs or gold_file.resolve().parent.parent / "seeds"
        analysed = analyse_gold_documents(gold, folder)
    except (ValueError, FileNotFoundError, KeyError) as exc:
        err.print(f"[red]error[/]: {exc}")
        raise typer.Exit(2) from exc
    report = score_gold(gold, analysed)
    for measure in report.measures:
        out.print(measure.line(), highlight=False)
    misses = [miss for m in report.measures for miss in m.misses]
    if misses:
        out.print(f"\nmisses ({len(misses)}):")
        for miss in misses[:max_misses]:
            out.print(f"  - {miss}", highlight=False, soft_wrap=True)


def _evaluate_sentence_set(paths: list[Path], max_misses: int) -> None:
    from communique.events.evaluate import report_lines

    try:
        lines = report_lines(paths, max_misses)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        err.print(f"[red]error[/]: {exc}")
        raise typer.Exit(2) from exc
    for line in lines:
        out.print(line, highlight=False, soft_wrap=True)


def _evaluate_attribution_corpus(folder: Path, limit: int, max_misses: int) -> None:
    from communique.cli.ingest import _progress
    from communique.evaluate.polnear import analyse_articles, load_corpus, report_lines, score_corpus

    try:
        articles = load_corpus(folder, limit)
    except (ValueError, FileNotFoundError) as exc:
        err.print(f"[red]error[/]: {exc}")
        raise typer.Exit(2) from exc
    with _progress() as progress:
        task = progress.add_task("analysing", total=len(articles))
        docs = analyse_articles(articles, lambda n: progress.advance(task, n))
    direct = score_corpus(articles, docs, "direct")
    indirect = score_corpus(articles, docs, "indirect")
    out.print(f"articles                           {len(articles)}", highlight=False)
    for line in report_lines(direct, indirect):
        out.print(line, highlight=False)
    misses = direct.misses + indirect.misses
    if misses:
        out.print(f"\nmisses ({len(misses)}):")
        for miss in misses[:max_misses]:
            out.print(f"  - {miss}", highlight=False, soft_wrap=True)


def _evaluate_entity_set(path: Path, max_misses: int) -> None:
    from communique.evaluate.entities import format_scores, load_set, score

    try:
        results = score(load_set(path))
    except (ValueError, KeyError, FileNotFoundError) as exc:
        err.print(f"[red]error[/]: {path}: {exc}")
        raise typer.Exit(2) from exc
    for line in format_scores(results):
        out.print(line, highlight=False)
    misses = results["dev"].misses
    if misses:
        out.print(f"\nmisses on the dev part ({len(misses)}):")
        for miss in misses[:max_misses]:
            out.print(f"  - {miss}", highlight=False, soft_wrap=True)


def _evaluate_webpages(path: Path, pages: Path | None, max_misses: int) -> None:
    from communique.evaluate.webpages import evaluate_webpages

    try:
        report = evaluate_webpages(path, pages)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        err.print(f"[red]error[/]: {path}: {exc}")
        raise typer.Exit(2) from exc
    for line in report.lines():
        out.print(line, highlight=False)
    if report.misses:
        out.print(f"\nmisses ({len(report.misses)}):")
        for miss in report.misses[:max_misses]:
            out.print(f"  - {miss}", highlight=False, soft_wrap=True)


def _evaluate_html_extraction(folder: Path, limit: int) -> None:
    from communique.cli.ingest import _progress
    from communique.evaluate.html_extraction import load_truth, report_lines, run_benchmark

    pages = min(limit, len(load_truth(folder))) if limit else len(load_truth(folder))
    with _progress() as progress:
        task = progress.add_task("extracting", total=pages)
        scores = run_benchmark(folder, limit, lambda n: progress.advance(task, n))
    for line in report_lines(scores):
        out.print(line, highlight=False)

"""Commands: ``quotes`` (who said what, from the knowledge base) and ``bench quotes``."""

from __future__ import annotations

import json

import typer
from rich.table import Table
from sqlalchemy import Connection

from communique.cli.app import DbOption, app, err, existing_store, iso_date, out, require_extra
from communique.cli.bench import bench_app

# Characters of a quotation shown in the table (the JSON output carries the whole text).
SHOWN_CHARS = 400


def find_stored_quotes(
    conn: Connection, speaker: str | None, about: str | None, date_from: str | None, limit: int
) -> list[dict]:
    """Quotes from the store, newest first, with analyst corrections applied (``store.read``)."""
    from communique.store.read import Reader

    kb = Reader(conn)
    ids: list[str | None] = [None]
    if speaker:
        ids = list(kb.speaker_ids_like(speaker))
    seen: dict[str, dict] = {}
    for sid in ids:
        page, _ = kb.list_quotes(speaker=sid, q=about, date_from=date_from, limit=limit)
        for item in page:
            seen.setdefault(item["key"], item)
    items = sorted(
        seen.values(), key=lambda i: (i["date"] or "", i["document_id"], -i["start"]), reverse=True
    )
    return items[:limit]


@app.command("quotes")
def quotes(
    speaker: str | None = typer.Option(None, "--speaker", help="Speaker name or alias, e.g. Lukashenko."),
    about: str | None = typer.Option(
        None, "--about", help='Words the quote must contain: NATO, "collective security", integr*.'
    ),
    date_from: str | None = typer.Option(None, "--from", help="Only documents dated on or after YYYY-MM-DD."),
    limit: int = typer.Option(20, "--limit", min=1, help="Most quotes to list."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per quote instead of a table."),
    db: str = DbOption,
) -> None:
    """List what a speaker said about a subject, newest first, with the document it comes from."""
    from communique.store.read import Reader
    from communique.store.search import QueryError

    date_from = iso_date(date_from)
    engine = existing_store(db)
    with engine.connect() as conn:
        if speaker and not Reader(conn).speaker_ids_like(speaker):
            err.print(f"no speaker named {speaker!r} in {db}; check the spelling or try a surname")
            raise typer.Exit(1)
        try:
            items = find_stored_quotes(conn, speaker, about, date_from, limit)
        except QueryError as exc:
            raise typer.BadParameter(str(exc), param_hint="--about") from exc
    _print_quotes(items, as_json)


def _print_quotes(items: list[dict], as_json: bool) -> None:
    if as_json:
        for item in items:
            out.print_json(json.dumps(item, ensure_ascii=False), indent=None)
        return
    if not items:
        err.print("no quotes match")
        return
    table = Table("date", "speaker", "document", "quote", show_lines=True)
    for item in items:
        text = item["text"] if len(item["text"]) <= SHOWN_CHARS else item["text"][:SHOWN_CHARS] + "…"
        who = item["speaker"]["name"] if item["speaker"] else "—"
        table.add_row(item["date"] or "", who, item["document_title"] or "", text)
    out.print(table)


@bench_app.command("quotes")
def bench_quotes(
    attributions: bool = typer.Option(
        True, help="Also run both systems on ../shared/corpora/polnear/dev, scored against its attributions."
    ),
) -> None:
    """Quote extraction vs textacy on the seeds (scored against the gold), the VOA stories and
    PolNeAR dev (scored against its hand-annotated attributions)."""
    require_extra("textacy", "bench")
    from communique.bench.quotes import run_quote_benchmark

    report = run_quote_benchmark()
    table = Table(
        "corpus", "system", "docs", "quotes", "indirect", "gold found", "speaker right", "seconds", "ms/doc"
    )
    for corpus, r in report.items():
        for system in ("communique", "textacy"):
            s = r[system]
            gold = f"{s['found']}/{s['gold']}" if "gold" in s else "—"
            right = f"{s['speaker_right']}/{s['gold']}" if "gold" in s else "—"
            table.add_row(
                corpus,
                system,
                str(r["documents"]),
                str(s["quotes"]),
                str(s.get("indirect", "—")),
                gold,
                right,
                f"{s['seconds']:.3f}",
                f"{1000 * s['seconds'] / max(1, r['documents']):.1f}",
            )
    out.print(table)
    for corpus, r in report.items():
        out.print(
            f"{corpus}: parse {r['parse_s']:.2f}s, link {r['link_s']:.2f}s (link needed by communique only); "
            f"textacy refused {r['textacy']['refused_documents']} documents (odd number of quotation marks); "
            f"{r['agree']} of textacy's quotes lie inside one of ours"
        )
        c = r["checks"]
        share = 100 * c["no_speaker"] / c["quotes"] if c["quotes"] else 0.0
        out.print(
            f"{corpus}: {c['no_speaker']} of {c['quotes']} direct quotations without a speaker ({share:.1f}%); "
            f"one person as two speakers in {c['split_documents']} documents"
        )
        for pair in c["split"]:
            out.print(f"  {pair}")
        if "textacy_linked" in r:
            t = r["textacy_linked"]
            out.print(
                f"{corpus}: textacy speakers resolved by our linker: {t['speaker_right']}/{t['gold']} right"
            )
    if attributions:
        _bench_attributions()


def _bench_attributions() -> None:
    from communique.bench.quotes import run_attribution_benchmark

    r = run_attribution_benchmark()
    table = Table(
        "polnear dev",
        "returned",
        "recall",
        "precision",
        "direct only",
        "in any attribution",
        "exact F1",
        "speaker",
        "seconds",
    )
    for system in ("communique", "textacy"):
        s = r[system]
        table.add_row(
            system,
            str(s["returned"]),
            f"{s['recall']:.3f} ({s['found']}/{s['gold']})",
            f"{s['precision']:.3f}",
            f"{s['direct_only']:.3f}",
            f"{s['in_attribution']:.3f}",
            f"{s['exact_f1']:.3f}",
            f"{s['speaker_accuracy']:.3f}",
            f"{s['seconds']:.2f}",
        )
    out.print(table)
    share = 100 * r["communique"]["seconds"] / r["parse_s"] if r["parse_s"] else 0.0
    out.print(
        f"polnear dev: {r['documents']} articles, parse {r['parse_s']:.1f}s, link {r['link_s']:.1f}s; "
        f"quotes take {share:.1f}% of the parse time"
    )

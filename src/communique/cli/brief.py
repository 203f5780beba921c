"""Command: ``communique brief`` — a self-contained HTML and PDF brief on one organisation or entity."""

from __future__ import annotations

from pathlib import Path

import typer

from communique.cli.app import DbOption, app, err, existing_store, iso_date, out


@app.command()
def brief(
    org: str = typer.Option(
        ..., "--org", help="Organisation or entity: a name, alias or id (csto, CSTO, org:csto)."
    ),
    date_from: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    date_to: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (inclusive)."),
    out_dir: Path = typer.Option(Path("."), "--out", help="Existing folder to write the brief into."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Also print a PDF (headless Chromium)."),
    base_url: str = typer.Option(
        "http://127.0.0.1:8000", help="Workbench address the brief's links open (communique serve)."
    ),
    db: str = DbOption,
) -> None:
    """Who led and chaired, meetings and exercises on a timeline, main quotes, event counts by type
    and month and the actor network, each line linked to its document and sentence."""
    from communique.brief import BriefError, write_brief

    start, end = iso_date(date_from), iso_date(date_to)
    if start > end:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    if not out_dir.is_dir():
        err.print(f"[red]error[/]: no folder {out_dir}: create it first", soft_wrap=True, highlight=False)
        raise typer.Exit(1)
    engine = existing_store(db)
    try:
        with err.status(f"writing the brief on {org} for {start} – {end}"):
            paths = write_brief(engine, org, start, end, out_dir, pdf=pdf, base_url=base_url)
    except BriefError as exc:
        err.print(f"[red]error[/]: {exc}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    for kind, path in paths.items():
        out.print(f"{kind}: {path}", highlight=False, soft_wrap=True)

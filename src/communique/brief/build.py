"""Gather a brief's contents from the knowledge base (through the store's read queries, with the
analyst's corrections applied) and render them as one HTML file, then print it to PDF.

Sections: who led and chaired; meetings, exercises and other events on a timeline; the main
quotes with their sources; event counts by type and month; the actor network. Links point at
the workbench (``base_url``) so every line opens on its document and sentence.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine, select

from communique.api.charts import network_layout, stacked_bars
from communique.store import queries
from communique.store import schema as s
from communique.store.corrections import Corrections

HERE = Path(__file__).resolve().parent
API_TEMPLATES = HERE.parent / "api" / "templates"
STYLES = (HERE.parent / "api" / "static" / "app.css", HERE.parent / "api" / "static" / "brief.css")
# Chromium binaries tried for the PDF, in order.
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
MAX_TIMELINE = 60
MAX_QUOTES = 12
MAX_NETWORK_EDGES = 60
# Event types that are meetings and talks, and those that are exercises and deployments.
MEETING_TYPES = ("CONSULT", "AGREE")
EXERCISE_TYPES = ("MOBILIZE", "COOPERATE", "AID")


class BriefError(Exception):
    """A brief that cannot be made (no such entity, no Chromium for the PDF): one line for the user."""


def brief_data(engine: Engine, entity: str, date_from: str, date_to: str) -> dict[str, Any]:
    """Everything the brief shows for ``entity`` (a name, alias or id) from ``date_from`` to ``date_to``."""
    from communique.api.names import resolve_entity

    with engine.connect() as conn:
        corr = Corrections.load(conn)
        entity_id, _typed = resolve_entity(conn, corr, entity)
        row = queries.entity_row(conn, entity_id) if entity_id else None
        if row is None:
            raise BriefError(f"no entity is called '{entity}' in this knowledge base")
        entity_id = corr.canonical(entity_id) or entity_id
        period = {"date_from": date_from, "date_to": date_to}
        events, n_events = queries.list_events(conn, corr, actor=entity_id, **period, limit=MAX_TIMELINE)
        counts = queries.event_counts_by_date(conn, corr, actor=entity_id, **period)
        graph = queries.actor_network(conn, corr, actor=entity_id, **period, max_edges=MAX_NETWORK_EDGES)
        leaders = _leaders(conn, corr, entity_id, row, date_from, date_to)
        quotes = _main_quotes(conn, corr, entity_id, row.name, events, date_from, date_to)
    events = sorted(events, key=lambda e: (e.get("date") or e.get("when") or "", e["document_id"]))
    return {
        "id": entity_id,
        "name": corr.name(entity_id, row.name),
        "type": row.type,
        "date_from": date_from,
        "date_to": date_to,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "leaders": leaders,
        "timeline": events,
        "events_total": n_events,
        "meetings": [e for e in events if e["type"] in MEETING_TYPES],
        "exercises": [e for e in events if e["type"] in EXERCISE_TYPES],
        "quotes": quotes,
        "counts": _count_table(counts),
        "chart": stacked_bars(counts),
        "network": network_layout(graph, focus=entity_id),
    }


def _in_period(fact: dict[str, Any], date_from: str, date_to: str) -> bool:
    start = fact.get("at") or fact.get("from") or ""
    end = fact.get("at") or fact.get("until") or "9999"
    return (not start or start[: len(date_to)] <= date_to) and end[: len(date_from)] >= date_from[: len(end)]


def _leaders(conn: Any, corr: Corrections, entity_id: str, row: Any, date_from: str, date_to: str) -> dict:
    """Office holders (packs) and what documents say about chairs and secretaries general in the period."""
    roles = [r for r in queries.entity_roles(conn, [entity_id]) if _in_period(r, date_from, date_to)]
    held = conn.execute(select(s.roles).where(s.roles.c.org == entity_id)).mappings().all()
    offices = []
    for r in held:
        period = {"from": r["from_date"], "until": r["until_date"]}
        if _in_period(period, date_from, date_to):
            offices.append({"role": r["role"], "holder": r["entity_id"], **period, "source": r["source"]})
    names = {entity_id, row.name} | set(
        conn.execute(select(s.aliases.c.alias).where(s.aliases.c.entity_id == entity_id)).scalars()
    )
    facts = [
        f for f in queries.organisation_facts(conn, names)
        if f["relation"] in ("chaired_by", "secretary_general") and _in_period(f, date_from, date_to)
    ]  # fmt: skip
    holder_names = queries.entity_names(conn, {o.get("holder") for o in offices})
    for o in offices:
        o["name"] = corr.name(o.get("holder"), holder_names.get(o.get("holder") or "", {}).get("name"))
    return {"roles": roles, "offices": offices, "facts": facts}


def _main_quotes(
    conn: Any, corr: Corrections, entity_id: str, name: str, events: list, date_from: str, date_to: str
) -> list[dict[str, Any]]:
    """Quotes from the documents about the entity in the period, attributed ones first."""
    m = s.mentions.c
    docs = set(conn.execute(select(m.document_id).where(m.entity_id == entity_id).distinct()).scalars())
    docs |= {e["document_id"] for e in events}
    found = []
    for doc in sorted(docs):
        items, _ = queries.list_quotes(
            conn, corr, document_id=doc, date_from=date_from, date_to=date_to, limit=20
        )
        found += items
    found.sort(
        key=lambda q: (q.get("speaker") is None, -(q.get("confidence") or 0), q["document_id"], q["start"])
    )
    return found[:MAX_QUOTES]


def _count_table(counts: list[dict[str, Any]]) -> dict[str, Any]:
    """Events by type (rows) and month (columns); year-only and undated events in their own columns."""
    months = sorted({c["date"] or "undated" for c in counts})
    types = sorted({c["type"] for c in counts})
    cells = {(c["type"], c["date"] or "undated"): c["count"] for c in counts}
    return {
        "months": months,
        "rows": [
            {
                "type": t,
                "cells": [cells.get((t, mo), 0) for mo in months],
                "total": sum(cells.get((t, mo), 0) for mo in months),
            }
            for t in types
        ],  # fmt: skip
        "totals": [sum(cells.get((t, mo), 0) for t in types) for mo in months],
        "total": sum(cells.values()),
    }


def render_html(data: dict[str, Any], base_url: str = "http://127.0.0.1:8000", inline: bool = True) -> str:
    """The brief as HTML without script, links into the workbench at ``base_url``; ``inline`` puts the
    styles in the file (a file to send), else it links the server's stylesheets (the web page)."""
    env = Environment(
        loader=FileSystemLoader([str(HERE / "templates"), str(API_TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = lambda t, n=160: t if t is None or len(t) <= n else t[: n - 1] + "…"
    css = "\n".join(p.read_text(encoding="utf-8") for p in STYLES) if inline else ""
    return env.get_template("brief.html").render(data=data, base=base_url.rstrip("/"), css=css, inline=inline)


def find_chromium() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM) if p), None)


def print_pdf(html_path: Path, pdf_path: Path, timeout: float = 120) -> None:
    """Print the HTML to PDF with headless Chromium (the one the browser tests use)."""
    chromium = find_chromium()
    if chromium is None:
        raise BriefError("no Chromium to print the PDF: apt-get install -y chromium (or use --no-pdf)")
    with tempfile.TemporaryDirectory(prefix="communique-brief-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}",
               "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        raise BriefError(f"Chromium could not print the PDF: {done.stderr.strip().splitlines()[-1:]}")


def write_brief(
    engine: Engine, entity: str, date_from: str, date_to: str, out_dir: Path, *,
    pdf: bool = True, base_url: str = "http://127.0.0.1:8000",
) -> dict[str, Path]:  # fmt: skip
    """Write ``brief-<entity>-<from>-<to>.html`` (and ``.pdf``) into ``out_dir``; RETURNS their paths."""
    if not out_dir.is_dir():
        raise BriefError(f"no folder {out_dir}: create it first")
    data = brief_data(engine, entity, date_from, date_to)
    stem = f"brief-{data['id'].replace(':', '-')}-{date_from}-{date_to}"
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(render_html(data, base_url), encoding="utf-8")
    paths = {"html": html_path}
    if pdf:
        paths["pdf"] = out_dir / f"{stem}.pdf"
        print_pdf(html_path, paths["pdf"])
    return paths

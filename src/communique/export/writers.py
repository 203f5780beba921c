"""One writer per export format; see the package docstring for the list.

Every writer reads through ``communique.store.read`` so an export shows what
the workbench shows: rejected items left out, speakers as set, merged
entities folded, renamed entities under their new names. Files are written
by each format's own library where one exists (pyarrow for CSV and Parquet,
networkx for GraphML and GEXF, followthemoney for FtM).
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from communique.export.ftm import ftm_entities
from communique.store.read import Reader, reading

log = logging.getLogger(__name__)
# Columns of each exported table (long blobs such as the document object go to the jsonl export).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "source", "url", "title", "published", "event_date", "place", "story_id"),
    "entities": ("id", "name", "type", "country", "sector", "provisional", "aliases"),
    "quotes": ("document_id", "speaker_id", "speaker_name", "text", "start", "end", "cue", "confidence"),
    "events": ("id", "document_id", "type", "mode", "cameo", "date", "place", "source_ids", "target_ids",
               "sentence_text", "rule", "confidence"),
    "mentions": ("document_id", "entity_id", "start", "end", "text"),
    "facts": ("document_id", "subject", "relation", "object", "from", "until", "at", "origin"),
}  # fmt: skip


def _table_rows(kb: Reader, name: str) -> Iterator[dict[str, Any]]:
    """Rows of one exported table, flat (lists joined by "|")."""
    if name == "documents":
        yield from kb.document_rows()
    elif name == "entities":
        for e in kb.entities():
            yield {**e, "aliases": "|".join(e["aliases"])}
    elif name == "quotes":
        for q in kb.quotes():
            speaker = q["speaker"] or {}
            yield {**q, "speaker_id": speaker.get("id"), "speaker_name": speaker.get("name")}
    elif name == "events":
        for ev in kb.events():
            yield {**ev, "sentence_text": ev["sentence"]["text"],
                   "source_ids": "|".join(a.get("id") or a["name"] for a in ev["source"]),
                   "target_ids": "|".join(a.get("id") or a["name"] for a in ev["target"])}  # fmt: skip
    elif name == "mentions":
        yield from kb.mentions()
    elif name == "facts":
        yield from kb.facts()


def _arrow_tables(engine: Engine) -> Iterator[tuple[str, Any]]:
    import pyarrow as pa

    with reading(engine) as kb:
        for name, columns in TABLE_COLUMNS.items():
            rows = [{c: row.get(c) for c in columns} for row in _table_rows(kb, name)]
            if rows:
                yield name, pa.Table.from_pylist(rows)
            else:
                yield name, pa.table({c: pa.array([], pa.string()) for c in columns})


def _export_tables(engine: Engine, out: Path, suffix: str, write: Callable[[Any, Path], None]) -> int:
    """One file per table in the folder ``out``; RETURNS the number of rows written."""
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, table in _arrow_tables(engine):
        write(table, out / f"{name}.{suffix}")
        n += table.num_rows
    return n


def export_csv(engine: Engine, out: Path) -> int:
    """A folder with one CSV file per table (pyarrow's writer: RFC 4180 quoting, UTF-8)."""
    import pyarrow.csv as pacsv

    return _export_tables(engine, out, "csv", pacsv.write_csv)


def export_parquet(engine: Engine, out: Path) -> int:
    import pyarrow.parquet as pq

    return _export_tables(engine, out, "parquet", pq.write_table)


def _write_lines(out: Path, records: Iterable[dict[str, Any]]) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def export_jsonl(engine: Engine, out: Path) -> int:
    """One ``communique.document/1`` object per document, as corrected."""
    with reading(engine) as kb:
        return _write_lines(out, kb.documents())


def _first_actor(actors: list[dict] | None) -> dict:
    return (actors or [{}])[0]


def _plover_record(ev: dict[str, Any]) -> dict[str, Any]:
    src, tgt = _first_actor(ev["source"]), _first_actor(ev["target"])
    return {
        "id": f"{ev['document_id']}-{ev['id']}",
        "date": ev["date"],
        "event": ev["type"],
        "mode": ev["mode"],
        "actor1": src.get("name"),
        "actor1_country": src.get("country"),
        "actor1_sector": src.get("sector"),
        "actor2": tgt.get("name"),
        "actor2_country": tgt.get("country"),
        "actor2_sector": tgt.get("sector"),
        "location": ev["place"],
        "text": ev["sentence"]["text"],
        "source": ev["url"] or ev["document_source"],
        "cameo": ev["cameo"],
    }


def export_plover(engine: Engine, out: Path) -> int:
    """PLOVER-style event records: one event per line with actors and provenance."""
    with reading(engine) as kb:
        return _write_lines(out, (_plover_record(ev) for ev in kb.events()))


def _cameo_actor(actor: dict) -> str:
    return (actor.get("country") or "") + (actor.get("sector") or "")


CAMEO_HEADER = ("date", "source", "target", "cameo", "source_name", "target_name", "plover", "place",
                "sentence", "url")  # fmt: skip


def export_cameo(engine: Engine, out: Path) -> int:
    """Tab-separated CAMEO data: date, source code, target code, event code, names, sentence."""
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh, reading(engine) as kb:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(CAMEO_HEADER)
        for ev in kb.events():
            src, tgt = _first_actor(ev["source"]), _first_actor(ev["target"])
            writer.writerow(
                (ev["date"] or "", _cameo_actor(src), _cameo_actor(tgt), ev["cameo"] or "",
                 src.get("name") or "", tgt.get("name") or "", ev["type"], ev["place"] or "",
                 " ".join(ev["sentence"]["text"].split()), ev["url"] or ev["document_source"])
            )  # fmt: skip
            n += 1
    return n


def actor_network(engine: Engine):  # noqa: ANN201 (networkx.Graph)
    """Actors as nodes; an edge for every pair in the same event, weighted by shared events."""
    import networkx as nx

    with reading(engine) as kb:
        net = kb.network()
    graph = nx.Graph()
    for node in net["nodes"]:
        graph.add_node(node["id"], label=node["name"], weight=node["weight"])
    for edge in net["edges"]:
        graph.add_edge(edge["source"], edge["target"], weight=edge["weight"])
    return graph


def export_graphml(engine: Engine, out: Path) -> int:
    import networkx as nx

    graph = actor_network(engine)
    nx.write_graphml(graph, out)
    return graph.number_of_nodes()


def export_gexf(engine: Engine, out: Path) -> int:
    import networkx as nx

    graph = actor_network(engine)
    nx.write_gexf(graph, out)
    return graph.number_of_nodes()


def export_ftm(engine: Engine, out: Path) -> int:
    """FollowTheMoney entities (one JSON object per line), loadable into Aleph: people,
    organisations and countries, the documents, and each mention linking the two."""
    with reading(engine) as kb:
        return _write_lines(out, (e.to_dict() for e in ftm_entities(kb)))


Exporter = Callable[[Engine, Path], int]
EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "csv": export_csv,
    "parquet": export_parquet,
    "plover": export_plover,
    "cameo": export_cameo,
    "graphml": export_graphml,
    "gexf": export_gexf,
    "ftm": export_ftm,
}


def export(engine: Engine, fmt: str, out: Path) -> int:
    """Write the knowledge base in ``fmt`` to ``out``; returns the number of records written."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORTERS)}")
    n = EXPORTERS[fmt](engine, out)
    log.debug("export %s: %d record(s) to %s", fmt, n, out)
    return n

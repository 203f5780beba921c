"""One writer per export format; see the package docstring for the list."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path

from sqlalchemy import Engine, select

from communique.store import schema as s

# Tables exported to CSV and Parquet, with the columns analysts need (long
# blobs such as the stored contract object are left to the jsonl export).
TABLE_COLUMNS = {
    "documents": ("id", "source", "url", "title", "published", "event_date", "place", "story_id"),
    "entities": ("id", "name", "type", "country", "sector", "provisional"),
    "quotes": ("document_id", "speaker_id", "speaker_name", "text", "start", "end", "cue", "confidence"),
    "events": (
        "id",
        "document_id",
        "type",
        "mode",
        "cameo",
        "date",
        "place",
        "sentence_text",
        "rule",
        "confidence",
    ),
    "facts": ("document_id", "subject", "relation", "object", "from_date", "until_date", "at_date", "origin"),
}
# FollowTheMoney schema for each entity type of ours.
FTM_SCHEMA = {
    "person": "Person",
    "organization": "Organization",
    "body": "PublicBody",
    "country": "PublicBody",
}


def _rows(engine: Engine, table_name: str) -> Iterator[dict]:
    table = s.metadata.tables[table_name]
    columns = [table.c[name] for name in TABLE_COLUMNS[table_name]]
    with engine.connect() as conn:
        for row in conn.execute(select(*columns)):
            yield dict(row._mapping)


def export_jsonl(engine: Engine, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh, engine.connect() as conn:
        for (contract,) in conn.execute(select(s.documents.c.contract).order_by(s.documents.c.id)):
            fh.write(json.dumps(contract, ensure_ascii=False) + "\n")
            n += 1
    return n


def export_csv(engine: Engine, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, columns in TABLE_COLUMNS.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for row in _rows(engine, name):
                writer.writerow(row)
                n += 1
    return n


def export_parquet(engine: Engine, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, columns in TABLE_COLUMNS.items():
        rows = list(_rows(engine, name))
        table = (
            pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
        )
        pq.write_table(table, out / f"{name}.parquet")
        n += len(rows)
    return n


def _events(engine: Engine) -> Iterator[dict]:
    e, d = s.events, s.documents
    query = select(e, d.c.url, d.c.source, d.c.published).join(d, d.c.id == e.c.document_id).order_by(e.c.id)
    with engine.connect() as conn:
        for row in conn.execute(query):
            yield dict(row._mapping)


def _first_actor(actors: list[dict] | None) -> dict:
    return (actors or [{}])[0]


def export_plover(engine: Engine, out: Path) -> int:
    """PLOVER-style event records: one event per line with actors and provenance."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for ev in _events(engine):
            src, tgt = _first_actor(ev["source_json"]), _first_actor(ev["target_json"])
            record = {
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
                "text": ev["sentence_text"],
                "source": ev["url"] or ev["source"],
                "cameo": ev["cameo"],
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _cameo_actor(actor: dict) -> str:
    return (actor.get("country") or "") + (actor.get("sector") or "")


def export_cameo(engine: Engine, out: Path) -> int:
    """Tab-separated CAMEO data: date, source code, target code, event code, names, sentence."""
    header = (
        "date",
        "source",
        "target",
        "cameo",
        "source_name",
        "target_name",
        "plover",
        "place",
        "sentence",
        "url",
    )
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        for ev in _events(engine):
            src, tgt = _first_actor(ev["source_json"]), _first_actor(ev["target_json"])
            writer.writerow(
                (
                    ev["date"] or "",
                    _cameo_actor(src),
                    _cameo_actor(tgt),
                    ev["cameo"] or "",
                    src.get("name") or "",
                    tgt.get("name") or "",
                    ev["type"],
                    ev["place"] or "",
                    " ".join(ev["sentence_text"].split()),
                    ev["url"] or ev["source"],
                )
            )
            n += 1
    return n


def actor_network(engine: Engine):  # noqa: ANN201 (networkx.Graph)
    """Actors as nodes; an edge for every pair that took part in the same event, weighted by events."""
    import networkx as nx

    weights: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {}
    for ev in _events(engine):
        actors = {}
        for actor in (ev["source_json"] or []) + (ev["target_json"] or []):
            key = actor.get("id") or f"{actor.get('country') or ''}:{actor.get('name')}"
            actors[key] = actor.get("name") or key
        names.update(actors)
        for a, b in combinations(sorted(actors), 2):
            weights[(a, b)] += 1
    graph = nx.Graph()
    for key, name in names.items():
        graph.add_node(key, label=name)
    for (a, b), w in weights.items():
        graph.add_edge(a, b, weight=w)
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
    """FollowTheMoney entities (one JSON object per line), loadable into Aleph."""
    n = 0
    with out.open("w", encoding="utf-8") as fh, engine.connect() as conn:
        aliases: dict[str, list[str]] = {}
        for entity_id, alias in conn.execute(select(s.aliases.c.entity_id, s.aliases.c.alias)):
            aliases.setdefault(entity_id, []).append(alias)
        for row in conn.execute(select(s.entities)):
            schema = FTM_SCHEMA.get(row.type)
            if schema is None:
                continue
            props: dict[str, list[str]] = {"name": [row.name]}
            if aliases.get(row.id):
                props["alias"] = sorted(set(aliases[row.id]) - {row.name})
            if row.country:
                props["nationality" if schema == "Person" else "jurisdiction"] = [row.country.lower()]
            fh.write(
                json.dumps({"id": row.id, "schema": schema, "properties": props}, ensure_ascii=False) + "\n"
            )
            n += 1
    return n


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
    return EXPORTERS[fmt](engine, out)

"""Every export format round-trips what the store holds, on SQLite and on PostgreSQL, read back with
the library its users use (json, pyarrow, networkx, followthemoney)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from followthemoney import model

from communique.export import EXPORTERS, export
from communique.model import Actor, Document, Entity, Event, Mention, RawDocument, Span
from communique.store import open_store, save_documents
from communique.store.writer import upsert_entity

SENTENCE = "Belarus and Russia signed a treaty with Kazakhstan in Minsk."


@pytest.fixture()
def engine(store_url: str):  # noqa: ANN201 (a SQLAlchemy engine on SQLite, then on PostgreSQL)
    engine = open_store(store_url)
    doc = Document(raw=RawDocument(source="s.txt", text=SENTENCE), text=SENTENCE, title="Treaty")
    doc.entities = [Entity("country:BLR", "Belarus", "country", "BLR", mentions=[Mention(0, 7, "Belarus")])]
    actors = [Actor("country:BLR", "Belarus", "BLR", "GOV"), Actor("country:RUS", "Russia", "RUS", "GOV")]
    doc.events = [
        Event(
            "AGREE",
            Span(0, len(SENTENCE), SENTENCE),
            cameo="057",
            date="2021-04-02",
            source=actors,
            target=[Actor("country:KAZ", "Kazakhstan", "KAZ", "GOV")],
        )
    ]
    save_documents(engine, [doc])
    with engine.begin() as conn:
        upsert_entity(conn, Entity("person:x", "Ann Example", "person", "BLR"), "pack")
    yield engine
    engine.dispose()


def test_export_every_format_writes_records(engine, tmp_path: Path) -> None:  # noqa: ANN001
    for fmt in EXPORTERS:
        assert export(engine, fmt, tmp_path / f"out.{fmt}") > 0, fmt


def test_export_cameo_and_plover_rows(engine, tmp_path: Path) -> None:  # noqa: ANN001
    export(engine, "cameo", tmp_path / "e.tsv")
    rows = list(csv.DictReader((tmp_path / "e.tsv").open(), delimiter="\t"))
    assert [(r["date"], r["source"], r["target"], r["cameo"], r["plover"]) for r in rows] == [
        ("2021-04-02", "BLRGOV", "KAZGOV", "057", "AGREE")
    ]
    export(engine, "plover", tmp_path / "e.jsonl")
    [record] = [json.loads(line) for line in (tmp_path / "e.jsonl").open()]
    assert (record["event"], record["actor1_country"], record["actor2"]) == ("AGREE", "BLR", "Kazakhstan")


def test_export_network_weights_co_actors(engine, tmp_path: Path) -> None:  # noqa: ANN001
    export(engine, "graphml", tmp_path / "g.graphml")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert sorted(graph.nodes) == ["country:BLR", "country:KAZ", "country:RUS"]
    assert graph.edges["country:BLR", "country:KAZ"]["weight"] == 1


def test_export_tables_and_ftm(engine, tmp_path: Path) -> None:  # noqa: ANN001
    export(engine, "parquet", tmp_path / "pq")
    assert pq.read_table(tmp_path / "pq" / "events.parquet").column("type").to_pylist() == ["AGREE"]
    export(engine, "ftm", tmp_path / "ftm.jsonl")
    proxies = [model.get_proxy(json.loads(x)) for x in (tmp_path / "ftm.jsonl").open()]
    people = [p.to_dict() for p in proxies if p.schema.name == "Person"]
    # FollowTheMoney's country codes are ISO 3166-1 alpha-2, lower case: "by", not "blr"
    assert people == [
        {"id": "person-x", "schema": "Person", "properties": {"name": ["Ann Example"], "nationality": ["by"]}}
    ]
    [document] = [p for p in proxies if p.schema.name == "Document"]
    assert document.get("title") == ["Treaty"] and document.get("bodyText") == [SENTENCE]
    [mention] = [p for p in proxies if p.schema.name == "Mention"]
    assert mention.get("document") == [document.id] and mention.get("resolved") == ["country-BLR"]
    assert mention.get("name") == ["Belarus"]
    [event] = [p for p in proxies if p.schema.name == "Event"]
    assert event.get("proof") == [document.id] and event.get("date") == ["2021-04-02"]
    # participants are references: only entities the export holds (Russia and Kazakhstan are not stored)
    assert event.get("involved") == ["country-BLR"] and event.get("organizer") == ["country-BLR"]
    export(engine, "jsonl", tmp_path / "docs.jsonl")
    [doc] = [json.loads(x) for x in (tmp_path / "docs.jsonl").open()]
    assert doc["schema"] == "communique.document/1" and doc["text"] == SENTENCE


def test_export_csv_and_gexf_read_back(engine, tmp_path: Path) -> None:  # noqa: ANN001
    import pyarrow.csv as pacsv

    export(engine, "csv", tmp_path / "csv")
    events = pacsv.read_csv(tmp_path / "csv" / "events.csv").to_pylist()
    assert [(e["type"], e["source_ids"], e["target_ids"]) for e in events] == [
        ("AGREE", "country:BLR|country:RUS", "country:KAZ")
    ]
    with (tmp_path / "csv" / "mentions.csv").open(newline="") as fh:
        assert [(r["entity_id"], r["text"]) for r in csv.DictReader(fh)] == [("country:BLR", "Belarus")]
    export(engine, "gexf", tmp_path / "g.gexf")
    graph = nx.read_gexf(tmp_path / "g.gexf")
    assert graph.number_of_edges() == 3 and graph.nodes["country:KAZ"]["label"] == "Kazakhstan"


def test_export_unknown_format(engine, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="unknown format 'xls'"):
        export(engine, "xls", tmp_path / "x")

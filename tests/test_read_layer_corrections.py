"""One correction of each kind reaches every output: the API and pages, the CLI commands,
every export format and the stories report (they all read through ``communique.store.read``)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from followthemoney import model
from typer.testing import CliRunner

from communique.api import create_app
from communique.cli import app
from communique.export import export
from communique.model import Actor, Document, Entity, Event, Mention, Quote, RawDocument, Span
from communique.store import open_store, save_documents
from communique.store.corrections import add_correction, event_key, mention_key, quote_key
from communique.stories.persist import update_story_tables as update_stories
from communique.stories.report import read_stories
from tests.backends import BACKENDS, fresh_store

# Our own words: two events, two quotes, five entities.
AGREE = "Belarus and Russia signed a treaty with Kazakhstan in Minsk."
SAID = ' "We are ready," said Makei. "Not yet," said Lavrov.'
CONSULT = " Russia met Armenia in Yerevan."
TEXT = AGREE + SAID + CONSULT
BLR, RUS, KAZ, ARM = "country:BLR", "country:RUS", "country:KAZ", "country:ARM"
MAKEI, LAVROV = "person:vladimir-makei", "person:sergei-lavrov"


def _span(part: str, inside: str = TEXT) -> Span:
    start = inside.index(part)
    return Span(start, start + len(part), part)


def _mention(word: str, after: int = 0) -> Mention:
    start = TEXT.index(word, after)
    return Mention(start, start + len(word), word)


def _document() -> Document:
    doc = Document(
        raw=RawDocument(source="corr.txt", text=TEXT), text=TEXT, title="Treaty", event_date="2021-04-02"
    )
    russia2 = TEXT.index("Russia met")
    doc.entities = [
        Entity(BLR, "Belarus", "country", "BLR", mentions=[_mention("Belarus")]),
        Entity(RUS, "Russia", "country", "RUS", mentions=[_mention("Russia"), _mention("Russia", russia2)]),
        Entity(KAZ, "Kazakhstan", "country", "KAZ", mentions=[_mention("Kazakhstan")]),
        Entity(MAKEI, "Vladimir Makei", "person", "BLR", mentions=[_mention("Makei")]),
        Entity(LAVROV, "Sergei Lavrov", "person", "RUS", mentions=[_mention("Lavrov")]),
    ]
    ready, not_yet = _span('"We are ready,"'), _span('"Not yet,"')
    doc.quotes = [
        Quote(ready.text, ready.start, ready.end, Actor(MAKEI, "Vladimir Makei"), cue="said"),
        Quote(not_yet.text, not_yet.start, not_yet.end, Actor(LAVROV, "Sergei Lavrov"), cue="said"),
    ]
    blr, rus = Actor(BLR, "Belarus", "BLR", "GOV"), Actor(RUS, "Russia", "RUS", "GOV")
    doc.events = [
        Event("AGREE", _span(AGREE), cameo="057", date="2021-04-02", place="Minsk", source=[blr, rus],
              target=[Actor(KAZ, "Kazakhstan", "KAZ", "GOV")]),
        Event("CONSULT", _span(CONSULT.strip()), cameo="040", date="2021-04-02", place="Yerevan",
              source=[rus], target=[Actor(ARM, "Armenia", "ARM", "GOV")]),
    ]  # fmt: skip
    return doc


@pytest.fixture(scope="module", params=BACKENDS)
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A knowledge base with one correction of each kind, on SQLite and on PostgreSQL."""
    server = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with fresh_store(request.param, tmp_path_factory.mktemp("corr"), server) as url:
        yield from _corrected(url)


def _corrected(path: str) -> Iterator[str]:
    engine = open_store(path)
    doc = _document()
    save_documents(engine, [doc])
    update_stories(engine, [doc])
    consult, (ready, not_yet) = doc.events[1], doc.quotes
    kaz = doc.entities[2].mentions[0]
    add_correction(engine, "reject", event_key(doc.id, consult.sentence.start, "CONSULT"))
    add_correction(engine, "reject", quote_key(doc.id, not_yet.start, not_yet.end))
    add_correction(engine, "reject", mention_key(doc.id, kaz.start, kaz.end))
    add_correction(engine, "set_speaker", quote_key(doc.id, ready.start, ready.end), {"speaker_id": LAVROV})
    add_correction(engine, "merge_entities", f"entity:{KAZ}", {"into": RUS})
    add_correction(engine, "rename_entity", f"entity:{BLR}", {"name": "Republic of Belarus"})
    engine.dispose()
    yield path


def _check_event(ev_type: str, source: list[str], target: list[str]) -> None:
    assert (ev_type, source, target) == ("AGREE", ["Republic of Belarus", "Russia"], ["Russia"])


def test_api_applies_every_correction(kb: str) -> None:
    client = TestClient(create_app(kb))
    [ev] = client.get("/api/events").json()["items"]
    _check_event(ev["type"], [a["name"] for a in ev["source"]], [a["name"] for a in ev["target"]])
    quotes = client.get("/api/quotes").json()
    assert quotes["speakers"] == [{"id": LAVROV, "name": "Sergei Lavrov", "count": 1}]  # the filter list too
    [quote] = quotes["items"]
    assert (quote["text"], quote["speaker"]["id"]) == ('"We are ready,"', LAVROV)
    profile = client.get(f"/api/entities/{KAZ}").json()
    assert (profile["id"], profile["merged_from"]) == (RUS, [KAZ])
    assert client.get(f"/api/entities/{BLR}").json()["name"] == "Republic of Belarus"
    doc_id = _document().id
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert "Kazakhstan" not in {m["text"] for m in doc["mentions"]}
    assert [e["type"] for e in doc["events"]] == ["AGREE"] and len(doc["quotes"]) == 1
    story = client.get(f"/api/stories/{doc['story']['id']}").json()
    assert [e["type"] for e in story["events"]] == ["AGREE"]
    graph = client.get("/api/network").json()
    assert {n["name"] for n in graph["nodes"]} == {"Republic of Belarus", "Russia"}


def test_cli_commands_apply_every_correction(kb: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--json", "--db", kb])
    assert result.exit_code == 0, result.output
    [ev] = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    _check_event(ev["type"], [a["name"] for a in ev["source"]], [a["name"] for a in ev["target"]])
    result = runner.invoke(app, ["quotes", "--json", "--db", kb])
    assert result.exit_code == 0, result.output
    [quote] = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert quote["speaker"] == {"id": LAVROV, "name": "Sergei Lavrov"}
    result = runner.invoke(app, ["entity", KAZ, "--db", kb])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Russia (country:RUS)") and f"merged from: {KAZ}" in result.output
    result = runner.invoke(app, ["entity", "Republic of Belarus", "--db", kb])
    assert result.exit_code == 0, result.output
    assert "Republic of Belarus" in result.output.splitlines()[0]
    result = runner.invoke(app, ["stories", "--db", kb])
    assert result.exit_code == 0, result.output
    assert "AGREE" in result.output and "CONSULT" not in result.output


def test_stories_report_applies_corrections(kb: str) -> None:
    [story] = read_stories(open_store(kb, create=False))
    [ev] = story["events"]
    assert ev["type"] == "AGREE"
    assert [a["name"] for a in ev["actors"]] == ["Republic of Belarus", "Russia"]


def test_every_export_applies_every_correction(kb: str, tmp_path: Path) -> None:
    engine = open_store(kb, create=False)
    for fmt in ("jsonl", "csv", "parquet", "plover", "cameo", "graphml", "gexf", "ftm"):
        export(engine, fmt, tmp_path / fmt)
    [doc] = [json.loads(x) for x in (tmp_path / "jsonl").open()]
    assert [e["type"] for e in doc["events"]] == ["AGREE"]
    assert [(q["text"], q["speaker"]["id"]) for q in doc["quotes"]] == [('"We are ready,"', LAVROV)]
    assert {e["id"]: e["name"] for e in doc["entities"]}[BLR] == "Republic of Belarus"
    assert KAZ not in {e["id"] for e in doc["entities"]}
    for table in ("csv", "parquet"):
        read = (lambda n: list(csv.DictReader((tmp_path / "csv" / f"{n}.csv").open()))) if table == "csv" else (
            lambda n: pq.read_table(tmp_path / "parquet" / f"{n}.parquet").to_pylist()
        )  # fmt: skip
        assert [e["type"] for e in read("events")] == ["AGREE"], table
        assert [q["speaker_id"] for q in read("quotes")] == [LAVROV], table
        names = {e["id"]: e["name"] for e in read("entities")}
        assert KAZ not in names and names[BLR] == "Republic of Belarus", table
        assert "Kazakhstan" not in {m["text"] for m in read("mentions")}, table
    [plover] = [json.loads(x) for x in (tmp_path / "plover").open()]
    assert (plover["event"], plover["actor1"], plover["actor2"]) == ("AGREE", "Republic of Belarus", "Russia")
    cameo = list(csv.DictReader((tmp_path / "cameo").open(), delimiter="\t"))
    assert [(r["plover"], r["source_name"], r["target_name"]) for r in cameo] == [
        ("AGREE", "Republic of Belarus", "Russia")
    ]
    for graph in (nx.read_graphml(tmp_path / "graphml"), nx.read_gexf(tmp_path / "gexf")):
        assert {graph.nodes[n]["label"] for n in graph.nodes} == {"Republic of Belarus", "Russia"}
    proxies = [model.get_proxy(json.loads(x)) for x in (tmp_path / "ftm").open()]
    names = {p.first("name") for p in proxies if p.schema.name in ("Person", "PublicBody")}
    assert "Republic of Belarus" in names and "Kazakhstan" not in names
    assert "Kazakhstan" not in {p.first("name") for p in proxies if p.schema.name == "Mention"}
    [event] = [p for p in proxies if p.schema.name == "Event"]  # the rejected CONSULT is not exported
    assert event.first("name").startswith("AGREE") and sorted(event.get("involved")) == [
        "country-BLR",
        "country-RUS",
    ]

"""Names where ids were needed: filters, the entity search and the suggestions endpoint take a
name, an alias or a transliteration, over the seeds' knowledge base."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.api.names import fold
from tests import kb_fixture

LUKASHENKO = "person:alexander-lukashenko"
ZELENSKY = "person:volodymyr-zelensky"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("  Lukashénka-Jr. ") == "lukashenka jr"


@pytest.mark.parametrize("name", ["Lukashenko", "lukashenka", "Alyaksandr Lukashenka", LUKASHENKO])
def test_quotes_by_speaker_name(client: TestClient, name: str) -> None:
    by_id = client.get("/api/quotes", params={"speaker": LUKASHENKO}).json()
    by_name = client.get("/api/quotes", params={"speaker": name}).json()
    assert by_id["total"] > 0
    assert by_name["total"] == by_id["total"]
    assert by_name["query"]["speaker"] == LUKASHENKO


def test_events_by_actor_name(client: TestClient) -> None:
    by_id = client.get("/api/events", params={"actor": "org:csto"}).json()
    by_name = client.get("/api/events", params={"actor": "CSTO"}).json()
    assert by_id["total"] > 0 and by_name["total"] == by_id["total"]
    page = client.get("/events", params={"actor": "CSTO"})
    assert page.status_code == 200 and "Collective Security Treaty Organization" in page.text


def test_unknown_name_says_so(client: TestClient) -> None:
    body = client.get("/api/quotes", params={"speaker": "Nobody Atall"}).json()
    assert body["total"] == 0 and body["query"]["unresolved"] == "Nobody Atall"
    assert "No entity is called" in client.get("/quotes", params={"speaker": "Nobody Atall"}).text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Lukashenka", LUKASHENKO), ("Zelenskyy", ZELENSKY), ("Zelenskyi", ZELENSKY), ("CSTO", "org:csto")],
)
def test_entity_search_reads_aliases_and_transliterations(
    client: TestClient, typed: str, expected: str
) -> None:
    body = client.get("/api/entities", params={"q": typed}).json()
    assert body["items"] and body["items"][0]["id"] == expected


def test_suggestions_as_you_type(client: TestClient) -> None:
    body = client.get("/api/suggest", params={"q": "lukash"}).json()
    assert body["ok"] and body["items"][0]["id"] == LUKASHENKO
    people = client.get("/api/suggest", params={"q": "ze", "type": "person"}).json()["items"]
    assert people and all(p["type"] == "person" for p in people)
    assert ZELENSKY in [p["id"] for p in people]
    assert client.get("/api/suggest", params={"q": "x" * 201}).status_code == 400

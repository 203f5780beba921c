"""Document, entity, quote, event, story, network and organisation pages over the seeds'
knowledge base: HTML pages, their JSON twins and the /api endpoints agree."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from tests import kb_fixture

LUKASHENKO = "person:alexander-lukashenko"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    return kb_fixture.seed_ids()


def test_document_offsets_point_into_the_text(client: TestClient, ids: dict[str, str]) -> None:
    doc = client.get(f"/api/documents/{ids['002_46537543d1896dfd.txt']}").json()
    assert doc["ok"] is True and doc["title"] and doc["text"]
    assert doc["mentions"] and doc["quotes"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    for q in doc["quotes"]:
        assert q["key"] == f"quote:{doc['id']}:{q['start']}:{q['end']}"
    for e in doc["events"]:
        assert doc["text"][e["sentence"]["start"] : e["sentence"]["end"]] == e["sentence"]["text"]


def test_document_json_twin_and_api_agree(client: TestClient, ids: dict[str, str]) -> None:
    doc_id = ids["000_a5a82edc6cfc5c2a.txt"]
    assert client.get(f"/documents/{doc_id}.json").json() == client.get(f"/api/documents/{doc_id}").json()


def test_document_page_highlights_and_shows_story(client: TestClient, ids: dict[str, str]) -> None:
    doc_id = ids["000_a5a82edc6cfc5c2a.txt"]
    html = client.get(f"/documents/{doc_id}").text
    assert 'class="badge speaker"' in html and "mention" in html
    assert "Removed from the text" in html
    sibling = ids["001_4a0eafa0af06f748.txt"]
    assert f"/documents/{sibling}" in html  # the other report of the same session


def test_unknown_document_is_404_in_both_forms(client: TestClient) -> None:
    assert client.get("/documents/ffff").status_code == 404
    r = client.get("/api/documents/ffff")
    assert r.status_code == 404 and r.json()["ok"] is False


def test_entity_profile_has_aliases_quotes_and_coactors(client: TestClient) -> None:
    body = client.get(f"/api/entities/{LUKASHENKO}").json()
    assert body["name"] == "Alexander Lukashenko"
    assert any(a["alias"] == "Lukashenko" for a in body["aliases"])
    assert body["quotes_total"] == len(body["quotes"]) > 0
    assert all(q["speaker"]["id"] == LUKASHENKO for q in body["quotes"])
    assert body["documents"]
    html = client.get(f"/entities/{LUKASHENKO}").text
    assert "Roles over time" in html and "Most often with" in html


def test_entities_index_lists_most_mentioned(client: TestClient) -> None:
    body = client.get("/api/entities", params={"type": "person", "limit": 5}).json()
    assert body["ok"] and len(body["items"]) <= 5 and body["total"] >= len(body["items"])
    counts = [i["mentions"] for i in body["items"]]
    assert counts == sorted(counts, reverse=True)


def test_quotes_filter_by_speaker_words_and_dates(client: TestClient) -> None:
    everyone = client.get("/api/quotes", params={"limit": 200}).json()
    his = client.get("/api/quotes", params={"speaker": LUKASHENKO, "limit": 200}).json()
    assert 0 < his["total"] < everyone["total"] or his["total"] == everyone["total"] > 0
    assert all(q["speaker"]["id"] == LUKASHENKO for q in his["items"])
    in_2012 = client.get("/api/quotes", params={"speaker": LUKASHENKO, "from": "2012", "to": "2012"}).json()
    assert all(q["date"].startswith("2012") for q in in_2012["items"])
    word = his["items"][0]["text"].split()[0].strip('"“,.;:')
    worded = client.get("/api/quotes", params={"speaker": LUKASHENKO, "q": word}).json()
    assert worded["total"] >= 1
    assert client.get("/api/quotes", params={"from": "May 2012"}).status_code == 400


def test_events_filter_by_actor_and_type(client: TestClient) -> None:
    body = client.get("/api/events", params={"type": "CONSULT", "limit": 200}).json()
    assert body["total"] > 0 and {e["type"] for e in body["items"]} == {"CONSULT"}
    mine = client.get("/api/events", params={"actor": LUKASHENKO, "limit": 200}).json()
    for e in mine["items"]:
        assert LUKASHENKO in {a["id"] for a in e["source"] + e["target"]}
    assert client.get("/api/events", params={"type": "PARTY"}).status_code == 400
    assert "<svg" in client.get("/events", params={"actor": LUKASHENKO}).text


def test_stories_list_and_story_page(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert body["ok"] and body["total"] >= 1
    story = max(body["items"], key=lambda s: s["documents"])
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert len(detail["documents"]) == story["documents"]
    assert client.get(f"/stories/{story['id']}").status_code == 200


def test_network_edges_join_actors_of_one_event(client: TestClient) -> None:
    body = client.get("/api/network").json()
    ids = {n["id"] for n in body["nodes"]}
    assert body["edges"] and all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    html = client.get("/network").text
    assert "<circle" in html


def test_organisation_page_renders(client: TestClient) -> None:
    assert client.get("/organisations/org:csto").status_code == 200
    assert client.get("/api/organisations/org:csto").json()["ok"] is True
    assert client.get("/api/organisations/country:BLR").status_code == 404


def test_docs_are_served_offline(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "http://" not in html and "https://" not in html
    assert client.get("/openapi.json").json()["paths"]["/api/search"]
    for page in ("/", "/search", "/quotes", "/events", "/network", "/stories", "/entities", "/corrections"):
        text = client.get(page).text
        assert "https://" not in text.split("</header>")[0], page

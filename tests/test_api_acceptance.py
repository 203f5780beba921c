"""What the workbench must show for the seeds once every stage is in place: the CSTO's
members, chairs and secretaries general with their sources, all of Lukashenko's quotes,
and the May 2012 Moscow session as one event with two sources."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from tests import kb_fixture

LUKASHENKO = "person:alexander-lukashenko"
CSTO_MEMBERS = {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


@pytest.fixture(scope="module")
def csto(client: TestClient) -> dict:
    r = client.get("/api/organisations/org:csto")
    assert r.status_code == 200
    return r.json()


def test_acceptance_csto_members(csto: dict) -> None:
    current = {m["name"] for m in csto["members"] if m["current"]}
    assert CSTO_MEMBERS <= current
    for m in csto["members"]:
        assert m["spells"] or m["text"], m["name"]
        assert all(sp["source"] for sp in m["spells"]), m["name"]


@pytest.mark.parametrize(("year", "chair"), [(2023, "Belarus"), (2024, "Kazakhstan")])
def test_acceptance_csto_chair_by_year(csto: dict, year: int, chair: str) -> None:
    row = next(r for r in csto["chairs"] if r["year"] == year)
    assert chair in {p.get("name") or p.get("object") for p in row["pack"]}
    assert all(p.get("source") or p.get("origin") for p in row["pack"])
    texts = [f for f in row["text"] if f["object"] == chair]
    assert texts, f"no document states the {year} chair"
    assert all(f["sentence"] and f["document_id"] for f in texts)
    assert not any(f["disagrees_with_pack"] for f in texts)


@pytest.mark.parametrize("name", ["Stanislav Zas", "Imangali Tasmagambetov"])
def test_acceptance_csto_secretaries_general(csto: dict, name: str) -> None:
    person = next(p for p in csto["secretaries_general"] if p["name"] == name)
    assert person["pack"] and all(sp["source"] for sp in person["pack"])
    assert person["text"] and all(f["sentence"] and f["document_id"] for f in person["text"])


def test_acceptance_csto_page_shows_sources(client: TestClient) -> None:
    html = client.get("/organisations/org:csto").text
    for needle in (
        "Belarus",
        "Kazakhstan",
        "Stanislav Zas",
        "Imangali Tasmagambetov",
        "src pack",
        "src text",
    ):
        assert needle in html


def test_acceptance_lukashenko_quotes_from_all_five_documents(client: TestClient) -> None:
    body = client.get(f"/api/entities/{LUKASHENKO}").json()
    docs = {q["document_id"] for q in body["quotes"]}
    assert docs == set(kb_fixture.seed_ids().values())


def test_acceptance_may_2012_session_once_with_two_sources(client: TestClient) -> None:
    ids = kb_fixture.seed_ids()
    pair = {ids["000_a5a82edc6cfc5c2a.txt"], ids["001_4a0eafa0af06f748.txt"]}
    stories = client.get("/api/stories", params={"limit": 200}).json()["items"]
    details = [client.get(f"/api/stories/{s['id']}").json() for s in stories]
    story = [d for d in details if pair <= {doc["id"] for doc in d["documents"]}]
    assert len(story) == 1 and {doc["id"] for doc in story[0]["documents"]} == pair
    sessions = [
        e for e in story[0]["events"]
        if e["type"] == "CONSULT" and (e["date"] or "").startswith("2012-05")
        and {m["document_id"] for m in e["sources"]} == pair
    ]  # fmt: skip
    assert len(sessions) == 1

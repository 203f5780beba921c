"""Search over the seeds' knowledge base: hits, facets, histogram, pagination, and query syntax."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.store.search import QueryError, parse_query, to_fts5
from tests import kb_fixture


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(kb_fixture.seed_kb_path()))


def test_search_finds_documents_quotes_and_events(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Lukashenko", "limit": 200}).json()
    assert body["ok"] is True
    kinds = {f["value"]: f["count"] for f in body["facets"]["kind"]}
    assert kinds["document"] >= 5
    assert kinds.get("quote", 0) > 0 or kinds.get("event", 0) > 0
    assert body["total"] == sum(kinds.values()) == len(body["items"])
    for item in body["items"]:
        assert item["url"].startswith("/documents/")
        assert item["kind"] in ("document", "quote", "event")
    assert body["histogram"] and all(len(b["month"]) == 7 for b in body["histogram"])


def test_search_kind_and_year_filters_narrow_results(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "CSTO"}).json()
    docs = client.get("/api/search", params={"q": "CSTO", "kind": "document", "limit": 200}).json()
    assert {i["kind"] for i in docs["items"]} == {"document"}
    assert docs["total"] < everything["total"]
    in_2012 = client.get("/api/search", params={"q": "CSTO", "kind": "document", "year": "2012"}).json()
    assert in_2012["total"] == 2  # the two reports of the May 2012 council session
    assert all(i["date"].startswith("2012") for i in in_2012["items"])


def test_search_pages_with_next(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "CSTO", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["total"] > 2
    assert first["next"] is not None and "after=" in first["next"] and "offset=" not in first["next"]
    second = client.get(first["next"]).json()
    assert second["offset"] == 2
    assert {(i["kind"], i["id"]) for i in first["items"]}.isdisjoint(
        {(i["kind"], i["id"]) for i in second["items"]}
    )


def test_search_json_twin_matches_api(client: TestClient) -> None:
    api = client.get("/api/search", params={"q": "security"}).json()
    twin = client.get("/search.json", params={"q": "security"}).json()
    assert twin["items"] == api["items"] and twin["total"] == api["total"]


def test_search_page_renders_facets_and_histogram(client: TestClient) -> None:
    html = client.get("/search", params={"q": "Minsk"}).text
    assert "<svg" in html and "Kind" in html and "<mark>" in html


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ('"collective security', "closing double quote"),
        ("treaty OR", "ends with 'OR'"),
        ("OR treaty", "needs a word on each side"),
        ("(treaty", "not closed"),
        ("treaty)", "no matching '('"),
        ("NOT treaty", "at least one word"),
        ("-treaty", "at least one word"),
        ("!!! ---", "no words"),
    ],
)
def test_search_malformed_query_is_a_helpful_400(client: TestClient, query: str, hint: str) -> None:
    for path in ("/api/search", "/search"):
        r = client.get(path, params={"q": query})
        assert r.status_code == 400
        assert hint in (r.json()["error"] if path.startswith("/api") else html.unescape(r.text))


@pytest.mark.parametrize(
    "query",
    [
        'a "b',
        "NEAR(a b)",
        "title:x",
        "a AND AND b",
        "^a",
        "a*b",
        '"',
        "a + b",
        "col:(x)",
        "x NOT NOT y",
        "é ü *",
        "()",
    ],
)
def test_search_never_errors_on_odd_input(client: TestClient, query: str) -> None:
    r = client.get("/api/search", params={"q": query})
    assert r.status_code in (200, 400)
    assert r.json()["ok"] is (r.status_code == 200)


def test_query_is_quoted_for_fts5() -> None:
    assert (
        to_fts5(parse_query('integr* "Collective Security" -NATO'))
        == '"integr"* AND "Collective Security" NOT "NATO"'
    )
    assert to_fts5(parse_query("(Minsk OR Moscow) summit")) == '( "Minsk" OR "Moscow" ) AND "summit"'
    assert to_fts5(parse_query("col:umn")) == '"col:umn"'
    with pytest.raises(QueryError):
        parse_query("x" * 501)


def test_search_limits_are_400s(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "x" * 501}).status_code == 400
    assert client.get("/api/search", params={"q": "CSTO", "limit": 201}).status_code == 400
    assert client.get("/api/search", params={"q": "CSTO", "offset": -1}).status_code == 400
    assert client.get("/api/search", params={"q": "CSTO", "kind": "tweet"}).status_code == 400


def test_search_source_facet_filters(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "CSTO", "kind": "document"}).json()
    seeds = next(f for f in body["facets"]["source"] if f["value"] == "seeds")
    only = client.get(
        "/api/search", params={"q": "CSTO", "kind": "document", "source": "seeds", "limit": 200}
    ).json()
    assert only["total"] == seeds["count"] and all(i["source"] == "seeds" for i in only["items"])

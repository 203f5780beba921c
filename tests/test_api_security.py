"""Nothing on a page acts for the analyst: security headers, Host check, one error shape for
every bad parameter, literal LIKE wildcards, the token only as a Bearer header, corrections
only for targets that exist, and document URLs that are links only when they are http(s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.model import Actor, Document, Entity, Event, Mention, Quote, RawDocument, Span

TOKEN = "security-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# What a hostile page may hold: each payload, if it ran, would set window.__xss.
RUN = "window.__xss=(window.__xss||0)+1"
PAYLOADS = (
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'"><svg onload="{RUN}">',
    f'\'><iframe srcdoc="<script>parent.{RUN}</script>">',
    f"javascript:{RUN}",
)
JS_URL = f"javascript:{RUN}"


def payload_document(n: int, url: str | None) -> Document:
    """A stored document whose title, text, entity, quote and URL all carry payloads."""
    text = (
        f"Officials met in Minsk. {PAYLOADS[n % len(PAYLOADS)]} was written on a banner. "
        f'The envoy said "{PAYLOADS[(n + 1) % len(PAYLOADS)]} must go" at the end.'
    )
    title = f"Payload {n} {PAYLOADS[(n + 2) % len(PAYLOADS)]}"
    raw = RawDocument(source=f"hostile/{n}.json", text=text, title=title, url=url, kind="json")
    doc = Document(raw=raw, text=text, title=title, event_date="2022-03-01", place=PAYLOADS[1])
    entity_id, name = f"prov:person:payload-{n}", f"Envoy {PAYLOADS[(n + 3) % len(PAYLOADS)]}"
    envoy = text.index("envoy")
    doc.entities = [
        Entity(entity_id, name, "person", provisional=True, mentions=[Mention(envoy, envoy + 5, "envoy")])
    ]
    start = text.index('"') + 1
    end = text.index('" at the end')
    doc.quotes = [Quote(text[start:end], start, end, Actor(entity_id, name), cue="said")]
    first = text.index(". ") + 1
    doc.events = [
        Event("CONSULT", Span(0, first, text[:first]), date="2022-03-01", source=[Actor(entity_id, name)])
    ]
    return doc


def build_payload_kb(path: Path) -> tuple[Path, list[Document]]:
    from communique.store import open_store, save_documents
    from communique.store.sync import sync_knowledge_base

    engine = open_store(path)
    sync_knowledge_base(engine)
    docs = [
        payload_document(0, JS_URL),
        payload_document(1, "https://example.org/news/1"),
        payload_document(2, "data:text/html,<script>x</script>"),
    ]
    save_documents(engine, docs)
    engine.dispose()
    return path, docs


@pytest.fixture(scope="module")
def payload_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    return build_payload_kb(tmp_path_factory.mktemp("payload") / "kb.db")


@pytest.fixture(scope="module")
def client(payload_kb: tuple[Path, list[Document]]) -> TestClient:
    return TestClient(create_app(payload_kb[0], token=TOKEN))


def assert_error_shape(r, status: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert (
        body["ok"] is False
        and body["status"] == status
        and body["error"]
        and isinstance(body["errors"], list)
    )
    return body


def test_api_security_headers_on_pages_json_static_and_errors(client: TestClient) -> None:
    for path in ("/", "/api/entities", "/static/app.css", "/no-such-page", "/docs"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert (
            "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_api_security_templates_hold_no_inline_script() -> None:
    import re

    from communique.api.base import TEMPLATES

    for template in TEMPLATES.glob("*.html"):
        html = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), template.name


def test_api_security_host_header_checked(payload_kb: tuple[Path, list[Document]]) -> None:
    app = create_app(payload_kb[0])
    over_network = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 40000))
    assert over_network.get("/api/entities").status_code == 200
    assert over_network.get("/api/entities", headers={"host": "localhost:8000"}).status_code == 200
    body = assert_error_shape(over_network.get("/api/entities", headers={"host": "attacker.example"}), 400)
    assert "attacker.example" in body["error"]
    named = TestClient(create_app(payload_kb[0], allowed_hosts=["kb.internal"]), client=("10.0.0.2", 1))
    assert named.get("/api/entities", headers={"host": "kb.internal"}).status_code == 200
    assert named.get("/api/entities", headers={"host": "other.internal"}).status_code == 400


@pytest.mark.parametrize(
    "path", ["/quotes", "/events", "/api/quotes", "/api/events", "/search", "/api/entities"]
)
def test_api_security_crafted_parameters_are_400s(client: TestClient, path: str) -> None:
    for params in (
        {"offset": str(2**63)},
        {"offset": str(2**70)},
        {"q": "a\x00b"},
        {"q": "(" * 200 + "x" + ")" * 200},
    ):
        r = client.get(path, params=params)
        if path.startswith("/api/"):
            assert_error_shape(r, 400)
        else:  # the page twin: an error page with the same status
            assert r.status_code == 400 and "text/html" in r.headers["content-type"], r.text[:200]


def test_api_security_like_wildcards_are_literal(client: TestClient) -> None:
    everything = client.get("/api/entities").json()["total"]
    assert everything > 0
    for q in ("%", "%%", "E_voy", "En%oy"):  # as wildcards these would match every "Envoy"
        assert client.get("/api/entities", params={"q": q}).json()["total"] == 0
    assert client.get("/api/entities", params={"q": "Envoy"}).json()["total"] == 3


def test_api_security_token_only_as_bearer(
    client: TestClient, payload_kb: tuple[Path, list[Document]]
) -> None:
    entity = payload_kb[1][0].entities[0].id
    body = {"kind": "rename_entity", "target": f"entity:{entity}", "payload": {"name": "Renamed"}}
    for headers in (
        {"X-Communique-Token": TOKEN},
        {"Authorization": TOKEN},
        {"Authorization": f"Token {TOKEN}"},
        {},
    ):
        assert_error_shape(client.post("/api/corrections", json=body, headers=headers), 401)
    r = client.post("/api/corrections", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    client.delete(f"/api/corrections/{r.json()['correction']['id']}", headers=AUTH)


def test_api_security_corrections_need_existing_targets(
    client: TestClient, payload_kb: tuple[Path, list[Document]]
) -> None:
    doc = payload_kb[1][0]
    quote = doc.quotes[0]
    missing = [
        {"kind": "rename_entity", "target": "entity:org:no-such-body", "payload": {"name": "X"}},
        {"kind": "reject", "target": f"quote:{doc.id}:{quote.start}:{quote.end + 1}"},
        {"kind": "reject", "target": f"quote:nodoc:{quote.start}:{quote.end}"},
        {"kind": "reject", "target": f"event:{doc.id}:999:CONSULT"},
        {"kind": "reject", "target": f"mention:{doc.id}:0:{2**64}"},
        {
            "kind": "set_speaker",
            "target": f"quote:{doc.id}:{quote.start}:{quote.end}",
            "payload": {"speaker_id": "nobody"},
        },
        {
            "kind": "merge_entities",
            "target": f"entity:{doc.entities[0].id}",
            "payload": {"into": "org:nothing"},
        },
    ]
    for body in missing:
        assert_error_shape(client.post("/api/corrections", json=body, headers=AUTH), 404)
    r = client.post(
        "/api/corrections",
        json={"kind": "reject", "target": f"quote:{doc.id}:{quote.start}:{quote.end}"},
        headers=AUTH,
    )
    assert r.status_code == 201, r.text
    client.delete(f"/api/corrections/{r.json()['correction']['id']}", headers=AUTH)


def test_api_security_only_http_urls_are_links(
    client: TestClient, payload_kb: tuple[Path, list[Document]]
) -> None:
    import re

    docs = payload_kb[1]
    for doc in docs:
        html = client.get(f"/documents/{doc.id}").text
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert not [h for h in hrefs if not h.startswith(("/", "http://", "https://", "#", "?"))], hrefs
    assert 'href="https://example.org/news/1"' in client.get(f"/documents/{docs[1].id}").text
    assert "javascript:" in client.get(f"/documents/{docs[0].id}").text  # shown as text, escaped, not a link


def test_api_security_link_url() -> None:
    from communique.api.base import link_url

    assert link_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert link_url("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x", "//evil.example",
                "vbscript:x", "file:///etc/passwd", "http:/no-host", "", None, 42, "https://a b"):  # fmt: skip
        assert link_url(bad) is None, bad


def test_api_security_fuzzed_parameters_never_500(
    client: TestClient, payload_kb: tuple[Path, list[Document]]
) -> None:
    """Every GET operation of the OpenAPI schema, its parameters drawn by hypothesis (bounded)."""
    from urllib.parse import quote

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    schema = client.get("/openapi.json").json()
    doc_id = payload_kb[1][0].id
    odd_text = st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "%",
                "_",
                "\x00",
                "(" * 200,
                '"',
                "*",
                "OR",
                "NOT",
                "-",
                "'; DROP TABLE x;--",
                doc_id,
                "org:csto",
                *PAYLOADS,
            ]
        ),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )
    operations = [
        (path, op) for path, ops in schema["paths"].items() for method, op in ops.items() if method == "get"
    ]
    assert len(operations) >= 10
    statuses: list[int] = []

    @settings(max_examples=len(operations) * 6, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data())
    def run(data: st.DataObject) -> None:
        path, op = data.draw(st.sampled_from(operations))
        params, url = {}, path
        for param in op.get("parameters", []):
            value = data.draw(odd_text)
            if param["in"] == "path":
                # Percent-encoded whole, as a client must send it: control characters too.
                url = url.replace("{" + param["name"] + "}", quote(value, safe="") or "x")
            elif param["in"] == "query" and data.draw(st.booleans()):
                params[param["name"]] = value
        r = client.get(url, params=params)
        statuses.append(r.status_code)
        assert r.status_code < 500, (url, params, r.text[:300])

    run()
    assert len(statuses) == len(operations) * 6

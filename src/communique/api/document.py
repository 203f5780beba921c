"""Document page and API: the cleaned text with entities, quotes and events highlighted,
the removed boilerplate, metadata, and the story with its sibling reports."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from communique.api.base import check_text, not_found, respond, store
from communique.store import queries

router = APIRouter()


def layer_text(text: str, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Cut the text at every span boundary into segments, each knowing the spans over it.

    Spans overlap (a mention inside a quote inside an event sentence), so the
    page draws flat segments with one class per layer rather than nested tags.
    """
    spans = _spans(doc)
    cuts = sorted({0, len(text), *(p for sp in spans for p in (sp["start"], sp["end"]))})
    starts: dict[int, list[dict[str, Any]]] = {}
    for sp in spans:
        starts.setdefault(sp["start"], []).append(sp)
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [sp for sp in spans if sp["start"] <= a and b <= sp["end"]]
        seg = {"text": text[a:b], "start": a, "layers": sorted({sp["layer"] for sp in active})}
        mention = next((sp for sp in active if sp["layer"] == "mention"), None)
        if mention:
            seg["entity"] = {"id": mention["entity_id"], "name": mention["name"], "type": mention["type"]}
        seg["anchors"] = [sp["key"] for sp in starts.get(a, [])]
        seg["badges"] = [sp["badge"] for sp in starts.get(a, []) if sp.get("badge")]
        segments.append(seg)
    return segments


def _spans(doc: dict[str, Any]) -> list[dict[str, Any]]:
    n = len(doc["text"])
    spans = []
    for m in doc["mentions"]:
        spans.append({**m, "layer": "mention"})
    for q in doc["quotes"]:
        who = q["speaker"]["name"] if q["speaker"] else "speaker unknown"
        spans.append({"key": q["key"], "start": q["start"], "end": q["end"], "layer": "quote",
                      "badge": {"kind": "speaker", "text": who, "id": (q["speaker"] or {}).get("id")}})  # fmt: skip
    for e in doc["events"]:
        sent = e["sentence"]
        spans.append({"key": e["key"], "start": sent["start"], "end": sent["end"], "layer": "event",
                      "badge": {"kind": "event", "text": e["type"], "id": None}})  # fmt: skip
    # Offsets come from the pipeline; clamp them so a bad one cannot break the page.
    return [
        {**sp, "start": max(0, min(sp["start"], n)), "end": max(0, min(sp["end"], n))}
        for sp in spans
        if sp["end"] > sp["start"]
    ]


def document_payload(request: Request, doc_id: str) -> dict[str, Any]:
    doc_id = check_text("id", doc_id, 64) or ""
    with store(request) as (conn, corr):
        doc = queries.get_document(conn, corr, doc_id)
    if doc is None:
        raise not_found("document", doc_id)
    return {"ok": True, **doc}


def document_page(request: Request, doc_id: str):  # noqa: ANN201
    """A document with everything extracted from it, the removed text and its story."""
    payload = document_payload(request, doc_id)
    if request.url.path.startswith("/documents/") and not request.url.path.endswith(".json"):
        payload = {**payload, "segments": layer_text(payload["text"], payload)}
    return respond(request, "document.html", payload)


for _path in ("/documents/{doc_id}.json", "/api/documents/{doc_id}", "/documents/{doc_id}"):
    router.add_api_route(_path, document_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

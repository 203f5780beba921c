"""Actor network page and API: who meets whom, weighted by the events they share.

The page draws the graph with cytoscape (vendored under static/vendor): zoom, pan and
drag, a slider for the minimum tie strength, communities in colour, and labels thinned
so that none overlaps another and none is cut at the edge. Positions and communities
are computed here once per knowledge base version and query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Query, Request

from communique.api.base import check_date, check_text, respond, store
from communique.api.cache import cached_response, kb_version
from communique.api.charts import network_layout
from communique.api.events import read_type
from communique.api.names import resolve_entity
from communique.store import queries

router = APIRouter()
# Heaviest edges kept by default; the page stays readable up to MAX_EDGES (about 1,000 nodes).
DEFAULT_EDGES = 300
MAX_EDGES = 3000
LAYOUT_CACHE = 32
_layouts: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def _cached_layout(key: tuple, graph: dict[str, Any], focus: str | None) -> dict[str, Any]:
    with _lock:
        if key in _layouts:
            _layouts.move_to_end(key)
            return _layouts[key]
    layout = network_layout(graph, focus=focus)
    with _lock:
        _layouts[key] = layout
        while len(_layouts) > LAYOUT_CACHE:
            _layouts.popitem(last=False)
    return layout


def network_page(
    request: Request,
    actor: str | None = Query(None, description="Only events this entity (name, alias or id) takes part in."),
    type: str | None = Query(None, description="PLOVER event type."),  # noqa: A002
    date_from: str | None = Query(None, alias="from", description="YYYY[-MM[-DD]]."),
    date_to: str | None = Query(None, alias="to", description="YYYY[-MM[-DD]], inclusive."),
    edges: int = Query(DEFAULT_EDGES, ge=1, le=MAX_EDGES, description="Heaviest edges to keep."),
    min_weight: int = Query(1, ge=1, le=100_000, description="Minimum tie strength (shared events)."),
):  # noqa: ANN201
    """Co-actors within events: nodes are entities, edges count shared events."""
    args = (actor, type, date_from, date_to, edges, min_weight)
    with store(request) as (conn, _corr):
        # The graph of a whole knowledge base groups every event's actors: once per version and query.
        return cached_response(conn, request, "network", (), lambda: _network_page(request, *args))


def _network_page(
    request: Request,
    actor: str | None,
    type: str | None,  # noqa: A002
    date_from: str | None,
    date_to: str | None,
    edges: int,
    min_weight: int,
):  # noqa: ANN202
    filters = {
        "actor": check_text("actor", actor, 200),
        "type": read_type(type),
        "date_from": check_date("from", date_from),
        "date_to": check_date("to", date_to),
    }
    with store(request) as (conn, corr):
        resolved, typed = resolve_entity(conn, corr, filters["actor"])
        filters["actor"] = resolved or filters["actor"]
        graph = queries.actor_network(conn, corr, **filters, max_edges=edges)
        html = not request.url.path.endswith(".json") and not request.url.path.startswith("/api/")
        version = kb_version(conn) if html else None
    if min_weight > 1:
        graph = _at_least(graph, min_weight)
    query = {**filters, "typed": typed, "unresolved": typed if resolved is None else None,
             "edges": edges, "min_weight": min_weight}  # fmt: skip
    payload = {"ok": True, "query": query, **graph}
    if version is not None:
        key = (str(request.app.state.engine.url), version, tuple(sorted(query.items())))
        payload["layout"] = _cached_layout(key, graph, filters["actor"])
    return respond(request, "network.html", payload)


def _at_least(graph: dict[str, Any], min_weight: int) -> dict[str, Any]:
    """Keep ties of at least ``min_weight`` shared events and the nodes they join."""
    edges = [e for e in graph["edges"] if e["weight"] >= min_weight]
    kept = {e["source"] for e in edges} | {e["target"] for e in edges}
    return {**graph, "edges": edges, "nodes": [n for n in graph["nodes"] if n["id"] in kept]}


for _path in ("/network", "/network.json", "/api/network"):
    router.add_api_route(_path, network_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

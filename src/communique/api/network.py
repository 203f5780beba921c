"""Actor network page and API: who meets whom, weighted by the events they share."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from communique.api.base import check_date, check_text, respond, store
from communique.api.charts import network_layout
from communique.api.events import read_type
from communique.api.names import resolve_entity
from communique.store import queries

router = APIRouter()
# The drawing stays legible up to about this many edges.
MAX_EDGES = 120


def network_page(
    request: Request,
    actor: str | None = Query(None, description="Only events this entity (name, alias or id) takes part in."),
    type: str | None = Query(None, description="PLOVER event type."),  # noqa: A002
    date_from: str | None = Query(None, alias="from", description="YYYY[-MM[-DD]]."),
    date_to: str | None = Query(None, alias="to", description="YYYY[-MM[-DD]], inclusive."),
    edges: int = Query(MAX_EDGES, ge=1, le=500, description="Heaviest edges to keep."),
):  # noqa: ANN201
    """Co-actors within events: nodes are entities, edges count shared events."""
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
    query = {**filters, "typed": typed, "unresolved": typed if resolved is None else None}
    payload = {"ok": True, "query": query, **graph}
    if not request.url.path.endswith(".json") and not request.url.path.startswith("/api/"):
        payload["layout"] = network_layout(graph, focus=filters["actor"])
    return respond(request, "network.html", payload)


for _path in ("/network", "/network.json", "/api/network"):
    router.add_api_route(_path, network_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

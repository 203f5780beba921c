"""Events and timeline page and API: events over time, filtered by actor, type and date."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from communique.api.base import ApiError, check_date, check_text, list_payload, read_page, respond, store
from communique.api.charts import TYPE_COLOURS, stacked_bars
from communique.api.names import resolve_entity
from communique.store import queries

router = APIRouter()


def read_type(value: str | None) -> str | None:
    type_ = (check_text("type", value, 16) or "").upper() or None
    if type_ and type_ not in TYPE_COLOURS:
        msg = f"type must be a PLOVER event type ({', '.join(sorted(TYPE_COLOURS))}), not '{value}'"
        raise ApiError(400, msg, [{"loc": ["query", "type"], "msg": msg}])
    return type_


def events_page(
    request: Request,
    actor: str | None = Query(None, description="A source or target actor: a name, alias or entity id."),
    type: str | None = Query(None, description="PLOVER event type, e.g. CONSULT."),  # noqa: A002
    q: str | None = Query(None, description="Words in the event sentence (same syntax as search)."),
    date_from: str | None = Query(None, alias="from", description="YYYY[-MM[-DD]]."),
    date_to: str | None = Query(None, alias="to", description="YYYY[-MM[-DD]], inclusive."),
    document: str | None = Query(None, description="Only events from this document id."),
    limit: int | None = Query(None),
    offset: int | None = Query(None),
):  # noqa: ANN201
    """Events (who did what to whom), newest first, with counts by month and type."""
    page = read_page(limit, offset)
    filters = {
        "actor": check_text("actor", actor, 200),
        "type": read_type(type),
        "q": check_text("q", q),
        "date_from": check_date("from", date_from),
        "date_to": check_date("to", date_to),
        "document_id": check_text("document", document, 64),
    }
    with store(request) as (conn, corr):
        resolved, typed = resolve_entity(conn, corr, filters["actor"])
        filters["actor"] = resolved or filters["actor"]
        items, total = queries.list_events(conn, corr, **filters, limit=page.limit, offset=page.offset)
        months = queries.event_counts_by_date(conn, corr, **filters)
        actor_name = (
            queries.entity_names(conn, {filters["actor"]}).get(filters["actor"] or "", {}).get("name")
        )
    payload = list_payload(
        request, items, total, page,
        query={**filters, "actor_name": corr.name(filters["actor"], actor_name), "typed": typed,
               "unresolved": typed if resolved is None else None},
        timeline=months, chart=stacked_bars(months), types=sorted(TYPE_COLOURS),
    )  # fmt: skip
    return respond(request, "events.html", payload)


for _path in ("/events", "/events.json", "/api/events", "/timeline", "/timeline.json", "/api/timeline"):
    router.add_api_route(_path, events_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

"""Events and timeline page and API: events over time, filtered by actor, type and date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Connection

from communique.api.base import ApiError, Page, check_date, check_text, read_page, respond, store
from communique.api.cache import cached, cached_page
from communique.api.charts import TYPE_COLOURS, stacked_bars
from communique.api.names import resolve_entity
from communique.api.paging import keyset_payload, read_seek
from communique.store import queries
from communique.store.corrections import Corrections
from communique.store.keyset import Seek

router = APIRouter()


def read_type(value: str | None) -> str | None:
    type_ = (check_text("type", value, 16) or "").upper() or None
    if type_ and type_ not in TYPE_COLOURS:
        msg = f"type must be a PLOVER event type ({', '.join(sorted(TYPE_COLOURS))}), not '{value}'"
        raise ApiError(400, msg, [{"loc": ["query", "type"], "msg": msg}])
    return type_


@cached_page("events")
def events_page(
    request: Request,
    actor: str | None = Query(None, description="A source or target actor: a name, alias or entity id."),
    type: str | None = Query(None, description="PLOVER event type, e.g. CONSULT."),  # noqa: A002
    q: str | None = Query(None, description="Words in the event sentence (same syntax as search)."),
    date_from: str | None = Query(None, alias="from", description="YYYY[-MM[-DD]]."),
    date_to: str | None = Query(None, alias="to", description="YYYY[-MM[-DD]], inclusive."),
    document: str | None = Query(None, description="Only events from this document id."),
    limit: int | None = Query(None),
    offset: int | None = Query(None, description="Rows to skip (the next/previous links use after/before)."),
    after: str | None = Query(None, description="The page after this cursor (from a 'next' link)."),
    before: str | None = Query(None, description="The page before this cursor (from a 'previous' link)."),
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
    seek = read_seek(after, before, 2 if filters["document_id"] else 4)
    with store(request) as (conn, corr):
        resolved, typed = resolve_entity(conn, corr, filters["actor"])
        filters["actor"] = resolved or filters["actor"]
        items, total, months = events_data(conn, corr, filters, page, seek)
        actor_name = (
            queries.entity_names(conn, {filters["actor"]}).get(filters["actor"] or "", {}).get("name")
        )
    payload = keyset_payload(
        request, items, total, page, seek, lambda ev: event_sort_key(ev, bool(filters["document_id"])),
        query={**filters, "actor_name": corr.name(filters["actor"], actor_name), "typed": typed,
               "unresolved": typed if resolved is None else None},
        timeline=months, chart=stacked_bars(months), types=sorted(TYPE_COLOURS),
    )  # fmt: skip
    return respond(request, "events.html", payload)


def events_data(
    conn: Connection, corr: Corrections, filters: dict[str, Any], page: Page, seek: Seek | None
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """(up to ``page.limit + 1`` events, total, timeline), each once per query and knowledge base
    version for all workers: at 100,000 documents a list sorts a million events."""
    key = tuple(sorted(filters.items()))
    seek_key = (seek.key, seek.backwards) if seek else None
    items, total = cached(conn, "events", (key, page.limit, page.offset, seek_key), lambda: queries.list_events(
        conn, corr, **filters, limit=page.limit + 1, offset=page.offset, seek=seek), shared=True)  # fmt: skip
    months = cached(
        conn, "timeline", key, lambda: queries.event_counts_by_date(conn, corr, **filters), shared=True
    )
    return items, total, months


def event_sort_key(event: dict[str, Any], in_document: bool = False) -> tuple:
    """An event's place in the list (see ``queries.list_events``): date, document, sentence, id;
    within one document's list the date and document are left out."""
    tail = (event["sentence"]["start"], event["id"])
    return tail if in_document else (event.get("when") or "", event["document_id"], *tail)


for _path in ("/events", "/events.json", "/api/events", "/timeline", "/timeline.json", "/api/timeline"):
    router.add_api_route(_path, events_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

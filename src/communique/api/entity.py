"""Entity pages and API: the entity index and each entity's profile (aliases, roles over time,
a timeline of events, quotes, the actors most often with them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Connection

from communique.api.base import check_text, list_payload, not_found, read_page, respond, store
from communique.api.cache import cached, cached_response
from communique.api.charts import stacked_bars
from communique.api.names import name_index
from communique.store import queries
from communique.store.corrections import Corrections

router = APIRouter()
# An entity search lists at most this many matches.
MAX_NAME_MATCHES = 1000


def entity_profile_cached(conn: Connection, corr: Corrections, entity_id: str) -> dict[str, Any] | None:
    """An entity's profile with its timeline, once per knowledge base version for all workers."""

    def compute() -> dict[str, Any] | None:
        profile = queries.get_entity(conn, corr, entity_id)
        if profile is None:
            return None
        months = queries.event_counts_by_date(conn, corr, actor=profile["id"])
        return {"ok": True, **profile, "timeline": months, "chart": stacked_bars(months)}

    return cached(conn, "entity", (entity_id,), compute, shared=True)


def entity_payload(request: Request, entity_id: str) -> dict[str, Any]:
    entity_id = check_text("id", entity_id, 200) or ""
    with store(request) as (conn, corr):
        payload = entity_profile_cached(conn, corr, entity_id)
    if payload is None:
        raise not_found("entity", entity_id)
    return payload


def entity_page(request: Request, entity_id: str):  # noqa: ANN201
    """An entity's profile; a merged entity answers with the entity it was merged into."""
    with store(request) as (conn, _corr):
        return cached_response(
            conn, request, "entity", (entity_id,),
            lambda: respond(request, "entity.html", entity_payload(request, entity_id)),
        )  # fmt: skip


def entities_page(
    request: Request,
    q: str | None = Query(None, description="A name, alias or transliteration (or the start of one)."),
    type: str | None = Query(
        None, description="person, organization, country, place, body, exercise, operation."
    ),  # noqa: A002
    limit: int | None = Query(None),
    offset: int | None = Query(None),
):  # noqa: ANN201
    """Entities found in documents, most mentioned first."""
    page = read_page(limit, offset, default=50)
    q = check_text("q", q)
    type_ = check_text("type", type, 16)
    with store(request) as (conn, corr):
        if q:
            # Names, aliases and transliterations, best match first (see api.names).
            found = name_index(conn, corr).lookup(q, limit=MAX_NAME_MATCHES, type_=type_)
            items, total = found[page.offset : page.offset + page.limit], len(found)
        else:
            items, total = queries.list_entities(
                conn, corr, q=q, type=type_, limit=page.limit, offset=page.offset
            )
    return respond(
        request, "entities.html", list_payload(request, items, total, page, query={"q": q, "type": type_})
    )


for _path in ("/entities", "/entities.json", "/api/entities"):
    router.add_api_route(_path, entities_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))
for _path in ("/entities/{entity_id}.json", "/api/entities/{entity_id}", "/entities/{entity_id}"):
    router.add_api_route(_path, entity_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

"""Search page and API: documents, quotes and events with facets and a date histogram."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Query, Request

from communique.api.base import (
    MAX_OFFSET,
    ApiError,
    Page,
    check_text,
    list_payload,
    read_page,
    respond,
    store,
)
from communique.api.cache import cached, cached_response
from communique.api.charts import histogram_bars
from communique.api.names import resolve_entity
from communique.api.paging import page_url, read_seek
from communique.store import queries
from communique.store.keyset import Seek, encode
from communique.store.read import Reader
from communique.store.search import FACET_SAMPLE, KINDS, SearchQuery, make_snippet
from communique.store.search import search as run_search

router = APIRouter()


def search_payload(
    request: Request,
    q: str | None,
    kind: str | None,
    actor: str | None,
    country: str | None,
    type_: str | None,
    year: str | None,
    source: str | None,
    limit: int | None,
    offset: int | None,
    after: str | None = None,
    before: str | None = None,
) -> dict[str, Any]:
    page = read_page(limit, offset)
    seek = read_seek(after, before, 3)
    q = check_text("q", q) or ""
    kinds = _read_kinds(check_text("kind", kind, 40))
    filters = {
        "actor": check_text("actor", actor, 200),
        "country": (check_text("country", country, 3) or "").upper() or None,
        "type": (check_text("type", type_, 16) or "").upper() or None,
        "year": check_text("year", year, 4),
        "source": check_text("source", source, 200),
    }
    with store(request) as (conn, corr):
        if filters["actor"]:
            filters["actor"] = resolve_entity(conn, corr, filters["actor"])[0] or filters["actor"]
        actor_ids = tuple(sorted(corr.merged_ids(filters["actor"]))) if filters["actor"] else ()
        query = SearchQuery(
            q=q, kinds=kinds, actor_ids=actor_ids, exclude=tuple(sorted(corr.rejected)),
            limit=page.limit, offset=page.offset, **filters,
        )  # fmt: skip
        if seek is not None:
            page = Page(page.limit, _seek_offset(conn, query, seek))
            query = replace(query, offset=page.offset)

        def compute() -> tuple:
            result = run_search(conn, query)
            return (
                result,
                describe_hits(conn, corr, result.hits, result.terms),
                _fold_actor_facet(corr, result.facets),
            )

        # Hits, facets and histogram once per query and knowledge base version.
        result, items, facets = cached(conn, "search", (query.q, query.kinds, tuple(sorted(filters.items())),
                                                          actor_ids, query.exclude, page.limit, page.offset), compute)  # fmt: skip
    payload = list_payload(
        request, items, result.total, page,
        query={"q": q, "kind": kind, **filters},
        facets=facets,
        histogram=result.histogram,
        facets_sampled=result.facets_sampled,
        chart=histogram_bars(result.histogram, facets.get("year"), result.total),
    )  # fmt: skip
    # Links name the hit they continue from (see _seek_offset), not a row count.
    if payload["next"] and items:
        payload["next"] = page_url(
            request, page, after=encode((items[-1]["kind"], items[-1]["id"], page.offset + len(items) - 1))
        )
    if payload["previous"] and items:
        payload["previous"] = page_url(
            request, page, before=encode((items[0]["kind"], items[0]["id"], page.offset))
        )
    return payload


def _seek_offset(conn: Any, query: SearchQuery, seek: Seek) -> int:
    """Where the page after (or before) the cursor's hit starts: found by the hit itself among the
    query's first ``FACET_SAMPLE`` hits in the current order (cut from one cached list, so a hit
    stored meanwhile shifts nothing), else at the position the cursor recorded."""
    kind, item_id, position = seek.key
    if not isinstance(position, int) or not 0 <= position <= MAX_OFFSET:
        msg = "the cursor does not belong to this list"
        raise ApiError(400, msg, [{"loc": ["query", "before" if seek.backwards else "after"], "msg": msg}])
    key = (query.q, query.kinds, query.actor, query.country, query.type, query.year, query.source,
           query.actor_ids, query.exclude)  # fmt: skip
    order = cached(conn, "search_order", key, lambda: [
        f"{h['kind']}:{h['item_id']}" for h in run_search(conn, replace(query, limit=FACET_SAMPLE, offset=0)).hits
    ], shared=True)  # fmt: skip
    try:
        position = order.index(f"{kind}:{item_id}")
    except ValueError:
        pass  # beyond the first hits (or gone): the recorded position
    return max(0, position - query.limit) if seek.backwards else position + 1


def _read_kinds(kind: str | None) -> tuple[str, ...]:
    if not kind:
        return KINDS
    wanted = tuple(k.strip() for k in kind.split(",") if k.strip())
    bad = [k for k in wanted if k not in KINDS]
    if bad:
        from communique.api.base import ApiError

        msg = f"kind must be one of {', '.join(KINDS)}, not {', '.join(bad)}"
        raise ApiError(400, msg, [{"loc": ["query", "kind"], "msg": msg}])
    return wanted


def _fold_actor_facet(corr: Any, facets: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Merged entities count under the entity they were merged into, shown by the analyst's name."""
    folded: dict[str, dict[str, Any]] = {}
    for f in facets.get("actor", []):
        actor = corr.apply_to_actor({"id": f["value"], "name": f["label"]})
        slot = folded.setdefault(actor["id"], {"value": actor["id"], "label": actor["name"], "count": 0})
        slot["count"] += f["count"]
    return {**facets, "actor": sorted(folded.values(), key=lambda f: -f["count"])}


def describe_hits(conn: Any, corr: Any, hits: list[dict[str, Any]], terms: list) -> list[dict[str, Any]]:
    """Turn (kind, item id) hits into items with a title, date, link and highlighted snippet."""
    docs = queries.get_documents(conn, sorted({h["document_id"] for h in hits}))
    quote_ids = [int(h["item_id"]) for h in hits if h["kind"] == "quote"]
    event_ids = [int(h["item_id"]) for h in hits if h["kind"] == "event"]
    kb = Reader(conn, corr)
    quotes = kb.quotes_by_id(quote_ids)
    events = kb.events_by_id(event_ids)
    items = []
    for h in hits:
        doc = docs.get(h["document_id"], {})
        item = {"kind": h["kind"], "id": h["item_id"], "document_id": h["document_id"], "date": h["date"],
                "source": h["src"], "document_title": doc.get("title")}  # fmt: skip
        if h["kind"] == "document":
            item.update(title=doc.get("title") or doc.get("source"), url=f"/documents/{h['document_id']}",
                        snippet=make_snippet(doc.get("text", ""), terms))  # fmt: skip
        elif h["kind"] == "quote" and h["item_id"] in quotes:
            q = quotes[h["item_id"]]
            item.update(
                quote=q,
                url=f"/documents/{h['document_id']}#{q['key']}",
                snippet=make_snippet(q["text"], terms, 220),
            )
        elif h["kind"] == "event" and h["item_id"] in events:
            ev = events[h["item_id"]]
            item.update(event=ev, url=f"/documents/{h['document_id']}#{ev['key']}",
                        snippet=make_snippet(ev["sentence"]["text"], terms, 220))  # fmt: skip
        items.append(item)
    return items


def search_page(
    request: Request,
    q: str | None = Query(None, description='Words, "phrases", prefix*, OR, NOT/-word, (groups).'),
    kind: str | None = Query(None, description="document, quote or event (comma-separated)."),
    actor: str | None = Query(
        None, description="A name, alias or entity id, e.g. Putin or person:vladimir-putin."
    ),
    country: str | None = Query(None, description="ISO 3166-1 alpha-3 code."),
    type: str | None = Query(None, description="PLOVER event type."),  # noqa: A002
    year: str | None = Query(None, description="YYYY."),
    source: str | None = Query(None, description="Source label (web host or folder)."),
    limit: int | None = Query(None, description="Items per page, 1-200."),
    offset: int | None = Query(None, description="Items to skip (the next/previous links use after/before)."),
    after: str | None = Query(None, description="The page after this cursor (from a 'next' link)."),
    before: str | None = Query(None, description="The page before this cursor (from a 'previous' link)."),
):  # noqa: ANN201
    """Search documents, quotes and events; facets and a monthly histogram come with the results."""
    args = (q, kind, actor, country, type, year, source, limit, offset, after, before)
    with store(request) as (conn, _corr):
        return cached_response(
            conn,
            request,
            "search",
            (),
            lambda: respond(request, "search.html", search_payload(request, *args)),
        )


for _path in ("/search", "/search.json", "/api/search"):
    router.add_api_route(_path, search_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))


def home_page(request: Request):  # noqa: ANN201
    """What the knowledge base holds, with a way in: search, organisations, recent stories."""
    with store(request) as (conn, _corr):
        # Counting a million mentions on every visit: once per knowledge base version instead.
        return cached_response(conn, request, "home", (), lambda: _home_page(request))


def _home_page(request: Request):  # noqa: ANN202
    with store(request) as (conn, corr):
        kb = Reader(conn, corr)
        counts = kb.table_counts(("documents", "entities", "quotes", "events", "stories", "corrections"))
        orgs = kb.organisations()
        stories, _ = queries.list_stories(conn, limit=8)
    payload = {
        "ok": True,
        "counts": counts,
        "organisations": orgs,
        "stories": stories,
    }
    return respond(request, "home.html", payload)


for _path in ("/", "/index.json", "/api"):
    router.add_api_route(_path, home_page, methods=["GET"], include_in_schema=_path.startswith("/api"))

"""Quote finder page and API: what who said about what, by speaker, date and words."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Connection

from communique.api.base import Page, check_date, check_text, read_page, respond, store
from communique.api.cache import cached, cached_page
from communique.api.names import resolve_entity
from communique.api.paging import keyset_payload, read_seek
from communique.store import queries
from communique.store.corrections import Corrections
from communique.store.keyset import Seek

router = APIRouter()


@cached_page("quotes")
def quotes_page(
    request: Request,
    speaker: str | None = Query(
        None, description="The speaker: a name, alias or entity id (Lukashenka, person:alexander-lukashenko)."
    ),
    q: str | None = Query(None, description="Words in the quote (same syntax as search)."),
    date_from: str | None = Query(None, alias="from", description="YYYY[-MM[-DD]]."),
    date_to: str | None = Query(None, alias="to", description="YYYY[-MM[-DD]], inclusive."),
    document: str | None = Query(None, description="Only quotes from this document id."),
    limit: int | None = Query(None),
    offset: int | None = Query(None, description="Rows to skip (the next/previous links use after/before)."),
    after: str | None = Query(None, description="The page after this cursor (from a 'next' link)."),
    before: str | None = Query(None, description="The page before this cursor (from a 'previous' link)."),
):  # noqa: ANN201
    """Direct quotations with their resolved speakers, newest first."""
    page = read_page(limit, offset)
    filters = {
        "speaker": check_text("speaker", speaker, 200),
        "q": check_text("q", q),
        "date_from": check_date("from", date_from),
        "date_to": check_date("to", date_to),
        "document_id": check_text("document", document, 64),
    }
    seek = read_seek(after, before, 4)
    with store(request) as (conn, corr):
        resolved, typed = resolve_entity(conn, corr, filters["speaker"])
        filters["speaker"] = resolved or filters["speaker"]
        items, total, speakers = quotes_data(conn, corr, filters, page, seek)
        speaker_name = (
            queries.entity_names(conn, {filters["speaker"]}).get(filters["speaker"] or "", {}).get("name")
        )
    payload = keyset_payload(
        request, items, total, page, seek, quote_sort_key,
        query={**filters, "speaker_name": corr.name(filters["speaker"], speaker_name), "typed": typed,
               "unresolved": typed if resolved is None else None},
        speakers=speakers,
    )  # fmt: skip
    return respond(request, "quotes.html", payload)


def quotes_data(
    conn: Connection, corr: Corrections, filters: dict[str, Any], page: Page, seek: Seek | None
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """(up to ``page.limit + 1`` quotes, total, speakers): the page once per query and knowledge
    base version, the speakers once per version, for all workers."""
    key = (
        tuple(sorted(filters.items())),
        page.limit,
        page.offset,
        (seek.key, seek.backwards) if seek else None,
    )
    items, total = cached(conn, "quotes", key, lambda: queries.list_quotes(
        conn, corr, **filters, limit=page.limit + 1, offset=page.offset, seek=seek), shared=True)  # fmt: skip
    speakers = cached(conn, "speakers", (), lambda: _speaker_choices(conn, corr), shared=True)
    return items, total, speakers


def quote_sort_key(quote: dict[str, Any]) -> tuple:
    """A quote's place in the list (see ``queries.list_quotes``): date, document, start, end."""
    return (quote.get("date") or "", quote["document_id"], quote["start"], quote["end"])


def _speaker_choices(conn, corr) -> list[dict]:  # noqa: ANN001
    """Speakers with how many quotes each has, for the filter list (corrections applied)."""
    return queries.speaker_counts(conn, corr)


for _path in ("/quotes", "/quotes.json", "/api/quotes"):
    router.add_api_route(_path, quotes_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

"""Quote finder page and API: what who said about what, by speaker, date and words."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from communique.api.base import check_date, check_text, list_payload, read_page, respond, store
from communique.api.names import resolve_entity
from communique.store import queries

router = APIRouter()


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
    offset: int | None = Query(None),
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
    with store(request) as (conn, corr):
        resolved, typed = resolve_entity(conn, corr, filters["speaker"])
        filters["speaker"] = resolved or filters["speaker"]
        items, total = queries.list_quotes(conn, corr, **filters, limit=page.limit, offset=page.offset)
        speakers = _speaker_choices(conn, corr)
        speaker_name = (
            queries.entity_names(conn, {filters["speaker"]}).get(filters["speaker"] or "", {}).get("name")
        )
    payload = list_payload(
        request, items, total, page,
        query={**filters, "speaker_name": corr.name(filters["speaker"], speaker_name), "typed": typed,
               "unresolved": typed if resolved is None else None},
        speakers=speakers,
    )  # fmt: skip
    return respond(request, "quotes.html", payload)


def _speaker_choices(conn, corr) -> list[dict]:  # noqa: ANN001
    """Speakers with how many quotes each has, for the filter list (corrections applied)."""
    return queries.speaker_counts(conn, corr)


for _path in ("/quotes", "/quotes.json", "/api/quotes"):
    router.add_api_route(_path, quotes_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

"""Keyset pages for the long lists (events, quotes, search results): ``next`` and ``previous``
links carry a cursor (``after=`` / ``before=``, the sort key of the last or first row shown)
instead of an offset, so a page costs the same at row 100,000 as at row 1 and rows added
meanwhile neither repeat nor go missing. ``offset`` is still accepted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request

from communique.api.base import ApiError, Page, check_text
from communique.store.keyset import CursorError, Seek, decode, encode

MAX_CURSOR = 2000


def read_seek(after: str | None, before: str | None, size: int) -> Seek | None:
    """The page asked for by a cursor (``after`` or ``before``, not both); a bad one is a 400."""
    after = check_text("after", after, MAX_CURSOR)
    before = check_text("before", before, MAX_CURSOR)
    if after and before:
        raise ApiError(
            400, "give after or before, not both", [{"loc": ["query", "before"], "msg": "after or before"}]
        )
    cursor = after or before
    if not cursor:
        return None
    try:
        return Seek(decode(cursor, size), backwards=bool(before))
    except CursorError as exc:
        name = "after" if after else "before"
        raise ApiError(400, f"{name}: {exc}", [{"loc": ["query", name], "msg": str(exc)}]) from exc


def keyset_payload(
    request: Request,
    rows: list[Any],
    total: int,
    page: Page,
    seek: Seek | None,
    key_of: Callable[[Any], tuple],
    **extra: Any,
) -> dict[str, Any]:
    """The one JSON list shape, paged by cursors. ``rows``: up to ``page.limit + 1`` rows in
    display order (the extra row says whether the list goes on past the page)."""
    more = len(rows) > page.limit
    backwards = seek is not None and seek.backwards
    items = (rows[1:] if backwards else rows[: page.limit]) if more else rows
    has_next = (more and not backwards) or backwards
    has_previous = (more and backwards) or (seek is not None and not backwards) or page.offset > 0
    nxt = prev = None
    if items and has_next:
        nxt = page_url(request, page, after=encode(key_of(items[-1])))
    if items and has_previous:
        prev = page_url(request, page, before=encode(key_of(items[0])))
    elif not items and seek is not None:  # past either end (a stale cursor): back to the start
        prev = page_url(request, page)
    return {
        "ok": True,
        "items": items,
        "total": total,
        "limit": page.limit,
        "offset": None if seek is not None else page.offset,
        "next": nxt,
        "previous": prev,
        **extra,
    }


def page_url(request: Request, page: Page, **cursor: str) -> str:
    url = request.url.remove_query_params(["after", "before", "offset"])
    return str(url.include_query_params(limit=page.limit, **cursor))

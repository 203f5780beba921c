"""Story pages and API: documents that report the same real-world event, and the events
merged across them (one event, all its sources)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from communique.api.base import check_text, list_payload, not_found, read_page, respond, store
from communique.store import queries

router = APIRouter()


def stories_page(
    request: Request,
    q: str | None = Query(None, description="Part of a story label."),
    limit: int | None = Query(None),
    offset: int | None = Query(None),
):  # noqa: ANN201
    """Stories, newest first, with their document and merged-event counts."""
    page = read_page(limit, offset)
    q = check_text("q", q)
    with store(request) as (conn, _corr):
        items, total = queries.list_stories(conn, q=q, limit=page.limit, offset=page.offset)
    return respond(request, "stories.html", list_payload(request, items, total, page, query={"q": q}))


def story_page(request: Request, story_id: str):  # noqa: ANN201
    """One story: its reports and the events merged across them, each with its sources."""
    story_id = check_text("id", story_id, 64) or ""
    with store(request) as (conn, _corr):
        story = queries.story_of(conn, story_id)
        titles = {d["id"]: d["title"] for d in (story or {}).get("documents", [])}
    if story is None:
        raise not_found("story", story_id)
    return respond(request, "story.html", {"ok": True, **story, "titles": titles})


for _path in ("/stories", "/stories.json", "/api/stories"):
    router.add_api_route(_path, stories_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))
for _path in ("/stories/{story_id}.json", "/api/stories/{story_id}", "/stories/{story_id}"):
    router.add_api_route(_path, story_page, methods=["GET"], include_in_schema=_path.startswith("/api/"))

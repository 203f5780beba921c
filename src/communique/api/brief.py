"""Brief pages: the HTML brief on an organisation or entity (``/briefs/ID``) and its PDF
(``/briefs/ID.pdf``, printed by headless Chromium), the same as ``communique brief`` writes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from communique.api.base import ApiError, check_date, check_text, not_found, store
from communique.store.read import Reader

router = APIRouter()


def _period(request: Request, entity_id: str, date_from: str | None, date_to: str | None) -> tuple[str, str]:
    """The asked period, or by default the last calendar year the entity has events in."""
    if date_from and date_to:
        return date_from, date_to
    with store(request) as (conn, corr):
        last = Reader(conn, corr).last_event_year(entity_id)
    year = last or "2000"
    return date_from or f"{year}-01-01", date_to or f"{year}-12-31"


def _data(request: Request, entity_id: str, date_from: str | None, date_to: str | None) -> dict:
    from communique.brief import BriefError, brief_data

    entity_id = check_text("id", entity_id, 200) or ""
    start, end = _period(request, entity_id, check_date("from", date_from), check_date("to", date_to))
    try:
        return brief_data(request.app.state.engine, entity_id, start, end)
    except BriefError as exc:
        raise not_found("entity", entity_id) from exc


def brief_page(
    request: Request,
    entity_id: str,
    date_from: str | None = Query(
        None, alias="from", description="YYYY[-MM[-DD]]; default: the last year with events."
    ),
    date_to: str | None = Query(None, alias="to", description="YYYY[-MM[-DD]], inclusive."),
) -> HTMLResponse:
    """A brief on one organisation or entity over a period, every line linked to its sentence."""
    from communique.brief import render_html

    return HTMLResponse(render_html(_data(request, entity_id, date_from, date_to), base_url="", inline=False))


def brief_pdf(
    request: Request,
    entity_id: str,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> Response:
    """The brief as a PDF (needs Chromium on the server)."""
    from communique.brief import BriefError, render_html
    from communique.brief.build import print_pdf

    data = _data(request, entity_id, date_from, date_to)
    base = str(request.base_url).rstrip("/")
    with tempfile.TemporaryDirectory(prefix="communique-brief-") as tmp:
        html, pdf = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        html.write_text(render_html(data, base_url=base), encoding="utf-8")
        try:
            print_pdf(html, pdf)
        except BriefError as exc:
            raise ApiError(503, str(exc)) from exc
        body = pdf.read_bytes()
    name = f"brief-{data['id'].replace(':', '-')}-{data['date_from']}-{data['date_to']}.pdf"
    return Response(
        body, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


router.add_api_route("/briefs/{entity_id}.pdf", brief_pdf, methods=["GET"], include_in_schema=False)
router.add_api_route("/briefs/{entity_id}", brief_page, methods=["GET"], include_in_schema=False)

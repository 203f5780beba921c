"""The analyst workbench: a FastAPI app serving HTML pages and their JSON twins over one
knowledge base.

``create_app(db, token=...)`` builds the app; ``communique serve`` runs it with
uvicorn. Nothing is loaded from the network: styles, scripts and the API docs
(Swagger UI, vendored from npm under ``static/vendor``) are served by the app itself.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.api import (
    corrections,
    document,
    entity,
    events,
    names,
    network,
    organisation,
    quotes,
    search,
    stories,
)
from communique.api.base import STATIC, ApiError, make_templates, render_error
from communique.store.corrections import CorrectionError
from communique.store.search import QueryError

log = logging.getLogger("communique.api")
TOKEN_ENV = "COMMUNIQUE_TOKEN"
PAGE_MODULES = (search, document, entity, organisation, quotes, events, network, stories, corrections, names)


def create_app(db: str | Path | Engine, *, token: str | None = None) -> FastAPI:
    """Build the workbench app.

    db (str | Path | Engine): a knowledge base path, SQLAlchemy URL or engine.
    token (str | None): the write token for corrections; None reads ``COMMUNIQUE_TOKEN``,
        and with neither set, writes are refused.
    RETURNS (FastAPI): the app.
    """
    from communique.store import open_store

    app = FastAPI(
        title="Communique",
        description="Evidence-linked knowledge base: documents, entities, quotes, events, stories.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = db if isinstance(db, Engine) else open_store(db, create=False)
    app.state.token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _mount_docs(app)
    _add_error_handlers(app)
    for module in PAGE_MODULES:
        app.include_router(module.router)
    return app


def _mount_docs(app: FastAPI) -> None:
    """API docs at /docs: Swagger UI 5 (reads OpenAPI 3.1), vendored under static/vendor from npm,
    started by a static script so the page needs no inline code (no CDN)."""

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        page = request.app.state.templates.get_template("docs.html")
        return HTMLResponse(page.render(openapi_url=app.openapi_url or "/openapi.json"))


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    def on_api_error(request: Request, exc: ApiError):  # noqa: ANN202
        return render_error(request, exc.status, exc.error, exc.errors)

    @app.exception_handler(QueryError)
    def on_query_error(request: Request, exc: QueryError):  # noqa: ANN202
        return render_error(
            request, 400, f"cannot search for this: {exc}", [{"loc": ["query", "q"], "msg": str(exc)}]
        )

    @app.exception_handler(CorrectionError)
    def on_correction_error(request: Request, exc: CorrectionError):  # noqa: ANN202
        return render_error(request, 400, str(exc), [{"loc": ["body"], "msg": str(exc)}])

    @app.exception_handler(RequestValidationError)
    def on_validation_error(request: Request, exc: RequestValidationError):  # noqa: ANN202
        errors = [_plain_error(e) for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return render_error(request, 400, f"invalid request: {summary}", errors)

    @app.exception_handler(StarletteHTTPException)
    def on_http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return render_error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    def on_crash(request: Request, exc: Exception):  # noqa: ANN202
        log.error("error serving %s", request.url.path, exc_info=exc)
        return render_error(request, 500, "internal error: the server log has the details")


def _plain_error(e: dict[str, Any]) -> dict[str, Any]:
    """A validation error with JSON-safe fields only (pydantic may put exceptions in ``ctx``)."""
    return {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type")}

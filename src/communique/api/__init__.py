"""The analyst workbench: HTML pages, their JSON twins and the JSON API (``create_app``)."""

from __future__ import annotations

import os

from communique.api.app import create_app

# The environment variables ``communique serve`` hands its worker processes.
DB_ENV = "COMMUNIQUE_SERVE_DB"
TOKEN_ENV = "COMMUNIQUE_TOKEN"


def app_from_env():  # noqa: ANN201 (a FastAPI app)
    """The app for one of uvicorn's worker processes: knowledge base and token from the environment."""
    return create_app(os.environ[DB_ENV], token=os.environ.get(TOKEN_ENV) or None, warm_pages=True)


__all__ = ["app_from_env", "create_app"]

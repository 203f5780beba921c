"""The analyst workbench: HTML pages, their JSON twins and the JSON API (``create_app``)."""

from communique.api.app import create_app

__all__ = ["create_app"]

"""Briefs: a self-contained HTML (and PDF) summary of one organisation or entity over a period,
every statement linked to the document and sentence it comes from (``communique brief``)."""

from communique.brief.build import BriefError, brief_data, render_html, write_brief

__all__ = ["BriefError", "brief_data", "render_html", "write_brief"]

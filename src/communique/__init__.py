"""Communique: an evidence-linked knowledge base of who did what, who said what, and how organisations change."""

__version__ = "0.1.0"

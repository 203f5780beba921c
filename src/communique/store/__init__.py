"""Store stage: the knowledge base on SQLite (default) or PostgreSQL."""

from communique.store.db import database_url, open_store
from communique.store.writer import delete_document, known_ids, save_document, save_documents, unfinished_ids

__all__ = [
    "database_url",
    "delete_document",
    "known_ids",
    "open_store",
    "save_document",
    "save_documents",
    "unfinished_ids",
]

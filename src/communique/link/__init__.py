"""Link stage: knowledge packs, the time-aware entity linker and organisation facts from text.

``get_linker()`` loads every pack once per process; ``Linker.link_document`` fills
``doc.entities``, ``doc.facts`` and ``doc.linked`` (a ``LinkedDocument``).
"""

from __future__ import annotations

from functools import lru_cache

from communique.link.document import LinkedDocument
from communique.link.kb import KnowledgeBase
from communique.link.linker import Linker
from communique.link.packs import PackError, load_packs

__all__ = ["KnowledgeBase", "LinkedDocument", "Linker", "PackError", "get_linker", "load_packs"]


@lru_cache(maxsize=1)
def get_linker() -> Linker:
    """The process's linker: packs loaded and matchers built once."""
    return Linker()

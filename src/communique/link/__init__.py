"""Link stage: knowledge packs, the time-aware entity linker and organisation facts from text.

``get_linker()`` loads every pack once per process; ``Linker.link_document`` fills
``doc.entities``, ``doc.facts`` and ``doc.linked`` (a ``LinkedDocument``).
"""

from __future__ import annotations

from functools import lru_cache

from communique.link.document import LinkedDocument
from communique.link.kb import KnowledgeBase
from communique.link.linker import Linker
from communique.link.packs import PackError, load_packs, pack_dirs

__all__ = ["KnowledgeBase", "LinkedDocument", "Linker", "PackError", "get_linker", "load_packs"]


def get_linker() -> Linker:
    """The process's linker: packs loaded and matchers built once per set of pack roots
    (``$COMMUNIQUE_PACKS`` changing means other packs, hence another linker)."""
    return _linker_for(tuple(pack_dirs()))


@lru_cache(maxsize=2)
def _linker_for(roots: tuple) -> Linker:
    return Linker()

"""One reset for the caches every stage keeps for the life of the process.

Stages read their packs, lexicons, schemas and word lists once per process and keep what they built
with ``functools.lru_cache``. A long-lived process whose files change under it (a notebook after a
pack is edited, a test that points ``COMMUNIQUE_PACKS`` elsewhere) calls ``reset_caches()`` so the
next call reads them again. The caches are found by walking the package's loaded modules rather than
kept in a hand-made list, so a cache added in any stage is covered without registering it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

PACKAGE = "communique"
# Loading the spaCy pipeline costs seconds and no file of ours changes it: kept unless asked.
MODEL_CACHE = "communique.nlp.load_pipeline"


def cached_functions() -> dict[str, Callable[..., Any]]:
    """Every ``lru_cache``-wrapped function and method of the package's loaded modules, by name."""
    found: dict[str, Callable[..., Any]] = {}
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == PACKAGE or module_name.startswith(PACKAGE + ".")):
            continue
        for name, value in vars(module).items():
            if _is_cache(value) and getattr(value, "__module__", None) == module_name:
                found[f"{module_name}.{name}"] = value
            elif isinstance(value, type) and value.__module__ == module_name:
                for attr, member in vars(value).items():
                    if _is_cache(member):
                        found[f"{module_name}.{name}.{attr}"] = member
    return found


def reset_caches(*, keep_model: bool = True) -> list[str]:
    """Clear every cache of the package (the spaCy pipeline too with ``keep_model=False``);
    returns the names of those cleared."""
    cleared = []
    for name, function in sorted(cached_functions().items()):
        if keep_model and name == MODEL_CACHE:
            continue
        function.cache_clear()  # type: ignore[attr-defined]
        cleared.append(name)
    return cleared


def _is_cache(value: object) -> bool:
    return callable(getattr(value, "cache_clear", None)) and callable(getattr(value, "cache_info", None))

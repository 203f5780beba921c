"""Every process-wide cache of the package is reached by the one reset."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import communique
from communique.caches import MODEL_CACHE, cached_functions, reset_caches
from communique.link.packs import current_packs
from communique.nlp import load_pipeline

SRC = Path(communique.__file__).parent
LRU_DECORATORS = {"lru_cache", "functools.lru_cache", "cache", "functools.cache"}


def _decorated_caches() -> set[str]:
    """Names of functions and methods written with an ``lru_cache``/``cache`` decorator."""
    names = set()
    for path in SRC.rglob("*.py"):
        module = ".".join(("communique", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            owners = [(node, module)]
            if isinstance(node, ast.ClassDef):
                owners = [(item, f"{module}.{node.name}") for item in node.body]
            for item, owner in owners:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    ast.unparse(d).split("(")[0] in LRU_DECORATORS for d in item.decorator_list
                ):
                    names.add(f"{owner}.{item.name}")
    return names


def test_every_cache_in_the_package_is_found() -> None:
    for info in pkgutil.walk_packages([str(SRC)], prefix="communique."):
        # The command line and Alembic's environment script run when imported; they keep no caches.
        if not info.name.endswith("__main__") and ".migrations" not in info.name:
            importlib.import_module(info.name)
    decorated = _decorated_caches()
    assert len(decorated) >= 31  # the package's caches when this test was written: the scan sees them
    assert decorated <= set(cached_functions())


def test_reset_clears_pack_caches_and_keeps_the_model() -> None:
    load_pipeline()
    current_packs()
    filled = {name for name, f in cached_functions().items() if f.cache_info().currsize}
    assert "communique.link.packs._packs_for" in filled
    cleared = reset_caches()
    assert MODEL_CACHE not in cleared
    assert "communique.link.packs._packs_for" in cleared
    left = {name for name, f in cached_functions().items() if f.cache_info().currsize}
    assert left == {MODEL_CACHE}

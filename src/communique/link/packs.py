"""Knowledge packs: YAML data files, checked against a JSON Schema when loaded.

A pack is a folder with a ``pack.yaml`` manifest that lists its data files; the
packs root also holds ``roles.yaml`` (role words) and ``fact_patterns.yaml``.
Every pack, the CSTO's included, loads through ``load_packs``. A broken file
raises ``PackError`` naming the file and line, so it can be fixed without
guessing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from communique.errors import DataFileError

# Where packs live: the built-in folder, plus any folders listed in this
# environment variable (os.pathsep-separated), so users can add organisations.
PACKS_DIR = Path(__file__).resolve().parents[1] / "packs"
PACKS_ENV = "COMMUNIQUE_PACKS"
SCHEMA_FILE = PACKS_DIR / "pack.schema.json"
MANIFEST = "pack.yaml"
ROOT_FILES = ("roles.yaml", "fact_patterns.yaml")


class PackError(DataFileError):
    """E101: a pack file is not valid YAML or breaks the pack schema."""

    def __init__(self, path: Path, line: int | None, message: str):
        super().__init__("E101", path, line, f"{message} (see src/communique/packs/pack.schema.json)")


# libyaml's parser when present (the generated world pack is large), else pure Python.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader that keeps dates as strings: the schema and the KB compare ISO strings."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass
class PackFile:
    """One parsed pack file: its data and the YAML node tree that knows line numbers."""

    path: Path
    data: dict[str, Any]
    node: yaml.Node
    pack: str

    def line(self, path: Iterable[str | int]) -> int:
        """1-based line of the value at ``path`` (e.g. ``["entities", 3, "roles", 0]``)."""
        return node_at(self.node, path).start_mark.line + 1

    def source(self, path: Iterable[str | int]) -> str:
        """``packs/<pack>/<file>:<line>``: where a fact comes from, for answers and the store."""
        try:
            rel = self.path.relative_to(PACKS_DIR.parent)
        except ValueError:
            rel = self.path
        return f"{rel}:{self.line(path)}"


@dataclass
class Packs:
    """Everything ``load_packs`` read."""

    files: list[PackFile] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def of_kind(self, key: str) -> Iterable[tuple[PackFile, int, dict]]:
        """(file, index, item) for every item under top-level ``key`` in every file."""
        for pf in self.files:
            for i, item in enumerate(pf.data.get(key) or []):
                yield pf, i, item

    @property
    def macros(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for pf in self.files:
            merged.update(pf.data.get("macros") or {})
        return merged


def node_at(node: yaml.Node, path: Iterable[str | int]) -> yaml.Node:
    """Walk a composed YAML node along a JSON path; stop at the deepest node that exists."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == key]
            if not match:
                return node
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


@lru_cache(maxsize=1)
def _validators() -> dict[str, Draft202012Validator]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return {
        kind: Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
        for kind in ("manifest", "data_file")
    }


def read_pack_file(path: Path, pack: str) -> PackFile:
    """Parse and validate one file; raise ``PackError`` with file and line on any fault."""
    text = path.read_text(encoding="utf-8")
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}") from exc
    if not isinstance(data, dict) or node is None:
        raise PackError(path, 1, "a pack file must be a YAML mapping")
    pf = PackFile(path, data, node, pack)
    kind = "manifest" if path.name == MANIFEST else "data_file"
    errors = sorted(_validators()[kind].iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _schema_error(pf, errors[0])
    return pf


def _schema_error(pf: PackFile, error: ValidationError) -> PackError:
    path = list(error.absolute_path)
    where = "/".join(str(p) for p in path) or "top level"
    return PackError(pf.path, pf.line(path), f"{where}: {error.message}")


def pack_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Pack roots in load order: the built-in folder, ``$COMMUNIQUE_PACKS``, then ``extra``."""
    env = [Path(p) for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p]
    return [PACKS_DIR, *env, *extra]


def load_packs(roots: Iterable[Path] | None = None) -> Packs:
    """Read every pack under the given roots (default: ``pack_dirs()``).

    roots (Iterable[Path]): folders holding pack folders and root files.
    RETURNS (Packs): validated files; packs load after the packs they require.
    RAISES PackError: a file is broken, or a pack requires one that is missing.
    """
    packs = Packs()
    manifests: dict[str, PackFile] = {}
    for root in roots if roots is not None else pack_dirs():
        for name in ROOT_FILES:
            if (root / name).is_file():
                packs.files.append(read_pack_file(root / name, "core"))
        for manifest in sorted(root.glob(f"*/{MANIFEST}")):
            pf = read_pack_file(manifest, manifest.parent.name)
            manifests[pf.data["pack"]] = pf
    for name in _load_order(manifests):
        manifest = manifests[name]
        packs.names.append(name)
        for i, rel in enumerate(manifest.data["files"]):
            path = manifest.path.parent / rel
            if not path.is_file():
                raise PackError(manifest.path, manifest.line(["files", i]), f"listed file {rel} not found")
            packs.files.append(read_pack_file(path, name))
    return packs


def _load_order(manifests: dict[str, PackFile]) -> list[str]:
    """Dependencies first (a simple depth-first walk; packs are few)."""
    order: list[str] = []

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in order:
            return
        pf = manifests[name]
        for i, dep in enumerate(pf.data.get("requires") or []):
            if dep not in manifests:
                raise PackError(pf.path, pf.line(["requires", i]), f"requires pack {dep!r}, not found")
            if dep not in chain:
                visit(dep, (*chain, name))
        order.append(name)

    for name in sorted(manifests):
        visit(name, ())
    return order


def current_packs() -> Packs:
    """The packs every stage reads (built-in folder + ``$COMMUNIQUE_PACKS``), loaded and validated
    once per set of roots: changing the variable loads the new set on the next call."""
    return _packs_for(tuple(pack_dirs()))


@lru_cache(maxsize=4)
def _packs_for(roots: tuple[Path, ...]) -> Packs:
    return load_packs(roots)

"""A broken lexicon file stops with E102 naming the file and line, in every stage that reads one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from communique.clean.boilerplate import load_lexicon as load_boilerplate
from communique.clean.furniture import load_cues as load_furniture
from communique.errors import DataFileError
from communique.events.lexicon import load_lexicon as load_events
from communique.lexicon import LEXICONS, read_lexicon
from communique.quotes.cues import load_cues


def _copy_without(tmp_path: Path, name: str, key: str) -> Path:
    """A copy of a built-in lexicon whose top-level ``key`` is renamed (so it is missing)."""
    text = (LEXICONS / name).read_text(encoding="utf-8")
    assert f"\n{key}:" in text or text.startswith(f"{key}:")
    path = tmp_path / Path(name).name
    path.write_text(text.replace(f"{key}:", f"{key}_misspelt:", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "key", "load"),
    [
        ("boilerplate.yaml", "footer_labels", load_boilerplate),
        ("furniture.yaml", "tail_openers", load_furniture),
    ],
)
def test_missing_key_names_file_and_line(tmp_path: Path, name: str, key: str, load) -> None:  # noqa: ANN001
    path = _copy_without(tmp_path, name, key)
    with pytest.raises(DataFileError) as info:
        load(path)
    err = info.value
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, 1) if line.strip() and not line.startswith("#"))
    assert err.code == "E102" and err.path == path and err.line == first  # the mapping that lacks it
    assert f"missing field '{key}'" in str(err)


def test_nested_missing_key_points_at_its_mapping(tmp_path: Path) -> None:
    path = tmp_path / "furniture.yaml"
    text = (LEXICONS / "furniture.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("  title:", "  titel:", 1), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_furniture(path)
    lines = text.splitlines()
    assert info.value.line == lines.index("field_labels:") + 2  # the first line inside the mapping
    assert "field_labels: missing field 'title'" in str(info.value)


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "quote_cues.yaml"
    path.write_text("cues:\n  - cue: say\n    forms: [said, says\nname_markers: []\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_cues(path)
    assert info.value.code == "E102" and info.value.line == 4
    assert str(info.value).startswith(f"E102 {path}:4: not valid YAML")


def test_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"E102 .*list.yaml:1: a lexicon holds a mapping, not a list"):
        read_lexicon(path)


def test_events_entry_missing_field_names_line(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    shutil.copytree(LEXICONS / "events", directory)
    verbs = directory / "verbs.yaml"
    lines = verbs.read_text(encoding="utf-8").splitlines()
    meet = next(
        i for i, line in enumerate(lines) if line.startswith("  - {lemma: meet,") and ' cameo: "040",' in line
    )
    lines[meet] = lines[meet].replace(' cameo: "040",', "")
    verbs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_events(directory)
    assert info.value.code == "E102" and info.value.path == verbs and info.value.line == meet + 1
    assert "missing field 'cameo'" in str(info.value)

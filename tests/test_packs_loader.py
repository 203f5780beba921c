"""The pack loader: every pack through one loader, schema errors with file and line."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from communique.link.kb import KnowledgeBase
from communique.link.packs import PACKS_DIR, PackError, load_packs, read_pack_file

ROOT = Path(__file__).resolve().parents[1]


def write_pack(root: Path, data_text: str) -> Path:
    pack = root / "demo"
    pack.mkdir()
    (pack / "pack.yaml").write_text("pack: demo\nfiles: [people.yaml]\n", encoding="utf-8")
    path = pack / "people.yaml"
    path.write_text(data_text, encoding="utf-8")
    return path


def test_packs_loader_loads_csto_like_any_pack():
    packs = load_packs()
    # world first: every organisation pack requires it
    assert packs.names == ["world", "cis", "csto", "eaeu", "eu", "nato", "osce", "sco", "un", "union-state"]
    kinds = {pf.path.name for pf in packs.files}
    assert {"roles.yaml", "fact_patterns.yaml", "countries.yaml", "organisation.yaml", "people.yaml"} <= kinds
    assert "milestones.yaml" in kinds  # milestones are pack data: listed, validated, loaded like the rest


def test_packs_loader_schema_error_names_file_and_line(tmp_path):
    path = write_pack(
        tmp_path,
        "entities:\n"
        "  - id: person:someone\n"
        "    name: Some One\n"
        "    type: person\n"
        "    roles:\n"
        "      - {role: president, of: 'country:RUS', from: 'last spring'}\n",
    )
    with pytest.raises(PackError) as info:
        load_packs([tmp_path])
    assert info.value.path == path
    assert info.value.line == 6
    assert f"{path}:6" in str(info.value)
    assert "entities/0/roles/0/from" in str(info.value)


def test_packs_loader_unknown_key_points_at_its_entity(tmp_path):
    path = write_pack(
        tmp_path,
        "entities:\n  - id: org:x\n    name: X\n    type: organization\n  - id: org:y\n    name: Y\n    type: organisation\n",
    )
    with pytest.raises(PackError) as info:
        load_packs([tmp_path])
    assert (info.value.path, info.value.line) == (path, 7)


def test_packs_loader_yaml_syntax_error_names_line(tmp_path):
    path = write_pack(tmp_path, "entities:\n  - id: org:x\n    name: [unclosed\n")
    with pytest.raises(PackError) as info:
        load_packs([tmp_path])
    assert info.value.path == path
    assert info.value.line == 4


def test_packs_loader_missing_listed_file(tmp_path):
    pack = tmp_path / "demo"
    pack.mkdir()
    (pack / "pack.yaml").write_text("pack: demo\nfiles:\n  - a.yaml\n  - gone.yaml\n", encoding="utf-8")
    (pack / "a.yaml").write_text("entities: []\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"pack.yaml:4: listed file gone.yaml not found"):
        load_packs([tmp_path])


def test_packs_loader_keeps_dates_as_strings():
    pf = read_pack_file(PACKS_DIR / "csto" / "people.yaml", "csto")
    spell = pf.data["entities"][0]["roles"][0]
    assert spell["from"] == "2003-04-28"


def test_packs_kb_sources_point_at_pack_lines():
    kb = KnowledgeBase()
    spell = kb.holder("president", "country:RUS", "2012-05-10")
    path, line = spell.source.rsplit(":", 1)
    text = (PACKS_DIR.parent / path).read_text(encoding="utf-8").splitlines()
    assert "president" in text[int(line) - 1] and "2012-05-07" in text[int(line) - 1]


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Belarusian", "BLR"),
        ("Kazakh", "KAZ"),
        ("Russian", "RUS"),
        ("Moroccan", "MAR"),
        ("Iraqi", "IRQ"),
        ("Russians", "RUS"),
    ],
)
def test_packs_world_demonyms(word, iso3):
    assert KnowledgeBase().country_for(word).country == iso3


def test_packs_world_capitals_are_places():
    kb = KnowledgeBase()
    (minsk,) = kb.lookup("Minsk")
    assert (minsk.type, minsk.country) == ("place", "BLR")


def test_packs_world_file_is_reproducible():
    spec = importlib.util.spec_from_file_location(
        "build_world_pack", ROOT / "scripts" / "build_world_pack.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(module.build_entities()) == module.OUTPUT.read_text(encoding="utf-8")

"""A user's pack for an organisation the product has never heard of (tests/data/packs/bmao,
invented) reaches every stage: the clean stage's places and milestones, linking, facts, the
store's copy of the packs, the organisation page and the exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from followthemoney import model
from sqlalchemy import select
from typer.testing import CliRunner

from communique.api import create_app
from communique.clean import clean_text
from communique.cli import app
from communique.export import export
from communique.link.packs import PACKS_ENV, PackError, current_packs
from communique.store import open_store
from communique.store import schema as s

PACKS = Path(__file__).resolve().parent / "data" / "packs"
# Our own words, about the invented organisation.
TEXT = """Harbour ministers meet in Havnvik

HAVNVIK - Ministers of the Boreal Maritime Accord Organisation met in Havnvik on 12 March. The meeting marked the 20th anniversary of the Havnvik Accord.

Secretary General of the BMAO Ilse Marrow opened the session of the Council of Harbour Ministers.

"Our ports stay open to every partner," Ilse Marrow said.

Norway and Iceland agreed to hold the Northern Lantern exercise in the spring.
"""
ORG = "org:bmao"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``communique ingest`` of one document with the invented pack on ``$COMMUNIQUE_PACKS``."""
    folder = tmp_path_factory.mktemp("bmao")
    (folder / "harbour.txt").write_text(TEXT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(PACKS_ENV, str(PACKS))
        result = CliRunner().invoke(
            app, ["ingest", str(folder / "harbour.txt"), "--db", str(folder / "kb.db")]
        )
    assert result.exit_code == 0, result.output
    return folder / "kb.db"


def test_clean_stage_reads_places_and_milestones_from_the_users_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PACKS_ENV, raising=False)
    without = clean_text(TEXT)
    assert (without.place, without.event_date) == (None, None)
    monkeypatch.setenv(PACKS_ENV, str(PACKS))
    names = current_packs().names
    assert "bmao" in names and names.index("world") < names.index("bmao")  # after the pack it requires
    doc = clean_text(TEXT)
    assert (doc.place, doc.event_date) == ("Havnvik", "2021-03-12")
    assert "20th anniversary of the Havnvik Accord (2001)" in doc.event_date_reason


def test_ingest_links_and_states_facts_with_the_users_pack(kb: Path) -> None:
    engine = open_store(kb, create=False)
    with engine.connect() as conn:
        doc = conn.execute(select(s.documents.c.place, s.documents.c.event_date)).one()
        linked = set(conn.execute(select(s.mentions.c.entity_id)).scalars())
        facts = conn.execute(select(s.facts.c.subject, s.facts.c.relation, s.facts.c.object)).all()
        quote = conn.execute(select(s.quotes.c.speaker_id)).scalar_one()
        members = set(
            conn.execute(select(s.memberships.c.member_id).where(s.memberships.c.org_id == ORG)).scalars()
        )
        roles = conn.execute(select(s.roles.c.entity_id, s.roles.c.source).where(s.roles.c.org == ORG)).all()
    assert tuple(doc) == ("Havnvik", "2021-03-12")
    assert {ORG, "person:ilse-marrow", "body:bmao-council-of-harbour-ministers", "exercise:northern-lantern",
            "place:havnvik"} <= linked  # fmt: skip
    assert ("Boreal Maritime Accord Organisation", "secretary_general", "Ilse Marrow") in facts
    assert quote == "person:ilse-marrow"
    assert members == {"country:NOR", "country:ISL", "country:FRO"}
    [(holder, source)] = roles
    assert holder == "person:ilse-marrow" and source.endswith("bmao/people.yaml:8")


def test_organisation_page_and_exports_use_the_users_pack(kb: Path, tmp_path: Path) -> None:
    page = TestClient(create_app(kb)).get(f"/api/organisations/{ORG}").json()
    assert page["name"] == "Boreal Maritime Accord Organisation" and "BMAO" in page["aliases"]
    assert [m["name"] for m in page["members"]][:2] == ["Iceland", "Norway"]
    assert [p["name"] for p in page["secretaries_general"]] == ["Ilse Marrow"]
    assert [b["name"] for b in page["bodies"]] == ["Council of Harbour Ministers"]
    assert [(x["name"], x["year"], x["host"]) for x in page["exercises"]] == [
        ("Northern Lantern", "2021", "Havnvik")
    ]
    engine = open_store(kb, create=False)
    export(engine, "ftm", tmp_path / "ftm.jsonl")
    proxies = [model.get_proxy(json.loads(x)) for x in (tmp_path / "ftm.jsonl").open()]
    [org] = [p for p in proxies if p.schema.name == "Organization" and p.id == "org-bmao"]
    assert org.first("name") == "Boreal Maritime Accord Organisation" and "BMAO" in org.get("alias")
    assert {
        m.first("name") for m in proxies if m.schema.name == "Mention" and m.first("resolved") == org.id
    } == {
        "Boreal Maritime Accord Organisation",
        "BMAO",
    }
    export(engine, "csv", tmp_path / "csv")
    assert "org:bmao,Boreal Maritime Accord Organisation,organization" in (
        tmp_path / "csv" / "entities.csv"
    ).read_text().replace('"', "")


def test_a_broken_user_pack_names_its_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PACKS / "bmao", tmp_path / "bmao")
    people = tmp_path / "bmao" / "people.yaml"
    people.write_text(people.read_text().replace('from: "2019-01-01"', 'from: "first of January"'))
    monkeypatch.setenv(PACKS_ENV, str(tmp_path))
    with pytest.raises(PackError, match=r"E101 .*bmao/people\.yaml:8: entities/0/roles/0/from"):
        current_packs()

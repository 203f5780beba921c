"""Errors seen on real news, on sentences written for this test: demonyms, datelines and agency
tags, one entity per person per document, transliterations, bare body names out of context."""

from __future__ import annotations

from tests.link_helpers import linked


def _by_mention(doc) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    return {m.text: (e.id, e.type) for e in doc.entities for m in e.mentions}


def test_link_evidence_demonyms_resolve_to_their_own_country():
    doc = linked(
        "American officials met French diplomats and Indian traders near Liuheng Island.", "2024-05-01"
    )
    found = _by_mention(doc)
    assert found["American"] == ("country:USA", "country")
    assert found["French"] == ("country:FRA", "country")
    assert found["Indian"] == ("country:IND", "country")
    assert not any(eid == "country:ISL" for eid, _ in found.values())


def test_link_evidence_dateline_place_and_agency_tag():
    doc = linked("MINSK, 2 December (BelTA) - The Belarusian leader met the CSTO delegation.", "2024-12-02")
    found = _by_mention(doc)
    assert found["MINSK"] == ("place:blr-minsk", "place")
    assert "BelTA" not in found
    assert "Sputnik" in _by_mention(linked("He told Sputnik that talks went well.", "2024-12-02"))


def test_link_evidence_one_person_per_name_in_a_document():
    doc = linked(
        "Lutnick said tariffs would stay. Commerce Secretary Howard Lutnick added that Canada must act. "
        "Hillary Clinton met Lester Holt in New Jersey. Holt said the Americans and the French agreed. "
        "Earlier Clinton spoke.",
        "2025-03-10",
    )
    found = _by_mention(doc)
    assert found["Lutnick"] == found["Howard Lutnick"]
    assert found["Lutnick"][1] == "person"
    assert found["Clinton"] == found["Hillary Clinton"] != ("person:bill-clinton", "person")
    assert found["Holt"] == found["Lester Holt"]
    assert found["Holt"][1] == "person"


def test_link_evidence_transliteration_links_whatever_the_label():
    doc = linked("Alaksandr Łukašenka met the delegation in Minsk.", "2024-05-01")
    assert _by_mention(doc)["Alaksandr Łukašenka"] == ("person:alexander-lukashenko", "person")


def test_link_evidence_bare_body_name_needs_its_organisation():
    doc = linked("The UN said the Secretariat would publish the report.", "2024-05-01")
    assert "body:csto-secretariat" not in {e.id for e in doc.entities}
    doc = linked("The CSTO met in Moscow. The Secretariat prepared the papers.", "2024-05-01")
    assert "body:csto-secretariat" in {e.id for e in doc.entities}


def test_link_evidence_new_names_take_country_from_descriptors():
    doc = linked("South African opposition politician Mmusi Maimane spoke.", "2024-05-01")
    ent = next(e for e in doc.entities if e.name == "Mmusi Maimane")
    assert (ent.type, ent.country) == ("person", "ZAF")

"""Names the text itself defines: a subheading glued to the sentence after it, an acronym in
brackets, an organisation whose name holds a role word, and facts about organisations no pack
holds (passages written for this test; one real VOA story read from ../shared at run time)."""

from __future__ import annotations

import pytest

from communique.evaluate.entities import CORPORA, load_text
from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_text
from tests.link_helpers import linked


def _by_mention(doc) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    return {m.text: (e.id, e.type) for e in doc.entities for m in e.mentions}


def test_link_glued_subheading_does_not_make_a_new_person():
    doc = linked(
        "Historian Maria Lopez has collected the stories for years. Segregation was enforced through "
        "Jim Crow laws across the South. “We were in between,” one elder recalled. Cotton and Jim Crow "
        "Lopez said the first families arrived in the 1940s.",
        "2025-03-13",
    )
    persons = {e.name for e in doc.entities if e.type == "person"}
    assert "Jim Crow Lopez" not in persons
    start = doc.text.index("Lopez said")
    assert doc.linked.entity_at(start, start + 5).name == "Maria Lopez"


def test_link_three_word_name_with_a_known_surname_stays_whole():
    # "Mary Ann" is a given name here (used alone before a verb, never before a common noun)
    doc = linked(
        "John Smith chaired the hearing. Mary Ann Smith testified after him. Mary Ann said she had "
        "warned the board.",
        "2024-02-01",
    )
    assert "Mary Ann Smith" in {e.name for e in doc.entities if e.type == "person"}


def test_link_glued_subheading_on_real_text():
    if not CORPORA.exists():
        pytest.fail(f"corpora not found at {CORPORA}")
    ct = load_text("voa", "8008697")
    doc = Document(raw=RawDocument(source="voa:8008697", text=ct.text, date_hint=ct.date), text=ct.text)
    doc.spacy_doc = parse_text(ct.text)
    get_linker().link_document(doc)
    chao = [e.name for e in doc.entities if e.type == "person" and e.name.split()[-1] == "Chao"]
    assert chao == ["Anne Chao"]


def test_link_acronym_defined_in_brackets_is_one_entity():
    doc = linked(
        "The Baloch Liberation Army (BLA) said it had attacked the train. Officials said BLA fighters "
        "held the passengers for a day. The BLA has fought for independence for decades.",
        "2025-03-12",
    )
    found = _by_mention(doc)
    ent = found["Baloch Liberation Army"]
    assert ent[1] == "organization"
    mentions = [m.text for e in doc.entities if e.id == ent[0] for m in e.mentions]
    assert mentions == ["Baloch Liberation Army", "BLA", "BLA", "BLA"]


def test_link_acronym_of_a_pack_organisation_keeps_the_pack_entity():
    doc = linked("The Collective Security Treaty Organization (CSTO) met in Minsk.", "2024-11-28")
    found = _by_mention(doc)
    assert found["Collective Security Treaty Organization"] == found["CSTO"] == ("org:csto", "organization")


def test_link_role_word_inside_an_organisation_name():
    doc = linked(
        "The Free Syrian Army and the Baloch Liberation Army were named in the report. Figures from "
        "the General Statistics Office showed growth. The Russian Army and the Pakistan Army trained.",
        "2024-06-01",
    )
    found = _by_mention(doc)
    assert found["Free Syrian Army"][1] == "organization"
    assert found["Baloch Liberation Army"][1] == "organization"
    assert found["General Statistics Office"][1] == "organization"
    names = {e.name for e in doc.entities}
    assert "General Statistics Office" in names and "Statistics Office" not in names
    # a state's army stays a role description: the state is the mention
    assert found["Russian"] == ("country:RUS", "country")
    assert found["Pakistan"] == ("country:PAK", "country")


def _facts(doc) -> set[tuple]:  # noqa: ANN001
    return {(f.subject, f.relation, f.object, f.from_, f.until, f.at) for f in doc.facts}


def test_link_facts_for_an_organisation_no_pack_holds():
    doc = linked(
        "Aigul Serikova was appointed Secretary General of the Eurasian Water Partnership on 3 March. "
        "The Eurasian Water Partnership was founded in 2009. Mongolia joined the Asia-Pacific Fisheries "
        "Council in 2004. The Soviet Union collapsed in 1991.",
        "2025-03-05",
    )
    assert _facts(doc) == {
        ("Eurasian Water Partnership", "secretary_general", "Aigul Serikova", "2025-03-03", None, None),
        ("Eurasian Water Partnership", "founded", "Eurasian Water Partnership", None, None, "2009"),
        ("Mongolia", "member_of", "Asia-Pacific Fisheries Council", "2004", None, None),
    }
    assert _by_mention(doc)["Asia-Pacific Fisheries Council"][1] == "organization"
    assert _by_mention(doc)["Soviet Union"][1] == "place"  # a state's name ending in "Union" stays one


def test_link_stated_role_of_an_organisation_no_pack_holds():
    doc = linked(
        "Ivan Petrov, Secretary General of the Eurasian Water Partnership, said trade grew. "
        "The Secretary General added that talks would go on.",
        "2025-03-05",
    )
    assert _facts(doc) == {
        ("Eurasian Water Partnership", "secretary_general", "Ivan Petrov", None, None, "2025-03-05")
    }
    start = doc.text.index("The Secretary General")
    assert doc.linked.entity_at(start, start + 21).name == "Ivan Petrov"


def test_link_organisation_name_the_ner_cut_at_for_is_joined():
    doc = linked(
        "A spokesman for the U.N. Office for the Coordination of Humanitarian Affairs said aid was ready. "
        "The U.N. High Commission for Refugees (UNHCR) sent tents. Ministers met at the ASEAN Regional "
        "Forum. The CSTO Mission said the vote was calm.",
        "2024-12-20",
    )
    names = {e.name: e.type for e in doc.entities}
    assert names["U.N. Office for the Coordination of Humanitarian Affairs"] == "organization"
    assert names["U.N. High Commission for Refugees"] == "organization"
    assert "Coordination of Humanitarian Affairs" not in names
    found = _by_mention(doc)
    assert found["UNHCR"] == found["U.N. High Commission for Refugees"]
    assert found["CSTO"] == ("org:csto", "organization")  # one unknown word leaves the organisation named


def test_link_demonym_opening_a_group_name():
    doc = linked(
        "The U.S.-backed Syrian Democratic Forces (SDF) took the town. SDF fighters held it. "
        "The Russian Armed Forces and Russian Security Council Secretary Sergei Shoigu were named.",
        "2024-09-13",
    )
    found = _by_mention(doc)
    assert found["Syrian Democratic Forces"][1] == "organization"
    assert found["SDF"] == found["Syrian Democratic Forces"]
    assert next(e for e in doc.entities if e.name == "Syrian Democratic Forces").country == "SYR"
    # a state's own forces and offices stay role descriptions of that state
    assert found["Russian"] == ("country:RUS", "country")
    assert found["Sergei Shoigu"] == ("person:sergei-shoigu", "person")


def test_link_pack_surname_opening_an_organisation_name():
    doc = linked(
        "Analysts at Stoltenberg Capital Partners said markets were calm. Mark Rutte met ministers.",
        "2024-11-05",
    )
    found = _by_mention(doc)
    assert found["Stoltenberg Capital Partners"][1] == "organization"
    assert "person:jens-stoltenberg" not in {e.id for e in doc.entities}


def test_link_bracket_after_a_name_cut_short_defines_no_acronym():
    # the packs match "Security Council" inside "Peace and Security Council": "PSC" does not spell
    # it, so PSC is not taken for that entity; "(RRF)" spells "Collective Rapid Reaction Forces"
    doc = linked(
        "The Assembly took note of the report of the Peace and Security Council (PSC) on the region. "
        "The PSC condemned the coup.",
        "2024-02-18",
    )
    found = _by_mention(doc)
    assert found.get("PSC") != found.get("Security Council")
